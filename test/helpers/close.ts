// Comparing computed values with a float64 reference.
import { expect } from 'vitest';

export interface Tolerance {
  /** Absolute part of the allowed error. */
  atol: number;
  /** Relative part: a value may be off by atol + rtol·|expected|. */
  rtol: number;
  /** When given, the failure message also names the worst element by row and column. */
  shape?: readonly number[];
}

/** Both exact: for results whose every partial sum is representable in float32. */
export const EXACT: Tolerance = { atol: 0, rtol: 0 };

function multiIndex(flat: number, shape: readonly number[]): string {
  const parts: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    parts.unshift(size > 0 ? flat % size : 0);
    flat = size > 0 ? Math.floor(flat / size) : 0;
  }
  return `[${parts.join(', ')}]`;
}

/**
 * Fails unless every |actual[i] − expected[i]| <= atol + rtol·|expected[i]|. The
 * message names the context (variant, shapes), how many values are off, the worst
 * index and both values there. NaN is never close to anything but NaN.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>,
  tol: Tolerance, context: string): void {
  if (actual.length !== expected.length) {
    expect.fail(`${context}: got ${actual.length} values, expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  let bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    const excess = Number.isNaN(a) || Number.isNaN(e) ? Infinity
      : Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e));
    if (excess > 0 || (a !== e && !Number.isFinite(excess))) {
      bad++;
      if (worst < 0 || excess > worstExcess) [worst, worstExcess] = [i, excess];
    }
  }
  if (worst < 0) return;
  const where = tol.shape ? ` ${multiIndex(worst, tol.shape)} of ${fmt(tol.shape)}` : '';
  const a = actual[worst]!;
  const e = expected[worst]!;
  expect.fail(`${context}: ${bad} of ${expected.length} values outside atol=${tol.atol} ` +
    `rtol=${tol.rtol}; worst at index ${worst}${where}: got ${a}, expected ${e} ` +
    `(off by ${Math.abs(a - e)})`);
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** The largest |v|, to scale an absolute tolerance to the size of the values. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}
