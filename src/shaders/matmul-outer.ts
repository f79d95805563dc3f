// The `outer` variant of the matmul kernel (see matmul.ts for the family), for a small
// C with a long K, such as a weight's gradient Xᵀ·G (33×1000×20): C = Σₖ op(A)[:, k] ⊗
// op(B)[k, :], one outer product per k. Each invocation owns a range of k and the
// whole of C, with M and N baked into the WGSL, so C lives in M·N registers and each
// step of k loads M + N values for M·N multiply-adds (the 8×8 blocked kernel loads 16
// for 64). The ranges' partial Cs are then added up by the `split` sum pass.
// On SwiftShader it ran in half the blocked kernel's time (33×1000×20: ~0.7 ms vs
// ~1.3–1.7 ms; 20×1000×12: ~0.27 vs ~0.5–0.8). It is a CPU adapter's kernel: a GPU
// gets `split`, which spreads C over many more invocations.
import { MATMUL_HEADER, matmulLabel, type MatmulVariant } from './matmul-common.js';

/**
 * The largest C that gets an outer kernel: M·N accumulators and as many lines of WGSL.
 * At most OUTER_MAX_C elements and OUTER_MAX_SIDE rows or columns: a C of 1000×1 has
 * few elements but SwiftShader took ~8 s to compile its 1000 unrolled rows.
 */
export const OUTER_MAX_C = 1024;
const OUTER_MAX_SIDE = 64;
/** Ranges of k: enough for every lane of two cores, few enough for a cheap sum pass. */
export const OUTER_PARTS = 16;
export const OUTER_GROUP = 4;

export function outerFits(M: number, N: number): boolean {
  return M * N <= OUTER_MAX_C && M <= OUTER_MAX_SIDE && N <= OUTER_MAX_SIDE;
}

export function outerWgsl(v: MatmulVariant): string {
  const { M, N } = v;
  if (M === undefined || N === undefined) throw new Error('outer matmul needs M and N');
  const rows = [...Array(M).keys()];
  const cols = [...Array(N).keys()];
  // A column of op(A) is contiguous with transA, a row of op(B) without transB: read as
  // vec4s when its length is a multiple of 4.
  const vecA = v.transA && M % 4 === 0;
  const vecB = !v.transB && N % 4 === 0;
  const loadA = (i: number) => vecA ? `a4_${i >> 2}.${'xyzw'[i & 3]}`
    : v.transA ? `a[k * ${M}u + ${i}u]` : `a[${i}u * p.K + k]`;
  const loadB = (j: number) => vecB ? `b4_${j >> 2}.${'xyzw'[j & 3]}`
    : v.transB ? `b[${j}u * p.K + k]` : `b[k * ${N}u + ${j}u]`;
  const quadsA = vecA ? [...Array(M / 4).keys()] : [];
  const quadsB = vecB ? [...Array(N / 4).keys()] : [];
  return `// ${matmulLabel(v)}: c[s] (partial C s) = the sum over k in range s of
// op(A)[:, k] ⊗ op(B)[k, :], M=${M}, N=${N}; one range of k per invocation
${MATMUL_HEADER(vecA ? 'vec4<f32>' : 'f32', vecB ? 'vec4<f32>' : 'f32')}
@compute @workgroup_size(${OUTER_GROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = gid.x;
  let k0 = s * p.chunk;
  if (k0 >= p.K) { return; }
  let k1 = min(k0 + p.chunk, p.K);
  ${rows.map((i) => cols.map((j) => `var c${i}_${j} = 0.0;`).join(' ')).join('\n  ')}
  for (var k = k0; k < k1; k++) {
    ${quadsA.map((q) => `let a4_${q} = a[k * ${M / 4}u + ${q}u];`).join(' ')}
    ${quadsB.map((q) => `let b4_${q} = b[k * ${N / 4}u + ${q}u];`).join(' ')}
    ${cols.map((j) => `let b${j} = ${loadB(j)};`).join(' ')}
    ${rows.map((i) => `{ let x = ${loadA(i)}; ` +
      `${cols.map((j) => `c${i}_${j} += x * b${j};`).join(' ')} }`).join('\n    ')}
  }
  let o = s * ${M * N}u;
  ${rows.map((i) => cols.map((j) => `c[o + ${i * N + j}u] = c${i}_${j};`).join(' '))
    .join('\n  ')}
}
`;
}
