// One numeric column through the pipeline's three steps, fitted on training values and then
// applied unchanged: outliers become missing, missing values take the mean, and min-max
// scaling maps the training values onto the output range.

import { iqrFences, isOutlier, type Fences } from './quantile.js';

export type OutlierRule = 'iqr' | 'none';

/** Everything needed to encode new values of one numeric column; plain JSON. */
export interface NumericColumnStats {
  kind: 'numeric';
  name: string;
  /** IQR fences over the non-missing training values; null with outliers 'none' or none. */
  fences: Fences | null;
  /** Mean of the training values left after the outlier step; 0 when none are left. */
  mean: number;
  /** Smallest and largest training value after imputation. */
  min: number;
  max: number;
}

/** Fits the three steps on training values, NaN marking a missing one. Float64 throughout. */
export function fitNumericColumn(
  name: string, values: Float64Array, outliers: OutlierRule,
): NumericColumnStats {
  const present = presentSorted(values);
  const fences = outliers === 'iqr' && present.length > 0 ? iqrFences(present) : null;
  // `present` is sorted, so the values inside the fences are one run [first, end).
  let first = 0;
  let end = present.length;
  while (first < end && isOutlier(fences, present[first]!)) first++;
  while (end > first && isOutlier(fences, present[end - 1]!)) end--;
  const kept = end - first;
  // A column with nothing left is kept and filled with 0, never dropped and never NaN.
  const mean = kept > 0 ? meanOf(present.subarray(first, end)) : 0;
  // Min and max over the imputed values: the mean counts when some value was imputed, so
  // training output stays inside the range even when rounding puts the mean just outside.
  const imputedAny = kept < values.length || kept === 0;
  const min = Math.min(kept > 0 ? present[first]! : mean, imputedAny ? mean : Infinity);
  const max = Math.max(kept > 0 ? present[end - 1]! : mean, imputedAny ? mean : -Infinity);
  return { kind: 'numeric', name, fences, mean, min, max };
}

function meanOf(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  if (Number.isFinite(sum)) return sum / values.length;
  // The sum overflowed (values near the float64 limit): add up the values' shares.
  let mean = 0;
  for (const v of values) mean += v / values.length;
  return mean;
}

/** The non-missing values, ascending. */
function presentSorted(values: Float64Array): Float64Array {
  const present = new Float64Array(values.length);
  let count = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) present[count++] = v;
  }
  return present.subarray(0, count).sort();
}

/**
 * Encodes one value (NaN = missing) with fitted statistics. A value outside the fitted
 * fences counts as missing. New values may land outside `range`: nothing is clipped.
 */
export function encodeNumeric(
  stats: NumericColumnStats, value: number, range: readonly [number, number],
): number {
  const v = Number.isNaN(value) || isOutlier(stats.fences, value) ? stats.mean : value;
  const span = stats.max - stats.min;
  const unit = !Number.isFinite(span)
    // Min and max near the float64 limits: halves keep both differences finite.
    ? (v / 2 - stats.min / 2) / (stats.max / 2 - stats.min / 2)
    // A constant training column scales as if its span were 1 (scikit-learn's
    // MinMaxScaler): training values map to range[0], and no 0/0 appears.
    : span > 0 ? (v - stats.min) / span : v - stats.min;
  return range[0] + unit * (range[1] - range[0]);
}
