// The `unrolled` variant of the matmul kernel (see matmul.ts for the family), for a
// small op(B) such as a layer's weight: C[M, N] (+)= op(A)[M, K] · op(B)[K, N] with K
// and N baked into the WGSL, the loop over k unrolled, and B bound as a fixed-size
// array. Every read of B is then at a constant index, which a CPU adapter (SwiftShader)
// compiles to one scalar load shared by all SIMD lanes, with no bounds clamp, instead
// of one clamped load per lane: on the credit shapes (1000×33×20) that is 3× faster
// than the blocked kernel. On a GPU the constant reads are broadcasts from cache.
// Each invocation computes ROWS rows of C, all N columns; M travels in the uniform, so
// a pipeline serves every batch size of one weight shape.
import { MATMUL_HEADER, matmulLabel, type MatmulVariant } from './matmul-common.js';

/**
 * Rows of C per invocation: four rows share each load of B.
 * NOTE: eight rows ran ~15% faster on SwiftShader (1000×33×20: ~440 µs vs ~510) but
 * doubled the compile time (~1.4 s vs ~0.8 s per weight shape): for a 50-epoch credit
 * run that costs more than it saves, so four it is.
 */
export const UNROLLED_ROWS = 4;
/**
 * The largest op(B) that gets an unrolled kernel: at most UNROLLED_MAX_B elements, K up
 * to 64 and N up to 40. The WGSL holds ROWS·K·N multiply-adds; SwiftShader compiles
 * one in ~0.2 s (20×10) to ~0.8 s (33×20), once per weight shape, and took 1.3–8 s for
 * longer K (64×16, 1000×1), where the blocked kernel is as fast anyway. Past N = 40 the
 * ROWS·N accumulators no longer fit in registers and it slows down (16×64: 7 ms).
 */
export const UNROLLED_MAX_B = 1024;
const UNROLLED_MAX_K = 64;
const UNROLLED_MAX_N = 40;

export function unrolledFits(K: number, N: number): boolean {
  return K * N <= UNROLLED_MAX_B && K <= UNROLLED_MAX_K && N <= UNROLLED_MAX_N;
}

export function unrolledWgsl(v: MatmulVariant): string {
  const { K, N } = v;
  if (K === undefined || N === undefined) throw new Error('unrolled matmul needs K and N');
  const rows = [...Array(UNROLLED_ROWS).keys()];
  const cols = [...Array(N).keys()];
  // Rows of A along K (no transA) with K % 4 = 0 are read four values of k at a time.
  const vecA = !v.transA && K % 4 === 0;
  const loadA = (r: number, k: number) => v.transA ? `a[${k}u * p.M + m${r}]`
    : vecA ? `a4_${r}_${k >> 2}.${'xyzw'[k & 3]}` : `a[a${r} + ${k}u]`;
  const indexB = (k: number, n: number) => v.transB ? n * K + k : k * N + n;
  const steps: string[] = [];
  for (let k = 0; k < K; k++) {
    if (vecA && k % 4 === 0) {
      steps.push(rows.map((r) => `let a4_${r}_${k >> 2} = a[a${r} + ${k >> 2}u];`).join(' '));
    }
    steps.push(rows.map((r) => `let x${r}_${k} = ${loadA(r, k)};`).join(' '));
    for (const n of cols) {
      steps.push(`{ let w = b[${indexB(k, n)}u]; ` +
        `${rows.map((r) => `c${r}_${n} += x${r}_${k} * w;`).join(' ')} }`);
    }
  }
  const stores = rows.map((r) => `if (row0 + ${r}u < p.M) {
    let o = (row0 + ${r}u) * ${N}u;
    ${cols.map((n) => `c[o + ${n}u] = ${v.accumulate ? `c[o + ${n}u] + ` : ''}c${r}_${n};`)
      .join(' ')}
  }`);
  return `// ${matmulLabel(v)}: C (+)= op(A)·op(B), K=${K} and N=${N} unrolled;
// ${UNROLLED_ROWS} rows of C per invocation
${MATMUL_HEADER(vecA ? 'vec4<f32>' : 'f32', `f32, ${K * N}`)}
@compute @workgroup_size(${v.group[0]})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.x * ${UNROLLED_ROWS}u;
  if (row0 >= p.M) { return; }
  ${rows.map((r) => `let m${r} = min(row0 + ${r}u, p.M - 1u);`).join(' ')}
  ${v.transA ? '' : rows.map((r) => `let a${r} = m${r} * ${vecA ? K / 4 : K}u;`).join(' ')}
  ${rows.map((r) => cols.map((n) => `var c${r}_${n} = 0.0;`).join(' ')).join('\n  ')}
  ${steps.join('\n  ')}
  ${stores.join('\n  ')}
}
`;
}
