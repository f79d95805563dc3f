// GPU memory over a long run: the counters of memory() stay flat across 300 training
// steps and their reads, come back to the baseline once everything is disposed, and a
// second dispose changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TiedAutoencoder, close, init, memory, scale, tensor, train, type Memory,
} from '../../src/index.js';
import { randomValues } from '../helpers/random.js';

beforeAll(() => init());
afterAll(() => close());

/** Buffers that are neither pooled for reuse nor cached: what a leak would grow. */
const held = (m: Memory) => m.deviceBuffers - m.pooledBuffers - m.uniformBuffers -
  m.stagingBuffers;

describe('memory()', () => {
  it('stays flat over 300 steps with a read every epoch, and returns to the baseline', async () => {
    const baseline = memory();
    const x = tensor(randomValues(1, 1200 * 10), [1200, 10]);
    const model = new TiedAutoencoder({ layers: [10, 6, 3], activation: 'relu', seed: 2 }, x.gpu);
    const seen: Memory[] = [];
    const reports = await train(model, x, {
      epochs: 10, batch: 40, lr: 1e-3, seed: 3, // 30 steps an epoch
      onState: () => {}, // reads the weights and Adam's moments after every epoch
      onEpoch: () => { seen.push(memory()); },
    });
    expect(reports.reduce((n, r) => n + r.steps, 0)).toBe(300);
    for (const m of seen.slice(1)) expect(m).toEqual(seen[0]);
    // during training: the data, 2 weights, their 2 gradients, Adam's 2 m and 2 v
    expect(seen[0]!.liveBuffers - baseline.liveBuffers).toBe(9);

    model.dispose();
    x.dispose();
    const after = memory();
    expect([after.liveBuffers, after.liveBytes]).toEqual([baseline.liveBuffers,
      baseline.liveBytes]);
    expect(held(after)).toBe(held(baseline));
    expect(after.deviceBytes).toBeGreaterThanOrEqual(after.pooledBytes);
  });

  it('stays flat over 100 reads, and over 100 results made, read and disposed', async () => {
    const t = tensor([1, 2, 3], [3]);
    const once = async () => {
      const u = scale(t, 3);
      await u.read();
      u.dispose();
    };
    await once();
    const before = memory();
    for (let i = 0; i < 100; i++) await t.read();
    for (let i = 0; i < 100; i++) await once();
    expect(memory()).toEqual(before);
    t.dispose();
  });

  it('treats a second dispose as harmless', () => {
    const t = tensor([1, 2, 3], [3]);
    const model = new TiedAutoencoder({ layers: [3, 2], activation: 'linear', seed: 0 }, t.gpu);
    model.dispose();
    t.dispose();
    const once = memory();
    model.dispose();
    t.dispose();
    expect(memory()).toEqual(once);
  });
});
