// Kernel family `matmul`: C[M, N] (+)= op(A)[M, K] · op(B)[K, N].
//
// op transposes when its flag is set: A is stored [M, K] or, with transA, [K, M];
// B is stored [K, N] or, with transB, [N, K]. The flags change only the two load
// helpers, so the backward of C = A·B (dA = dC·Bᵀ, dB = Aᵀ·dC) and the tied decoder
// (x·Wᵀ) never materialise a transpose.
//
// Two variants:
// - `blocked`: register blocking. Each invocation accumulates a 4×4 block of C in
//   registers; a workgroup of 8×8 invocations covers a 32×32 tile. Nothing goes to
//   workgroup memory: on CPU adapters (SwiftShader) shared-memory tiling and its
//   barriers cost more than they save, and on GPUs the caches serve the reuse.
//   Out-of-range rows and columns are clamped on load (no branch in the K loop) and
//   skipped on store.
// - `naive`: one element of C per invocation; kept as the baseline and oracle.
// M, K, N travel in a uniform, so one pipeline serves every shape. K = 0 and empty
// outputs are handled by the op without a dispatch.

export interface MatmulVariant {
  kind: 'blocked' | 'naive';
  transA: boolean;
  transB: boolean;
  accumulate: boolean;
}

const BLOCK = 4; // rows and columns of C per invocation in `blocked`
const GROUP = 8; // invocations per workgroup side
export const MATMUL_TILE = { blocked: BLOCK * GROUP, naive: GROUP * 2 } as const;

export function matmulLabel(v: MatmulVariant): string {
  const flags = `${v.transA ? 't' : 'n'}${v.transB ? 't' : 'n'}`;
  return `matmul_${flags}_${v.kind}${v.accumulate ? '_acc' : ''}`;
}

function loaders(v: MatmulVariant): string {
  const a = v.transA ? 'a[k * p.M + m]' : 'a[m * p.K + k]';
  const b = v.transB ? 'b[n * p.K + k]' : 'b[k * p.N + n]';
  return `fn loadA(m: u32, k: u32) -> f32 { return ${a}; }
fn loadB(k: u32, n: u32) -> f32 { return ${b}; }`;
}

const HEADER = `struct Params { M: u32, K: u32, N: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;`;

function store(v: MatmulVariant, index: string, value: string): string {
  return v.accumulate ? `c[${index}] = c[${index}] + ${value};` : `c[${index}] = ${value};`;
}

function blockedWgsl(v: MatmulVariant): string {
  const rows = [...Array(BLOCK).keys()];
  const loadRows = rows.map((r) => `let m${r} = min(row0 + ${r}u, p.M - 1u);`).join('\n  ');
  const loadCols = rows.map((r) => `let n${r} = min(col0 + ${r}u, p.N - 1u);`).join('\n  ');
  const bvec = `vec4<f32>(${rows.map((r) => `loadB(k, n${r})`).join(', ')})`;
  const fma = rows.map((r) => `acc[${r}] += loadA(m${r}, k) * bv;`).join('\n    ');
  const stores = rows.map((r) => `if (row0 + ${r}u < p.M) {
    for (var j = 0u; j < ${BLOCK}u; j++) {
      if (col0 + j < p.N) { ${store(v, `(row0 + ${r}u) * p.N + col0 + j`, `acc[${r}][j]`)} }
    }
  }`).join('\n  ');
  return `// ${matmulLabel(v)}: C (+)= op(A)·op(B); ${BLOCK}x${BLOCK} of C per invocation
${HEADER}
${loaders(v)}
@compute @workgroup_size(${GROUP}, ${GROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * ${BLOCK}u;
  let col0 = gid.x * ${BLOCK}u;
  if (row0 >= p.M || col0 >= p.N) { return; }
  ${loadRows}
  ${loadCols}
  var acc: array<vec4<f32>, ${BLOCK}>;
  for (var k = 0u; k < p.K; k++) {
    let bv = ${bvec};
    ${fma}
  }
  ${stores}
}
`;
}

function naiveWgsl(v: MatmulVariant): string {
  const side = MATMUL_TILE.naive;
  return `// ${matmulLabel(v)}: C (+)= op(A)·op(B); one element of C per invocation
${HEADER}
${loaders(v)}
@compute @workgroup_size(${side}, ${side})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = gid.y;
  let n = gid.x;
  if (m >= p.M || n >= p.N) { return; }
  var sum = 0.0;
  for (var k = 0u; k < p.K; k++) { sum += loadA(m, k) * loadB(k, n); }
  ${store(v, 'm * p.N + n', 'sum')}
}
`;
}

export function matmulWgsl(v: MatmulVariant): string {
  return v.kind === 'blocked' ? blockedWgsl(v) : naiveWgsl(v);
}

/** Workgroups [x over N, y over M]. */
export function matmulGrid(v: MatmulVariant, M: number, N: number): [number, number] {
  const tile = MATMUL_TILE[v.kind];
  return [Math.ceil(N / tile), Math.ceil(M / tile)];
}
