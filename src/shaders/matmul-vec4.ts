// The `vec4` variants of the matmul kernel (see matmul.ts for the family): operands
// bound as array<vec4<f32>> and read four floats per load along a dimension that is
// contiguous in memory and a multiple of 4. Each invocation keeps a b×b block of C
// (b = 8 on a GPU, 16 on a CPU adapter: blockSize in matmul-common.ts). Per four
// values of k, with b rows of op(A) and b columns of op(B), each variant makes 2b
// vec4 loads (16 at b = 8, 32 at b = 16) for 4b² multiply-adds:
// - NN: A rows along K, B rows along N.
// - NT: A and B rows both along K (B is stored [N, K]): b×b dot products.
// - TN: A stored [K, M] read along M, B along N.
// - TT: A stored [K, M] read along M, B stored [N, K] along K.
import {
  MATMUL_HEADER, blockEntry, matmulLabel, storeBlock, type MatmulVariant,
} from './matmul-common.js';

const XYZW = ['x', 'y', 'z', 'w'];

// Rows (= columns) of C per invocation, and its column (or row) quads.
function sizes(v: MatmulVariant) {
  const rows = [...Array(v.block).keys()];
  return { rows, quads: [...Array(v.block / 4).keys()] };
}

function nn(v: MatmulVariant): string {
  const { rows, quads } = sizes(v);
  return `  let K4 = p.K / 4u;
  let N4 = p.N / 4u;
  ${rows.map((r) => `let a${r} = min(row0 + ${r}u, p.M - 1u) * K4;`).join('\n  ')}
  ${quads.map((q) => `let nq${q} = min(col0 / 4u + ${q}u, N4 - 1u);`).join('\n  ')}
  ${rows.map((r) => quads.map((q) => `var acc${r}_${q} = vec4<f32>();`).join(' ')).join('\n  ')}
  for (var k4 = 0u; k4 < K4; k4++) {
    ${XYZW.map((_, s) => quads.map((q) =>
      `let b${s}_${q} = b[(k4 * 4u + ${s}u) * N4 + nq${q}];`).join(' ')).join('\n    ')}
    ${rows.map((r) => `{ let av = a[a${r} + k4];\n      ${quads.map((q) =>
      `acc${r}_${q} += ${XYZW.map((c, s) => `av.${c} * b${s}_${q}`).join(' + ')};`)
      .join('\n      ')} }`).join('\n    ')}
  }
  ${storeBlock(v, (r, j) => `acc${r}_${j >> 2}[${j & 3}]`)}`;
}

function nt(v: MatmulVariant): string {
  const { rows } = sizes(v);
  return `  let K4 = p.K / 4u;
  ${rows.map((r) => `let a${r} = min(row0 + ${r}u, p.M - 1u) * K4;`).join('\n  ')}
  ${rows.map((j) => `let b${j} = min(col0 + ${j}u, p.N - 1u) * K4;`).join('\n  ')}
  ${rows.map((r) => `var acc${r} = array<f32, ${v.block}>();`).join('\n  ')}
  for (var k4 = 0u; k4 < K4; k4++) {
    ${rows.map((j) => `let bv${j} = b[b${j} + k4];`).join(' ')}
    ${rows.map((r) => `{ let av = a[a${r} + k4];\n      ${rows.map((j) =>
      `acc${r}[${j}] += dot(av, bv${j});`).join(' ')} }`).join('\n    ')}
  }
  ${storeBlock(v, (r, j) => `acc${r}[${j}]`)}`;
}

