// Quartiles and the IQR outlier fences. The quantile rule is numpy's default ('linear',
// type 7 of Hyndman and Fan), the one users compare against; other rules move the fences
// enough to flag different values (see shared case C23).

/** Multiplier of the interquartile range in Tukey's fences. */
export const IQR_FACTOR = 1.5;

export interface Fences {
  q1: number;
  q3: number;
  /** Values below lo or above hi are outliers. */
  lo: number;
  hi: number;
}

/**
 * The p-quantile of ascending, non-empty values by linear interpolation between closest
 * ranks: position h = (n - 1) p, value = a[floor h] + (h - floor h) (a[floor h + 1] - a[floor h]).
 */
export function quantileLinear(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) {
    throw new Error('internal: quantileLinear needs at least one value');
  }
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const lower = sorted[below]!;
  if (below + 1 >= sorted.length) return lower;
  const upper = sorted[below + 1]!;
  const t = h - below;
  // Values more than the float64 range apart overflow the difference; this form cannot.
  const gap = upper - lower;
  return Number.isFinite(gap) ? lower + t * gap : (1 - t) * lower + t * upper;
}

/**
 * Tukey's fences q1 - k IQR and q3 + k IQR over ascending, non-empty values. When the IQR
 * is 0 both fences equal q1, so every value other than q1 lies outside them.
 */
export function iqrFences(sorted: Float64Array, k = IQR_FACTOR): Fences {
  const q1 = quantileLinear(sorted, 0.25);
  const q3 = quantileLinear(sorted, 0.75);
  const iqr = q3 - q1;
  // Fences beyond the float64 range exclude nothing: kept finite, they stay valid JSON.
  const lo = Math.max(q1 - k * iqr, -Number.MAX_VALUE);
  const hi = Math.min(q3 + k * iqr, Number.MAX_VALUE);
  return { q1, q3, lo: Number.isNaN(lo) ? -Number.MAX_VALUE : lo,
    hi: Number.isNaN(hi) ? Number.MAX_VALUE : hi };
}

/** Whether a value lies outside the fences (null fences: nothing does). */
export function isOutlier(fences: Fences | null, value: number): boolean {
  return fences !== null && (value < fences.lo || value > fences.hi);
}
