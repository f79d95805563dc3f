// Calling a user-defined op: GPU against its CPU version at awkward sizes, sizes and
// attrs in the uniform, a custom invocation count, and every check that runs before
// anything is allocated (shape rule, arguments, a missing backward, a missing CPU
// version), then gradients of the wrong shape or count, named after the op.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ShapeError, TensorError, backward, clearTape, close, defineOp, init, memory, noGrad, sum,
  tapeEntries, tensor, type CustomOp, type Shape,
} from '../../src/index.js';
import { expectClose } from '../helpers/close.js';
import { randomValues } from '../helpers/random.js';
import { defineSoftplus, errorOf, sigmoid, softplusRef, type Softplus } from './ops.js';

let sp: Softplus;
let biasTanh: CustomOp;
let columnSum: CustomOp;

// x: [B, H], bias: [H] -> [B, H]: tanh(x + bias) with the bias added to every row
function biasShape([x, b]: Shape[]): Shape {
  if (x!.length !== 2 || b!.length !== 1 || b![0] !== x![1]) {
    throw new ShapeError(`bias_tanh: x must be [B, H] and bias [H]; got x ` +
      `[${x!.join(', ')}] and bias [${b!.join(', ')}]`);
  }
  return x!;
}

beforeAll(async () => {
  await init();
  sp = await defineSoftplus();
  biasTanh = await defineOp({
    name: 'bias_tanh', inputs: ['x', 'bias'], shape: biasShape,
    sizes: { cols: ([x]) => x![1]! },
    attrs: { gain: 1 },
    wgsl: 'fn compute(i: u32) { out[i] = tanh(p.gain * (x[i] + bias[i % p.cols])); }',
    cpu: (i, { x, bias, out }, p) => { out[i] = Math.tanh(p.gain * (x[i] + bias[i % p.cols])); },
  });
  // x: [R, C] -> [C]: one invocation per column, each looping over the rows
  columnSum = await defineOp({
    name: 'column_sum', inputs: ['x'], shape: ([x]) => [x![1]!],
    sizes: { rows: ([x]) => x![0]!, cols: ([x]) => x![1]! },
    invocations: (_shapes, out) => out[0]!,
    wgsl: `fn compute(j: u32) {
  var total = 0.0;
  for (var r = 0u; r < p.rows; r++) { total += x[r * p.cols + j]; }
  out[j] = total;
}`,
    cpu: (j, { x, out }, p) => {
      out[j] = 0;
      for (let r = 0; r < p.rows; r++) out[j] += x[r * p.cols + j];
    },
  });
});
afterAll(() => close());
afterEach(() => clearTape());

async function onBoth(op: CustomOp, inputs: [number[] | Float64Array, Shape][],
  attrs?: Record<string, number>) {
  const run = async (backend: 'cpu' | 'webgpu') => {
    const ts = inputs.map(([v, s]) => tensor(v, s, { backend }));
    return Array.from(await (attrs ? op(...ts, attrs) : op(...ts)).read());
  };
  return { gpu: await run('webgpu'), cpu: await run('cpu') };
}

describe('the GPU kernel agrees with the CPU version', () => {
  it.each([1, 3, 63, 64, 65, 1001, 70_000])('softplus of %i values', async (n) => {
    const v = randomValues(n, n, { lo: -30, hi: 30 });
    const { gpu, cpu } = await onBoth(sp.softplus, [[v, [n]]]);
    expectClose(gpu, cpu, { atol: 1e-6, rtol: 1e-6 }, `softplus n=${n}`);
    expectClose(cpu, Array.from(v, softplusRef), { atol: 0, rtol: 1e-15 }, 'cpu vs ref');
  });

  it.each([[1, 1], [3, 5], [33, 7]])('bias_tanh [%i, %i] with a size and an attr',
    async (B, H) => {
      const x = randomValues(B, B * H);
      const b = randomValues(B + 1, H);
      const { gpu, cpu } = await onBoth(biasTanh, [[x, [B, H]], [b, [H]]], { gain: 1.5 });
      expectClose(gpu, cpu, { atol: 1e-6, rtol: 1e-5, shape: [B, H] }, `bias_tanh ${B}x${H}`);
      expect(cpu[H - 1]).toBeCloseTo(Math.tanh(1.5 * (x[H - 1]! + b[H - 1]!)), 12);
    });

  it('column_sum runs one invocation per column', async () => {
    const x = randomValues(5, 37 * 3);
    const { gpu, cpu } = await onBoth(columnSum, [[x, [37, 3]]]);
    expectClose(gpu, cpu, { atol: 1e-5, rtol: 1e-5 }, 'column_sum');
  });

  it('the gradient kernel agrees too', async () => {
    const x = randomValues(7, 40, { lo: -5, hi: 5 });
    const dy = randomValues(8, 40);
    const { gpu, cpu } = await onBoth(sp.softplusGrad, [[x, [40]], [dy, [40]]]);
    expectClose(gpu, cpu, { atol: 1e-6, rtol: 1e-5 }, 'softplus_grad');
    expect(cpu[0]).toBeCloseTo(dy[0]! * sigmoid(x[0]!), 12);
  });
});

