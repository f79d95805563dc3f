// matmul on the GPU against the float64 reference, for every variant (both transpose
// flags × vec4/blocked/split/unrolled/outer/naive × plain/accumulating) at shapes that fill
// no tile, and the shared cases C01 (tile remainders), C04 (zero sizes) and C05 (mostly
// idle workgroups).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, init, matmul, tensor, type MatmulOptions } from '../../src/index.js';
import { matmulRef } from '../../src/tensor/reference.js';
import { outerFits, unrolledFits, vec4Aligned } from '../../src/shaders/matmul.js';
import { flat, loadCase, type Nested } from '../helpers/cases.js';
import { EXACT, expectClose } from '../helpers/close.js';
import { transposed, values } from '../helpers/gpu.js';
import { randomValues } from '../helpers/random.js';

beforeAll(() => init());
afterAll(() => close());

type Kernel = 'vec4' | 'blocked' | 'split' | 'unrolled' | 'outer' | 'naive';

interface Variant {
  transA: boolean;
  transB: boolean;
  kernel: Kernel;
  accumulate: boolean;
}

const VARIANTS: Variant[] = [];
for (const kernel of ['vec4', 'blocked', 'split', 'unrolled', 'outer', 'naive'] as const) {
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      for (const accumulate of [false, true]) VARIANTS.push({ transA, transB, kernel, accumulate });
    }
  }
}

/** vec4 runs only where its loads are aligned, unrolled only for a small op(B), outer
 * for a small C; the others run everywhere. */
function runs(v: Variant, M: number, K: number, N: number): boolean {
  if (v.kernel === 'unrolled') return unrolledFits(K, N);
  if (v.kernel === 'outer') return outerFits(M, N);
  return v.kernel !== 'vec4' || vec4Aligned(M, K, N, v.transA, v.transB);
}

function variantName(v: Variant): string {
  return `${v.transA ? 't' : 'n'}${v.transB ? 't' : 'n'} ${v.kernel}` +
    `${v.accumulate ? ' accumulating' : ''}`;
}

/** The stored operands for logical A [M, K] and B [K, N] under the variant's flags. */
function storedOperands(v: Variant, a: ArrayLike<number>, b: ArrayLike<number>, M: number,
  K: number, N: number) {
  return {
    a: tensor(v.transA ? transposed(a, M, K) : a, v.transA ? [K, M] : [M, K]),
    b: tensor(v.transB ? transposed(b, K, N) : b, v.transB ? [N, K] : [K, N]),
  };
}

/** Runs the variant on the GPU: op(A)·op(B), or C0 + op(A)·op(B) when accumulating. */
async function runVariant(v: Variant, a: ArrayLike<number>, b: ArrayLike<number>,
  c0: ArrayLike<number>, M: number, K: number, N: number): Promise<number[]> {
  const stored = storedOperands(v, a, b, M, K, N);
  const opts: MatmulOptions = { transA: v.transA, transB: v.transB, kernel: v.kernel };
  if (v.accumulate) opts.addTo = tensor(c0, [M, N]);
  const c = matmul(stored.a, stored.b, opts);
  expect(c.shape).toEqual([M, N]);
  if (opts.addTo) expect(c).toBe(opts.addTo);
  const result = await values(c);
  for (const t of [stored.a, stored.b, c]) t.dispose();
  return result;
}

// Tiles on SwiftShader: 32×32 for vec4 and blocked (4×4 invocations of 8×8), 4×4 for
// naive. The second group is aligned for vec4 (multiples of 4 where it loads) but
// fills no tile.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 3, 3], [1, 3, 1], [3, 1, 3],
  [15, 16, 17], [16, 16, 16], [17, 15, 16],
  [31, 31, 31], [32, 32, 32], [33, 33, 33], [31, 32, 33], [33, 1, 31], [1, 33, 32],
  [1000, 33, 20], [33, 1000, 20], [1001, 20, 10], [1, 1000, 1], [20, 10, 1001],
  [1001, 33, 1000], [1001, 1001, 33], [33, 1000, 1001],
  [4, 4, 4], [36, 36, 36], [28, 36, 44], [1000, 20, 36], [12, 1000, 20], [1001, 36, 12],
  [100, 1000, 12], [4, 8, 1000],
  // TN/TT vec4 with a K that leaves a tail (K % 4 != 0)
  [8, 13, 12], [16, 1001, 8],
];

interface Problem {
  a: Float64Array;
  b: Float64Array;
  c0: Float64Array;
  ref: Float64Array;
  /** c0 + ref, what the accumulating variants must give. */
  accumulated: Float64Array;
}

