// Small conveniences shared by the GPU test files.
import type { Tensor } from '../../src/index.js';

/** The tensor's values as plain numbers (float32 from the GPU, float64 on the CPU). */
export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.read());
}

/** Resolves like `p`, or rejects once `ms` milliseconds pass first. */
export function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The values of Mᵀ [cols, rows] for a row-major [rows, cols] matrix `m`. */
export function transposed(m: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c]!;
  }
  return out;
}