describe('checks before anything is allocated', () => {
  const unchanged = async (fn: () => unknown) => {
    const before = memory();
    const e = await errorOf(fn);
    expect(memory()).toEqual(before);
    return e;
  };

  it('the shape rule throws the op\'s own ShapeError', async () => {
    const x = tensor(new Float32Array(6), [2, 3]);
    const b = tensor(new Float32Array(2), [2]);
    const e = await unchanged(() => biasTanh(x, b));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe('bias_tanh: x must be [B, H] and bias [H]; got x [2, 3] and ' +
      'bias [2]');
  });

  it('a shape rule that returns no shape is named', async () => {
    const bad = await defineOp({ name: 'bad_rule', inputs: ['x'], shape: () => [2.5],
      wgsl: 'fn compute(i: u32) { out[i] = x[i]; }' });
    const x = tensor([1], [1]);
    const e = await unchanged(() => bad(x));
    expect(e.message).toBe('bad_rule: the shape rule must return an array of whole numbers ' +
      '>= 0; got [2.5] for inputs [1]');
  });

  it('the wrong number of tensors, or an unknown attr', async () => {
    const x = tensor([1], [1]);
    expect((await unchanged(() => biasTanh(x))).message).toBe('bias_tanh: takes 2 tensor(s) ' +
      '(x, bias) and optional attrs; got tensor#' + x.id + ' [1]');
    expect((await unchanged(() => biasTanh(x, x, { beta: 1 }))).message).toBe(
      'bias_tanh: has no attribute beta; it has gain');
  });

  it('an op without backward is refused when it runs forward under recording', async () => {
    const x = tensor([1, 2], [2], { requiresGrad: true, name: 'x' });
    const rows = tensor([1, 2, 3, 4], [2, 2]);
    const e = await unchanged(() => biasTanh(rows, x));
    expect(e).toBeInstanceOf(TensorError);
    expect(e.message).toBe(`bias_tanh: has no backward, and an input requires grad (${x})` +
      '\nhint: give defineOp a backward, or run it in noGrad()');
    expect(tapeEntries()).toHaveLength(0);
    const y = noGrad(() => biasTanh(rows, x));
    expect(y.requiresGrad).toBe(false);
  });

  it('the cpu backend refuses an op that has no CPU version', async () => {
    const gpuOnly = await defineSoftplus('gpu_only', false);
    const e = await errorOf(() => gpuOnly.softplus(tensor([1], [1], { backend: 'cpu' })));
    expect(e.message).toBe('gpu_only: has no CPU version, and its inputs live on the cpu ' +
      'backend\nhint: give defineOp a cpu function, or use the webgpu backend');
  });
});

describe('gradients from the op\'s backward', () => {
  const wrong = (name: string, backwardFn: OpSpecBackward) => defineOp({
    name, inputs: ['x'], shape: ([x]) => x!, wgsl: 'fn compute(i: u32) { out[i] = x[i]; }',
    cpu: (i, { x, out }) => { out[i] = x[i]; }, backward: backwardFn,
  });
  type OpSpecBackward = Parameters<typeof defineOp>[0]['backward'];

  it('a gradient of the wrong shape is named with the op and the input', async () => {
    const op = await wrong('flips', ({ dy }) => [tensor(new Float32Array(dy.size), [3, 2])]);
    const x = tensor(new Float32Array(6), [2, 3], { requiresGrad: true });
    const e = await errorOf(() => backward(sum(op(x))));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe('flips backward: the gradient of x must have its shape [2, 3]; ' +
      'got [3, 2]');
  });

  it('the wrong number of gradients is named', async () => {
    const op = await wrong('two_grads', ({ dy }) => [dy, dy]);
    const x = tensor([1], [1], { requiresGrad: true });
    const e = await errorOf(() => backward(sum(op(x))));
    expect(e.message).toBe('two_grads backward: must return one gradient (or null) per ' +
      'input, 1 (x); got 2 values');
  });

  it('dy itself may be returned; the tape takes a copy', async () => {
    const op = await wrong('passes', ({ dy }) => [dy]);
    const x = tensor([1, 2], [2], { requiresGrad: true });
    backward(sum(op(x)));
    expect(Array.from(await x.grad!.read())).toEqual([1, 1]);
  });

  it('an input used twice by one call sums both gradients', async () => {
    const product = await defineOp({
      name: 'product', inputs: ['a', 'b'], shape: ([a]) => a!,
      wgsl: 'fn compute(i: u32) { out[i] = a[i] * b[i]; }',
      cpu: (i, { a, b, out }) => { out[i] = a[i] * b[i]; },
      // its backward calls the op itself: d(a·b) = dy·b and dy·a
      backward: ({ dy, inputs: [a, b] }) => [product(dy, b!), product(dy, a!)],
    });
    for (const backend of ['cpu', 'webgpu'] as const) {
      const x = tensor([1, -2, 3], [3], { requiresGrad: true, backend });
      backward(sum(product(x, x))); // d Σx² / dx = 2x
      expect(Array.from(await x.grad!.read())).toEqual([2, -4, 6]);
    }
  });

  it('records under its own name, with its attrs', async () => {
    const x = tensor([0.5], [1], { requiresGrad: true });
    sp.softplus(x);
    expect(tapeEntries().map((e) => [e.op, e.attrs])).toEqual([['softplus', {}]]);
  });
});
