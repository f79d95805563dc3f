// Reading GPU data back: several reads in flight, a read issued before an in-place
// update, many reads back to back (C09); and gathering rows of a tensor already on
// the device (gatherRows) against the reference, with its range checks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam, ShapeError, TensorError, backward, clearTape, close, gatherRows, init, rowIndex, scale,
  sum, tensor, type Backend,
} from '../../src/index.js';
import { gatherRowsRef } from '../../src/tensor/reference.js';
import { EXACT, expectClose } from '../helpers/close.js';
import { values, within } from '../helpers/gpu.js';
import { randomValues, seededRandom } from '../helpers/random.js';

beforeAll(() => init());
afterAll(() => close());
afterEach(() => clearTape());

const read = (p: Promise<Float32Array | Float64Array>) => p.then((v) => Array.from(v));

describe('case C09: reads in flight', () => {
  it('two reads of one tensor and a read of a result, none awaited before the last', async () => {
    const t = tensor([1, 2, 3, 4], [4]);
    const p1 = read(t.read());
    const p2 = read(t.read());
    const u = scale(t, 2);
    const p3 = read(u.read());
    const all = await within(2000, Promise.all([p1, p2, p3]), 'C09 three reads');
    expect(all).toEqual([[1, 2, 3, 4], [1, 2, 3, 4], [2, 4, 6, 8]]);
  });

  it('a read issued before an in-place Adam update sees the old values', async () => {
    const theta = tensor([1, 2], [2], { requiresGrad: true });
    // β1 = β2 = ε = 0 make step 1 exactly θ − lr·sign(g): here θ − 0.5.
    const adam = new Adam([theta], { lr: 0.5, beta1: 0, beta2: 0, eps: 0 });
    backward(sum(theta));
    const r1 = read(theta.read());
    adam.step();
    const r2 = read(theta.read());
    expect(await within(2000, Promise.all([r1, r2]), 'C09 read around a step')).toEqual(
      [[1, 2], [0.5, 1.5]]);
  });

  it('50 reads issued back to back all resolve with their own values', async () => {
    const reads = Array.from({ length: 50 }, (_, i) => read(tensor([i, -i], [2]).read()));
    const all = await within(2000, Promise.all(reads), 'C09 50 reads');
    all.forEach((v, i) => expect(v, `read ${i}`).toEqual([i, -i]));
  });

  it('reads of different sizes interleaved with ops resolve in any order of awaiting', async () => {
    const small = tensor([7], [1]);
    const big = tensor(randomValues(5, 1001), [1001]);
    const p = [read(big.read()), read(small.read()), read(scale(big, -1).read()),
      read(small.read())];
    const [b2, s2] = await within(2000, Promise.all([p[2]!, p[3]!]), 'later reads');
    const [b1, s1] = await within(2000, Promise.all([p[0]!, p[1]!]), 'earlier reads');
    expect([s1, s2]).toEqual([[7], [7]]);
    expectClose(b2, b1.map((x) => -x), EXACT, 'negated read');
  });

  it('a read keeps its values when the tensor is disposed and its buffer reused at once',
    async () => {
      const t = tensor([1, 2, 3, 4], [4]);
      const p = read(t.read());
      t.dispose();
      const reused = tensor([9, 9, 9, 9], [4]); // same size: takes t's buffer from the pool
      const overwritten = scale(reused, 2);
      expect(await within(2000, p, 'read of a disposed tensor')).toEqual([1, 2, 3, 4]);
      expect(await values(overwritten)).toEqual([18, 18, 18, 18]);
    });
});

// Widths up to 64 take the unrolled row kernel, wider ones the looping one.
const GATHER_CASES = (['webgpu', 'cpu'] as Backend[]).flatMap((backend) =>
  [33, 1, 64, 65, 784].map((D) => [backend, D] as const));

describe.each(GATHER_CASES)('gatherRows on the %s backend, rows of %i', (backend, D) => {
  const R = 1001;
  const xValues = randomValues(11 + D, R * D);
  // A shuffled order of every row, then a few repeats including the last row.
  const order = Array.from({ length: R }, (_, i) => i);
  const next = seededRandom(12);
  for (let i = R - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  order.push(R - 1, 0, R - 1, R - 2);

  it.each([[0, 1], [0, 256], [3, 257], [R - 11, 15], [R, 4], [0, R + 4], [R + 4, 0]])(
    'matches the reference for rows %i.. (%i rows)', async (start, count) => {
      const x = tensor(xValues, [R, D], { backend });
      const index = rowIndex(x, order);
      const out = gatherRows(x, index, start, count);
      expect(out.shape).toEqual([count, D]);
      const expected = new Float64Array(count * D);
      gatherRowsRef(xValues, D, order, start, count, expected);
      expectClose(await values(out), expected, { ...EXACT, shape: [count, D] },
        `gatherRows ${backend} start=${start} count=${count}`);
    });

  it('refuses an index with a row past the end, naming the entry and the row', () => {
    const x = tensor(xValues, [R, D], { backend });
    expect(() => rowIndex(x, [0, R - 1, R])).toThrow(
      new TensorError(`rowIndex: entry 2 is ${R}; rows of x [${R}, ${D}] are whole numbers ` +
        `0..${R - 1}`));
  });

  it('refuses a window past the end of the index', () => {
    const x = tensor(xValues, [R, D], { backend });
    const index = rowIndex(x, [0, 1, 2, 3]);
    expect(() => gatherRows(x, index, 2, 3)).toThrow(
      new ShapeError('gatherRows: rows 2..5 are outside an index of 4 entries'));
    expect(() => gatherRows(x, index, -1, 1)).toThrow(ShapeError);
  });

  it('refuses to gather from a tensor that requires grad (it has no backward)', () => {
    const x = tensor([1, 2, 3, 4], [2, 2], { backend, requiresGrad: true });
    const index = rowIndex(x, [1]);
    expect(() => gatherRows(x, index, 0, 1)).toThrow(new TensorError(`gatherRows: has no ` +
      `backward, and ${x} requires grad\nhint: gather from data tensors, not from parameters`));
  });

  it('refuses a tensor that is not 2-D', () => {
    const x = tensor([1, 2, 3], [3], { backend });
    expect(() => rowIndex(x, [0])).toThrow(new ShapeError('rowIndex: x must be 2-D; got x [3]'));
  });
});

describe('gatherRows across devices', () => {
  it('refuses an index made for a tensor on the other backend', () => {
    const onGpu = tensor([1, 2, 3, 4], [2, 2]);
    const onCpu = tensor([1, 2, 3, 4], [2, 2], { backend: 'cpu' });
    expect(() => gatherRows(onGpu, rowIndex(onCpu, [1]), 0, 1)).toThrow(
      new TensorError('gatherRows: index and x live on different devices'));
  });

  it('refuses a disposed GPU index', () => {
    const x = tensor([1, 2, 3, 4], [2, 2]);
    const index = rowIndex(x, [1, 0]);
    index.dispose();
    expect(() => gatherRows(x, index, 0, 2)).toThrow(
      new TensorError('gatherRows: this row index was disposed or is empty'));
  });
});
