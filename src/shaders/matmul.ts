// Kernel family `matmul`: C[M, N] (+)= op(A)[M, K] · op(B)[K, N].
//
// op transposes when its flag is set: A is stored [M, K] or, with transA, [K, M];
// B is stored [K, N] or, with transB, [N, K]. The flags change only how operands are
// loaded, so the backward of C = A·B (dA = dC·Bᵀ, dB = Aᵀ·dC) and the tied decoder
// (x·Wᵀ) never materialise a transpose.
//
// Variants (chosen per call by pickMatmulKind):
// - `vec4` (matmul-vec4.ts): loads four floats at a time along a dimension that is a
//   multiple of 4 in memory; needs that alignment, so it serves NN (K, N % 4 = 0),
//   NT (K % 4 = 0) and TN (M, N % 4 = 0).
// - `blocked`: scalar loads, any shape and flags.
// - `naive`: one element of C per invocation; kept as the baseline and oracle.
// `vec4` and `blocked` keep an 8×8 block of C in registers per invocation and use no
// workgroup memory: on a CPU adapter (SwiftShader) each load costs far more than an
// FMA, so the block size (loads per FMA) is what matters, and shared-memory tiling
// with its barriers costs more than it saves; on GPUs the caches serve the reuse.
// Out-of-range rows and columns are clamped on load (no branch in the K loop) and
// skipped on store. M, K, N travel in a uniform, so one pipeline serves every shape;
// K = 0 and empty outputs are handled by the op without a dispatch.
import {
  BLOCK, MATMUL_HEADER, blockEntry, matmulLabel, storeBlock, type MatmulVariant,
} from './matmul-common.js';
import { vec4Wgsl } from './matmul-vec4.js';

export {
  BLOCK, matmulLabel, vec4Aligned, type MatmulKind, type MatmulVariant,
} from './matmul-common.js';

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
  const idx = [...Array(n).keys()];
  const quads = [0, 1];
  return `// ${matmulLabel(v)}: C (+)= op(A)·op(B); an ${n}x${n} block of C per invocation
${MATMUL_HEADER(false, false)}
${loaders(v)}
${blockEntry(v)}
  ${idx.map((r) => `let m${r} = min(row0 + ${r}u, p.M - 1u);`).join('\n  ')}
  ${idx.map((j) => `let n${j} = min(col0 + ${j}u, p.N - 1u);`).join('\n  ')}
  ${idx.map((r) => `var acc${r}_0 = vec4<f32>(); var acc${r}_1 = vec4<f32>();`).join('\n  ')}
  for (var k = 0u; k < p.K; k++) {
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
${MATMUL_HEADER(false, false)}
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
  if (v.kind === 'vec4') return vec4Wgsl(v);
  return v.kind === 'blocked' ? blockedWgsl(v) : naiveWgsl(v);
}

/** Workgroups [x over N, y over M]. */
export function matmulGrid(v: MatmulVariant, M: number, N: number): [number, number] {
  const tile = BLOCK[v.kind] * v.group;
  return [Math.ceil(N / tile), Math.ceil(M / tile)];
}