const problems = new Map<string, Problem>();

/** Seeded operands and their float64 product, computed once per shape. */
function problem(M: number, K: number, N: number): Problem {
  const key = `${M}x${K}x${N}`;
  let p = problems.get(key);
  if (!p) {
    const seed = M * 1_000_003 + K * 1009 + N;
    const a = randomValues(seed, M * K);
    const b = randomValues(seed + 1, K * N);
    const c0 = randomValues(seed + 2, M * N);
    const ref = new Float64Array(M * N);
    matmulRef(a, b, M, K, N, false, false, ref, false);
    p = { a, b, c0, ref, accumulated: ref.map((x, i) => x + c0[i]!) };
    problems.set(key, p);
  }
  return p;
}

describe.each(VARIANTS.map((v) => [variantName(v), v] as const))('matmul %s', (name, v) => {
  const shapes = SHAPES.filter(([M, K, N]) => runs(v, M, K, N));
  it.each(shapes)('matches the float64 reference at M=%i K=%i N=%i', async (M, K, N) => {
    const p = problem(M, K, N);
    const got = await runVariant(v, p.a, p.b, p.c0, M, K, N);
    // f32 sums of K products of values in [-1, 1]: rounding stays far below 1e-6·K,
    // while a wrong index or a lost tile moves a value by about one product (~0.1–1).
    expectClose(got, v.accumulate ? p.accumulated : p.ref,
      { atol: 1e-6 * (K + 1), rtol: 1e-6, shape: [M, N] },
      `matmul ${name} M=${M} K=${K} N=${N}`);
  });
});

interface MatmulCase {
  subcases: { name?: string; M: number; K: number; N: number; A: Nested; B: Nested;
    C_expected: Nested }[];
}

describe.each(['C01', 'C05'])('case %s: exact products at shapes that fill no tile', (id) => {
  const { subcases } = loadCase<MatmulCase>(id);
  const plain = VARIANTS.filter((v) => !v.accumulate);
  const rows = subcases.flatMap((s) => plain.filter((v) => runs(v, s.M, s.K, s.N))
    .map((v) => [s.name ?? `${s.M}x${s.K}x${s.N}`, variantName(v), s, v] as const));

  it.each(rows)('%s with %s is exact', async (label, name, s, v) => {
    const zero = new Float64Array(s.M * s.N);
    const got = await runVariant(v, flat(s.A), flat(s.B), zero, s.M, s.K, s.N);
    expectClose(got, flat(s.C_expected), { ...EXACT, shape: [s.M, s.N] },
      `${id} ${label} ${name}`);
  });
});

interface ZeroCase {
  subcases: { A_shape: [number, number]; B_shape: [number, number];
    C_shape: [number, number]; C_expected: Nested }[];
}

describe('case C04: zero-size operands', () => {
  const { subcases } = loadCase<ZeroCase>('C04');
  const rows = subcases.flatMap((s) => VARIANTS
    .filter((v) => runs(v, s.A_shape[0], s.A_shape[1], s.B_shape[1])).map((v) => [
      `A ${JSON.stringify(s.A_shape)} · B ${JSON.stringify(s.B_shape)}`, variantName(v), s, v,
    ] as const));

  it.each(rows)('%s with %s gives zeros or an empty result, with no WebGPU error',
    async (label, name, s, v) => {
      const [M, K] = s.A_shape;
      const N = s.B_shape[1];
      const guard = tensor([5, 6, 7], [3]);
      const device = guard.gpu!.device;
      device.pushErrorScope('validation');
      // A fresh buffer may hold old values: fill the pool with garbage of C's size first.
      tensor(new Array(Math.max(M * N, 1)).fill(NaN), [Math.max(M * N, 1)]).dispose();
      const c0 = new Float64Array(M * N).map((_, i) => i + 0.5);
      const got = await runVariant(v, new Float64Array(M * K), new Float64Array(K * N), c0,
        M, K, N);
      expectClose(got, v.accumulate ? c0 : flat(s.C_expected), EXACT, `C04 ${label} ${name}`);
      expect(got).toHaveLength(s.C_shape[0] * s.C_shape[1]);
      // Validation errors surface late: another read must still succeed afterwards.
      expect(await values(guard)).toEqual([5, 6, 7]);
      expect(await device.popErrorScope()).toBeNull();
      expect(await values(tensor([1], [1]))).toEqual([1]);
    });
});
