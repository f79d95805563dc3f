// The GPU queue's caches: pipelines by variant label and bind groups by pipeline and
// buffers. A cached bind group must never be handed to another pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, init, tensor } from '../../src/index.js';
import { currentGpu } from '../../src/tensor/runtime.js';

beforeAll(() => init());
afterAll(() => close());

const kernel = (value: number) => `
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(1) fn main() { out[0] = ${value}.0; }`;

describe('bind group cache', () => {
  it('keeps bind groups apart for two pipelines over the same buffers', async () => {
    const gpu = currentGpu()!;
    const t = tensor([0], [1]);
    const one = gpu.compile('cache test one', () => kernel(1));
    const two = gpu.compile('cache test two', () => kernel(2));
    gpu.dispatch(one, [t.buffer], [1], 'same label');
    expect(Array.from(await t.read())).toEqual([1]);
    gpu.dispatch(two, [t.buffer], [1], 'same label');
    expect(Array.from(await t.read())).toEqual([2]);
  });

  it('builds a variant\'s WGSL once', () => {
    const gpu = currentGpu()!;
    let built = 0;
    const make = () => {
      built++;
      return kernel(3);
    };
    const a = gpu.compile('built once', make);
    const b = gpu.compile('built once', make);
    expect(a).toBe(b);
    expect(built).toBe(1);
  });
});
