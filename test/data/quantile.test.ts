import { describe, expect, it } from 'vitest';
import { iqrFences, quantileLinear } from '../../src/data/quantile.js';
import { readCase } from './shared-cases.js';

interface C23Quantiles {
  expected_stats: { [column: string]: { q1: number; q3: number; lo: number; hi: number } };
}

describe('quantileLinear matches numpy.quantile (method "linear")', () => {
  // np.quantile([3.5, -1, 2, 10, 7.25, 0, 4], p) computed with numpy 2.4.
  const sorted = new Float64Array([-1, 0, 2, 3.5, 4, 7.25, 10]);
  it.each([
    [0, -1], [0.1, -0.4], [0.25, 1], [0.5, 3.5], [0.75, 5.625], [0.9, 8.35], [1, 10],
  ])('gives the %d-quantile %d', (p, want) => {
    expect(quantileLinear(sorted, p)).toBeCloseTo(want, 12);
  });

  it('gives the one value of a single-value sample for every p', () => {
    const one = new Float64Array([4]);
    expect([0, 0.25, 0.75, 1].map((p) => quantileLinear(one, p))).toEqual([4, 4, 4, 4]);
  });
});

describe('iqrFences on the shared case C23', () => {
  const c23 = readCase<C23Quantiles>('C23');

  it('fences v (1..9, 15; the missing cell left out) at -3.5 and 14.5', () => {
    const fences = iqrFences(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 15]));
    const want = c23.expected_stats.v!;
    expect(fences.q1).toBeCloseTo(want.q1, 12);
    expect(fences.q3).toBeCloseTo(want.q3, 12);
    expect(fences.lo).toBeCloseTo(want.lo, 12);
    expect(fences.hi).toBeCloseTo(want.hi, 12);
  });

  it('puts both fences at q1 when the IQR is 0', () => {
    const fences = iqrFences(new Float64Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 7]));
    expect(fences).toEqual({ q1: 0, q3: 0, lo: 0, hi: 0 });
  });
});
