// Kernel family `matmul`: C[M, N] (+)= op(A)[M, K] · op(B)[K, N].
//
// op transposes when its flag is set: A is stored [M, K] or, with transA, [K, M];
// B is stored [K, N] or, with transB, [N, K]. The flags change only how operands are
// loaded, so the backward of C = A·B (dA = dC·Bᵀ, dB = Aᵀ·dC) and the tied decoder
// (x·Wᵀ) never materialise a transpose.
//
// Variants (chosen per call by pickKind in ops/matmul.ts):
// - `unrolled` (matmul-unrolled.ts): for a small op(B) such as a small layer's weight;
//   K and N are baked in and every read of B is at a constant index.
// - `vec4` (matmul-vec4.ts): loads four floats at a time along a dimension that is a
//   multiple of 4 in memory; needs that alignment, so it serves NN (K, N % 4 = 0),
//   NT (K % 4 = 0), TN (M, N % 4 = 0) and TT (M, K % 4 = 0).
// - `blocked`: scalar loads, any shape and flags.
// - `split`: `blocked` over ranges of k, each into its own partial C, then a pass that
//   adds them up: spreads a small C with a long K (a weight gradient, 33×1000×20) over
//   more workgroups than its few 8×8 blocks. Picked on GPUs only (see ops/matmul.ts).
// - `outer` (matmul-outer.ts): the same job on a CPU adapter: each invocation holds the
//   whole C (M and N baked in) over its range of k; the same second pass adds them.
// - `naive`: one element of C per invocation; kept as the baseline and oracle.
// `vec4` and `blocked` keep a block of C in registers per invocation (8×8; `vec4` on a
// CPU adapter 16×16) and use no workgroup memory: on a CPU adapter (SwiftShader) each
// load costs far more than an FMA, so the block size (loads per FMA) is what matters,
// and shared-memory tiling with its barriers costs more than it saves; on GPUs the
// caches serve the reuse. Out-of-range rows and columns are clamped on load (no branch
// in the K loop) and skipped on store. M, K, N travel in a uniform, so one pipeline
// serves every shape, except `unrolled` (one per K, N) and `outer` (one per M, N);
// K = 0 and empty outputs are handled by the op without a dispatch.
import {
  BLOCK, MATMUL_HEADER, blockEntry, blockSize, matmulLabel, storeBlock, type MatmulKind,
  type MatmulVariant,
} from './matmul-common.js';
import { vec4Wgsl } from './matmul-vec4.js';
import { unrolledWgsl } from './matmul-unrolled.js';
import { OUTER_GROUP, outerWgsl } from './matmul-outer.js';
import { flatIndex } from './grid.js';

// `split` aims at this many invocations in all, with ranges of k at least SPLIT_MIN_CHUNK
// long and at most SPLIT_MAX of them (each adds M·N floats to the second pass).
const SPLIT_INVOCATIONS = 256;
const SPLIT_MIN_CHUNK = 32;
const SPLIT_MAX = 64;
export const SPLIT_SUM_GROUP = 64;

export {
  BLOCK, blockSize, matmulLabel, vec4Aligned, type MatmulKind, type MatmulVariant,
} from './matmul-common.js';
export { UNROLLED_MAX_B, unrolledFits } from './matmul-unrolled.js';
export { OUTER_GROUP, OUTER_MAX_C, OUTER_PARTS, outerFits } from './matmul-outer.js';

function loaders(v: MatmulVariant): string {
  const a = v.transA ? 'a[k * p.M + m]' : 'a[m * p.K + k]';
  const b = v.transB ? 'b[n * p.K + k]' : 'b[k * p.N + n]';
  return `fn loadA(m: u32, k: u32) -> f32 { return ${a}; }
fn loadB(k: u32, n: u32) -> f32 { return ${b}; }`;
}

// Each step of k loads 8 values of op(A) and 8 of op(B) and does 64 FMAs, kept as
// eight vec4 accumulators per row pair of column quads.
function blockedWgsl(v: MatmulVariant): string {
  const n = BLOCK.blocked;
  const split = v.kind === 'split'; // k runs over this invocation's range only
  const idx = [...Array(n).keys()];
  const quads = [0, 1];
  return `// ${matmulLabel(v)}: C (+)= op(A)·op(B); an ${n}x${n} block of C per invocation
${MATMUL_HEADER('f32', 'f32')}
${loaders(v)}
${blockEntry(v)}
  ${idx.map((r) => `let m${r} = min(row0 + ${r}u, p.M - 1u);`).join('\n  ')}
  ${idx.map((j) => `let n${j} = min(col0 + ${j}u, p.N - 1u);`).join('\n  ')}
  ${idx.map((r) => `var acc${r}_0 = vec4<f32>(); var acc${r}_1 = vec4<f32>();`).join('\n  ')}
  for (var k = ${split ? 'k0' : '0u'}; k < ${split ? 'k1' : 'p.K'}; k++) {
    ${quads.map((q) => `let b${q} = vec4<f32>(${[0, 1, 2, 3].map((s) =>
      `loadB(k, n${q * 4 + s})`).join(', ')});`).join('\n    ')}
    ${idx.map((r) => `{ let av = loadA(m${r}, k); acc${r}_0 += av * b0; acc${r}_1 += av * b1; }`)
      .join('\n    ')}
  }
  ${storeBlock(v, (r, j) => `acc${r}_${j >> 2}[${j & 3}]`)}
}
`;
}