// TN and TT take four values of k per iteration and add their four products to each
// accumulator in one expression: on a CPU adapter the accumulators live on the stack,
// so one update per four multiply-adds instead of four is what makes them as fast as
// NN. op(A)'s values are loaded for four rows of C at a time and used at once, while
// op(B)'s stay loaded: fewer values live together (SwiftShader, TN 1000×784×256:
// ~3.9 → ~4.5 GFLOP/s; TT 1000×784×256: ~3.7 → ~4.4). TN's tail loop takes K % 4.
function tn(v: MatmulVariant): string {
  const { rows, quads } = sizes(v);
  // Per step s: op(B)'s quads of row k stay loaded; op(A)'s values for four rows of C
  // come one quad at a time and are used at once, so fewer values are live together.
  const loadsB = (k: (s: number) => string, steps: number[]) => steps.map((s) =>
    quads.map((q) => `let bv${s}_${q} = b[(${k(s)}) * N4 + nq${q}];`).join(' '))
    .join('\n    ');
  const update = (k: (s: number) => string, steps: number[]) => quads.map((mq) =>
    `{ ${steps.map((s) => `let av${s} = a[(${k(s)}) * M4 + mq${mq}];`).join(' ')}\n      ` +
    [0, 1, 2, 3].map((c) => quads.map((q) => `acc${mq * 4 + c}_${q} += ${steps.map((s) =>
      `av${s}.${XYZW[c]} * bv${s}_${q}`).join(' + ')};`).join(' ')).join('\n      ') + ' }')
    .join('\n    ');
  const step4 = (s: number) => `k4 * 4u + ${s}u`;
  return `  let M4 = p.M / 4u;
  let N4 = p.N / 4u;
  ${quads.map((q) => `let mq${q} = min(row0 / 4u + ${q}u, M4 - 1u);`).join('\n  ')}
  ${quads.map((q) => `let nq${q} = min(col0 / 4u + ${q}u, N4 - 1u);`).join('\n  ')}
  ${rows.map((r) => quads.map((q) => `var acc${r}_${q} = vec4<f32>();`).join(' ')).join('\n  ')}
  let K4 = p.K / 4u;
  for (var k4 = 0u; k4 < K4; k4++) {
    ${loadsB(step4, [0, 1, 2, 3])}
    ${update(step4, [0, 1, 2, 3])}
  }
  for (var k = K4 * 4u; k < p.K; k++) {
    ${loadsB(() => 'k', [0])}
    ${update(() => 'k', [0])}
  }
  ${storeBlock(v, (r, j) => `acc${r}_${j >> 2}[${j & 3}]`)}`;
}

function tt(v: MatmulVariant): string {
  const { rows, quads } = sizes(v);
  // As in TN: op(B)'s vec4s stay loaded, op(A)'s come one row quad at a time.
  return `  let M4 = p.M / 4u;
  let K4 = p.K / 4u;
  ${quads.map((q) => `let mq${q} = min(row0 / 4u + ${q}u, M4 - 1u);`).join('\n  ')}
  ${rows.map((j) => `let b${j} = min(col0 + ${j}u, p.N - 1u) * K4;`).join('\n  ')}
  ${quads.map((q) => rows.map((j) => `var acc${q}_${j} = vec4<f32>();`).join(' '))
    .join('\n  ')}
  for (var k4 = 0u; k4 < K4; k4++) {
    ${rows.map((j) => `let bv${j} = b[b${j} + k4];`).join(' ')}
    ${quads.map((q) => `{ ${XYZW.map((_, s) =>
      `let a${s} = a[(k4 * 4u + ${s}u) * M4 + mq${q}];`).join(' ')}\n      ${rows.map((j) =>
      `acc${q}_${j} += ${XYZW.map((c, s) => `a${s} * bv${j}.${c}`).join(' + ')};`).join(' ')}
    }`).join('\n    ')}
  }
  ${storeBlock(v, (r, j) => `acc${r >> 2}_${j}[${r & 3}]`)}`;
}

export function vec4Wgsl(v: MatmulVariant): string {
  const body = v.transA && v.transB ? tt(v) : v.transB ? nt(v) : v.transA ? tn(v) : nn(v);
  return `// ${matmulLabel(v)}: C (+)= op(A)·op(B); vec4 loads, a ${v.block}x${v.block} block of C
// per invocation
${MATMUL_HEADER('vec4<f32>', 'vec4<f32>')}
${blockEntry(v)}
${body}
}
`;
}
