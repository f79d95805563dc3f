// Seeded randomness for tests: the same numbers on every run and every machine.
import { Rng } from '../../src/models/random.js';

/** Values in [0, 1) from the library's own seeded generator (src/models/random.ts). */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

export interface RandomOptions {
  lo?: number;
  hi?: number;
  /** Keep |v| >= minAbs (e.g. away from relu's kink); values are pushed outwards. */
  minAbs?: number;
}

/**
 * `n` values uniform in [lo, hi), each rounded to float32 so that the GPU and the
 * float64 reference start from identical inputs.
 */
export function randomValues(seed: number, n: number, opts: RandomOptions = {}): Float64Array {
  const { lo = -1, hi = 1, minAbs = 0 } = opts;
  const next = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = lo + (hi - lo) * next();
    if (Math.abs(v) < minAbs) v = v < 0 ? v - minAbs : v + minAbs;
    out[i] = Math.fround(v);
  }
  return out;
}
