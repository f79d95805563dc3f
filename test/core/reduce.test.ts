// sum, mean and mse on the GPU against the float64 reference. The reduction runs in
// one workgroup of 256 invocations with strided slices and a tree, so sizes around
// 256 and far above it matter; sums of small integers check that every element is
// counted exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, init, mean, mse, sum, tensor, zeros } from '../../src/index.js';
import { reduceRef } from '../../src/tensor/reference.js';
import { expectClose } from '../helpers/close.js';
import { values } from '../helpers/gpu.js';
import { randomValues } from '../helpers/random.js';

beforeAll(() => init());
afterAll(() => close());

const SIZES = [1, 3, 255, 256, 257, 1001, 33 * 1000];

/** Float32 rounding of a sum of n terms stays below 1e-6 · Σ|term|; a lost term does not. */
function sumTolerance(terms: ArrayLike<number>, c: number) {
  let abs = 0;
  for (let i = 0; i < terms.length; i++) abs += Math.abs(terms[i]!);
  return { atol: 1e-6 * Math.abs(c) * abs + 1e-30, rtol: 1e-6 };
}

describe.each(SIZES)('reductions of n=%i random values', (n) => {
  const a = randomValues(n, n);
  const b = randomValues(n + 7, n);

  it('sum matches the reference', async () => {
    const got = await values(sum(tensor(a, [n])));
    expectClose(got, [reduceRef(a, null, 1)], sumTolerance(a, 1), `sum n=${n}`);
  });

  it('mean matches the reference', async () => {
    const got = await values(mean(tensor(a, [n])));
    expectClose(got, [reduceRef(a, null, 1 / n)], sumTolerance(a, 1 / n), `mean n=${n}`);
  });

  it('mse matches the reference', async () => {
    const got = await values(mse(tensor(a, [n]), tensor(b, [n])));
    const squares = a.map((x, i) => (x - b[i]!) ** 2);
    expectClose(got, [reduceRef(a, b, 1 / n)], sumTolerance(squares, 1 / n), `mse n=${n}`);
  });

  it('sum into an addTo scalar adds to what it held', async () => {
    const acc = tensor([2.5], []);
    const out = sum(tensor(a, [n]), { addTo: acc });
    expect(out).toBe(acc);
    expectClose(await values(acc), [2.5 + reduceRef(a, null, 1)], sumTolerance([...a, 2.5], 1),
      `sum accumulating n=${n}`);
  });
});

describe('every element is counted exactly once', () => {
  it.each(SIZES)('sum of n=%i small integers is exact', async (n) => {
    const ints = Array.from({ length: n }, (_, i) => (i % 7) - 2);
    const expected = ints.reduce((s, v) => s + v, 0);
    expect(await values(sum(tensor(ints, [n])))).toEqual([expected]);
  });

  it.each(SIZES)('mean of n=%i ones is 1 and the mse against zeros of ones is 1', async (n) => {
    const ones = tensor(new Array(n).fill(1), [n]);
    expectClose(await values(mean(ones)), [1], { atol: 0, rtol: 1e-6 }, `mean of ones n=${n}`);
    expectClose(await values(mse(ones, zeros([n]))), [1], { atol: 0, rtol: 1e-6 },
      `mse n=${n}`);
  });

  it('sum of 33000 ones is exactly 33000', async () => {
    expect(await values(sum(tensor(new Array(33000).fill(1), [33, 1000])))).toEqual([33000]);
  });
});

describe('shapes and empty inputs', () => {
  it('a reduction gives a scalar of shape []', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    for (const r of [sum(x), mean(x), mse(x, x)]) expect(r.shape).toEqual([]);
  });

  it('sum of no elements is 0, even in a buffer that held other values', async () => {
    tensor([123], [1]).dispose(); // leaves a 16-byte buffer with garbage in the pool
    expect(await values(sum(zeros([0, 5])))).toEqual([0]);
    expect(await values(sum(tensor([], [0])))).toEqual([0]);
  });

  it('mse is over all elements of a 2-D tensor, not over rows or columns', async () => {
    const pred = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const target = tensor([0, 0, 0, 0, 0, 0], [2, 3]);
    expectClose(await values(mse(pred, target)), [91 / 6], { atol: 0, rtol: 1e-6 }, 'mse 2x3');
  });
});