function naiveWgsl(v: MatmulVariant): string {
  return `// ${matmulLabel(v)}: C (+)= op(A)·op(B); one element of C per invocation
${MATMUL_HEADER('f32', 'f32')}
${loaders(v)}
${blockEntry(v)}
  let m = row0;
  let n = col0;
  var sum = 0.0;
  for (var k = 0u; k < p.K; k++) { sum += loadA(m, k) * loadB(k, n); }
  ${storeBlock(v, () => 'sum')}
}
`;
}

export function matmulWgsl(v: MatmulVariant): string {
  switch (v.kind) {
    case 'vec4': return vec4Wgsl(v);
    case 'blocked': case 'split': return blockedWgsl(v);
    case 'unrolled': return unrolledWgsl(v);
    case 'outer': return outerWgsl(v);
    case 'naive': return naiveWgsl(v);
  }
}

/**
 * How many ranges of k a `split` matmul cuts K into: enough that the invocations number
 * about SPLIT_INVOCATIONS (every core busy), each range at least SPLIT_MIN_CHUNK long.
 */
export function splitCount(M: number, K: number, N: number): number {
  const blocks = Math.ceil(M / BLOCK.split) * Math.ceil(N / BLOCK.split);
  const wanted = Math.ceil(SPLIT_INVOCATIONS / blocks);
  return Math.max(1, Math.min(wanted, Math.floor(K / SPLIT_MIN_CHUNK), SPLIT_MAX));
}

// The second pass of `split` and `outer`: C[i] (+)= the sum of the S partial products'
// element i, four elements per invocation when M·N is a multiple of 4 (`vec4`).
export function splitSumWgsl(accumulate: boolean, vec4: boolean): string {
  const t = vec4 ? 'vec4<f32>' : 'f32';
  return `// ${splitSumLabel(accumulate, vec4)}: C (+)= the sum over s of partial[s]
struct Params { count: u32, parts: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> partial: array<${t}>;
@group(0) @binding(2) var<storage, read_write> c: array<${t}>;
@compute @workgroup_size(${SPLIT_SUM_GROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  ${flatIndex(SPLIT_SUM_GROUP)}
  if (i >= p.count) { return; }
  var sum = ${accumulate ? 'c[i]' : `${t}()`};
  for (var s = 0u; s < p.parts; s++) { sum += partial[s * p.count + i]; }
  c[i] = sum;
}
`;
}

export function splitSumLabel(accumulate: boolean, vec4: boolean): string {
  return `matmul_split_sum${vec4 ? '_vec4' : ''}${accumulate ? '_acc' : ''}`;
}

/**
 * The workgroup [x over N, y over M]: 16 invocations on a CPU adapter (each workgroup a
 * task for one core; small ones balance better), 64 on a GPU (two warps). A CPU runs
 * four neighbouring x as the lanes of one SIMD instruction, so for a narrow C (few
 * column blocks) x shrinks and y grows, and no lane idles past the last column.
 */
export function workgroupShape(kind: MatmulKind, N: number, cpu: boolean): [number, number] {
  const size = cpu ? 16 : 64;
  if (kind === 'unrolled') return [size, 1];
  if (kind === 'outer') return [OUTER_GROUP, 1];
  const blocks = Math.ceil(N / blockSize(kind, cpu));
  let x = cpu ? 4 : 8;
  while (x > 1 && x / 2 >= blocks) x /= 2;
  return [x, size / x];
}

/** Workgroups of `outer`: one invocation per range of k. */
export function outerGrid(parts: number): [number] {
  return [Math.ceil(parts / OUTER_GROUP)];
}

/** Workgroups [x over N, y over M] (`split`: times the ranges of k); `unrolled`: [x over M]. */
export function matmulGrid(v: MatmulVariant, M: number, N: number): [number, number] {
  const n = v.block;
  if (v.kind === 'unrolled') return [Math.ceil(M / (n * v.group[0])), 1];
  return [Math.ceil(N / (n * v.group[0])), Math.ceil(M / (n * v.group[1]))];
}
