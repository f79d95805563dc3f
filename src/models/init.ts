// Weight initialisers.
import type { Rng } from './random.js';

// A normal truncated at ±2σ has standard deviation 0.8796σ; dividing by this makes
// the truncated draw's spread the one asked for (as Keras' VarianceScaling does).
const TRUNCATED_STD = 0.87962566103423978;

/**
 * He-normal: a truncated normal with standard deviation √(2 / fanIn), for a weight of
 * shape [fanIn, fanOut] (row-major).
 */
export function heNormal(fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const std = Math.sqrt(2 / Math.max(1, fanIn)) / TRUNCATED_STD;
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) {
    let z: number;
    do z = rng.normal(); while (Math.abs(z) > 2);
    w[i] = z * std;
  }
  return w;
}
