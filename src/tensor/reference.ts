// A plain float64 version of every kernel: the oracle the GPU is tested against, and
// the compute of the `cpu` backend. Each function mirrors one kernel family in
// src/shaders and computes the same thing the obvious way.
import type { MapName } from '../shaders/elementwise.js';

type Values = ArrayLike<number>;

// out[M, N] (+)= op(a)[M, K] · op(b)[K, N]
export function matmulRef(a: Values, b: Values, M: number, K: number, N: number,
  transA: boolean, transB: boolean, out: Float64Array, accumulate: boolean): void {
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const av = transA ? a[k * M + m]! : a[m * K + k]!;
        const bv = transB ? b[n * K + k]! : b[k * N + n]!;
        sum += av * bv;
      }
      out[m * N + n] = accumulate ? out[m * N + n]! + sum : sum;
    }
  }
}

/** The scalar form of each `map` expression: a, b, d per element, s and c constants. */
export const MAP_REFERENCE: Record<MapName,
  (a: number, b: number, d: number, s: number, c: number) => number> = {
  copy: (a) => a,
  scale: (a, _b, _d, _s, c) => a * c,
  square: (a) => a * a,
  relu: (a) => Math.max(a, 0),
  tanh: (a) => Math.tanh(a),
  sigmoid: (a) => 1 / (1 + Math.exp(-a)),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  square_grad: (a, _b, d) => 2 * a * d,
  relu_grad: (a, _b, d) => (a > 0 ? d : 0),
  tanh_grad: (_a, b, d) => d * (1 - b * b),
  sigmoid_grad: (_a, b, d) => d * b * (1 - b),
  fill: (_a, _b, _d, s, c) => s * c,
  scale_by: (a, _b, _d, s, c) => a * s * c,
};

export interface MapOperands {
  a?: Values;
  b?: Values;
  d?: Values;
  s?: number;
}

// out[i] (+)= f(a[i], b[i], d[i], s, c)
export function mapRef(name: MapName, x: MapOperands, c: number, out: Float64Array,
  accumulate: boolean): void {
  const f = MAP_REFERENCE[name];
  for (let i = 0; i < out.length; i++) {
    const v = f(x.a?.[i] ?? 0, x.b?.[i] ?? 0, x.d?.[i] ?? 0, x.s ?? 0, c);
    out[i] = accumulate ? out[i]! + v : v;
  }
}

// c · Σ a[i], or c · Σ (a[i] − b[i])² when b is given; with `grad` (sqdiff_grad), also
// grad[i] = 2c · (a[i] − b[i]), as the GPU pass writes it
export function reduceRef(a: Values, b: Values | null, c: number, grad?: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const e = b ? a[i]! - b[i]! : a[i]!;
    sum += b ? e * e : e;
    if (grad) grad[i] = 2 * c * e;
  }
  return c * sum;
}

// out[r, j] = x[idx[start + r], j]
export function gatherRowsRef(x: Values, cols: number, idx: ArrayLike<number>, start: number,
  rows: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const src = idx[start + r]! * cols;
    for (let j = 0; j < cols; j++) out[r * cols + j] = x[src + j]!;
  }
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  l2: number;
}

// One Adam step at step number t (1-based), in place on theta, m and v.
export function adamRef(theta: Float64Array, grad: Values, m: Float64Array, v: Float64Array,
  h: AdamHyper, t: number): void {
  const c1 = 1 - h.beta1 ** t;
  const c2 = 1 - h.beta2 ** t;
  for (let i = 0; i < theta.length; i++) {
    const g = grad[i]! + 2 * h.l2 * theta[i]!;
    m[i] = h.beta1 * m[i]! + (1 - h.beta1) * g;
    v[i] = h.beta2 * v[i]! + (1 - h.beta2) * g * g;
    theta[i] = theta[i]! - h.lr * (m[i]! / c1) / (Math.sqrt(v[i]! / c2) + h.eps);
  }
}
