// The `vec4` variants of the matmul kernel (see matmul.ts for the family): operands
// bound as array<vec4<f32>> and read four floats per load along a dimension that is
// contiguous in memory and a multiple of 4. Each invocation keeps an 8×8 block of C.
// Per step, with 8 rows of op(A) and 8 columns of op(B):
// - NN: A rows along K, B rows along N; 4 values of k at once: 16 loads, 256 FMAs.
// - NT: A and B rows both along K (B is stored [N, K]): 16 loads, 8×8 dot products.
// - TN: A stored [K, M] read along M, B along N; 4 values of k per iteration: 16 loads,
//   256 FMAs.
// - TT: A stored [K, M] read along M, B stored [N, K] along K; 4 values of k at once:
//   16 loads, 256 FMAs.
import {
  BLOCK, MATMUL_HEADER, blockEntry, matmulLabel, storeBlock, type MatmulVariant,
} from './matmul-common.js';

const EIGHT = [...Array(BLOCK.vec4).keys()];
const QUADS = [0, 1];
const XYZW = ['x', 'y', 'z', 'w'];

function nn(v: MatmulVariant): string {
  return `  let K4 = p.K / 4u;
  let N4 = p.N / 4u;
  ${EIGHT.map((r) => `let a${r} = min(row0 + ${r}u, p.M - 1u) * K4;`).join('\n  ')}
  ${QUADS.map((q) => `let nq${q} = min(col0 / 4u + ${q}u, N4 - 1u);`).join('\n  ')}
  ${EIGHT.map((r) => `var acc${r}_0 = vec4<f32>(); var acc${r}_1 = vec4<f32>();`).join('\n  ')}
  for (var k4 = 0u; k4 < K4; k4++) {
    ${XYZW.map((_, s) => QUADS.map((q) =>
      `let b${s}_${q} = b[(k4 * 4u + ${s}u) * N4 + nq${q}];`).join(' ')).join('\n    ')}
    ${EIGHT.map((r) => `{ let av = a[a${r} + k4];\n      ${QUADS.map((q) =>
      `acc${r}_${q} += ${XYZW.map((c, s) => `av.${c} * b${s}_${q}`).join(' + ')};`)
      .join('\n      ')} }`).join('\n    ')}
  }
  ${storeBlock(v, (r, j) => `acc${r}_${j >> 2}[${j & 3}]`)}`;
}

function nt(v: MatmulVariant): string {
  return `  let K4 = p.K / 4u;
  ${EIGHT.map((r) => `let a${r} = min(row0 + ${r}u, p.M - 1u) * K4;`).join('\n  ')}
  ${EIGHT.map((j) => `let b${j} = min(col0 + ${j}u, p.N - 1u) * K4;`).join('\n  ')}
  ${EIGHT.map((r) => `var acc${r} = array<f32, ${BLOCK.vec4}>();`).join('\n  ')}
  for (var k4 = 0u; k4 < K4; k4++) {
    ${EIGHT.map((j) => `let bv${j} = b[b${j} + k4];`).join(' ')}
    ${EIGHT.map((r) => `{ let av = a[a${r} + k4];\n      ${EIGHT.map((j) =>
      `acc${r}[${j}] += dot(av, bv${j});`).join(' ')} }`).join('\n    ')}
  }
  ${storeBlock(v, (r, j) => `acc${r}[${j}]`)}`;
}

// TN steps four values of k per iteration (16 loads, 256 FMAs), like NN: per-iteration
// overhead costs a CPU adapter as much as a load. A tail loop takes K % 4.
function tn(v: MatmulVariant): string {
  const step = (k: string) => `{ ${QUADS.map((q) => `let bv${q} = b[(${k}) * N4 + nq${q}];`)
    .join(' ')} ${QUADS.map((q) => `let av${q} = a[(${k}) * M4 + mq${q}];`).join(' ')}
      ${EIGHT.map((r) => `acc${r}_0 += av${r >> 2}.${XYZW[r & 3]} * bv0; ` +
        `acc${r}_1 += av${r >> 2}.${XYZW[r & 3]} * bv1;`).join('\n      ')} }`;
  return `  let M4 = p.M / 4u;
  let N4 = p.N / 4u;
  ${QUADS.map((q) => `let mq${q} = min(row0 / 4u + ${q}u, M4 - 1u);`).join('\n  ')}
  ${QUADS.map((q) => `let nq${q} = min(col0 / 4u + ${q}u, N4 - 1u);`).join('\n  ')}
  ${EIGHT.map((r) => `var acc${r}_0 = vec4<f32>(); var acc${r}_1 = vec4<f32>();`).join('\n  ')}
  let K4 = p.K / 4u;
  for (var k4 = 0u; k4 < K4; k4++) {
    let k = k4 * 4u;
    ${[0, 1, 2, 3].map((s) => step(`k + ${s}u`)).join('\n    ')}
  }
  for (var k = K4 * 4u; k < p.K; k++) {
    ${step('k')}
  }
  ${storeBlock(v, (r, j) => `acc${r}_${j >> 2}[${j & 3}]`)}`;
}

function tt(v: MatmulVariant): string {
  return `  let M4 = p.M / 4u;
  let K4 = p.K / 4u;
  ${QUADS.map((q) => `let mq${q} = min(row0 / 4u + ${q}u, M4 - 1u);`).join('\n  ')}
  ${EIGHT.map((j) => `let b${j} = min(col0 + ${j}u, p.N - 1u) * K4;`).join('\n  ')}
  ${QUADS.map((q) => EIGHT.map((j) => `var acc${q}_${j} = vec4<f32>();`).join(' '))
    .join('\n  ')}
  for (var k4 = 0u; k4 < K4; k4++) {
    ${EIGHT.map((j) => `let bv${j} = b[b${j} + k4];`).join(' ')}
    ${XYZW.map((c, s) => `{ ${QUADS.map((q) =>
      `let a${q} = a[(k4 * 4u + ${s}u) * M4 + mq${q}];`).join(' ')}\n      ${QUADS.map((q) =>
      EIGHT.map((j) => `acc${q}_${j} += a${q} * bv${j}.${c};`).join(' ')).join('\n      ')} }`)
      .join('\n    ')}
  }
  ${storeBlock(v, (r, j) => `acc${r >> 2}_${j}[${r & 3}]`)}`;
}

export function vec4Wgsl(v: MatmulVariant): string {
  const body = v.transA && v.transB ? tt(v) : v.transB ? nt(v) : v.transA ? tn(v) : nn(v);
  return `// ${matmulLabel(v)}: C (+)= op(A)·op(B); vec4 loads, an 8x8 block of C per invocation
${MATMUL_HEADER(true, true)}
${blockEntry(v)}
${body}
}
`;
}
