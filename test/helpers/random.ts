// Seeded randomness for tests: the same numbers on every run and every machine.

/** mulberry32: a 32-bit generator, plenty for test inputs. Returns values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
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
