// Pieces shared by the matmul kernel variants (matmul.ts, matmul-vec4.ts): the
// variant type, the bindings, the entry point's opening and the masked stores.

export type MatmulKind = 'vec4' | 'blocked' | 'split' | 'unrolled' | 'outer' | 'naive';

export interface MatmulVariant {
  kind: MatmulKind;
  transA: boolean;
  transB: boolean;
  accumulate: boolean;
  /** Workgroup [x, y] in invocations (x over N): see workgroupShape. */
  group: readonly [number, number];
  /** Rows and columns of C per invocation (blockSize). */
  block: number;
  /** The sizes the WGSL is written for: K and N for `unrolled`, M and N for `outer`. */
  M?: number;
  K?: number;
  N?: number;
}

/** Rows and columns of C that one invocation computes (`vec4`: see blockSize). */
export const BLOCK = { vec4: 8, blocked: 8, split: 8, unrolled: 4, outer: 1, naive: 1 } as const;

/**
 * The block of `kind` on this adapter. `vec4` takes 16×16 on a CPU adapter: there every
 * accumulator spills to the stack anyway, and the larger block loads 32 vec4s per 1024
 * multiply-adds instead of 16 per 256 (1000×784×256 NN on SwiftShader: 2.7–3.1 GFLOP/s
 * at 8×8, 4.3–5.0 at 16×16). A GPU keeps 8×8, which keeps its many cores fed.
 * NOTE: 32×32 ran another 10–40% faster there (NN 1000×784×256: ~6 GFLOP/s), but
 * SwiftShader took 4.5–7 s to compile each variant (16×16: ~0.8 s), which the digits
 * demo alone would pay six times over; so 16×16 until pipelines compile ahead of use.
 */
export function blockSize(kind: MatmulKind, cpu: boolean): number {
  return kind === 'vec4' && cpu ? 16 : BLOCK[kind];
}

export function matmulLabel(v: MatmulVariant): string {
  const flags = `${v.transA ? 't' : 'n'}${v.transB ? 't' : 'n'}`;
  const group = `${v.group[0]}x${v.group[1]}`;
  const sizes = v.kind === 'unrolled' ? `_k${v.K}n${v.N}`
    : v.kind === 'outer' ? `_m${v.M}n${v.N}` : v.kind === 'vec4' ? `_b${v.block}` : '';
  return `matmul_${flags}_${v.kind}${sizes}_g${group}${v.accumulate ? '_acc' : ''}`;
}

/** Whether the vec4 variant can load these operands (the table in matmul.ts). */
export function vec4Aligned(M: number, K: number, N: number, transA: boolean,
  transB: boolean): boolean {
  if (transA && transB) return M % 4 === 0 && K % 4 === 0;
  if (transB) return K % 4 === 0;
  if (transA) return M % 4 === 0 && N % 4 === 0;
  return K % 4 === 0 && N % 4 === 0;
}

/**
 * The bindings of every variant: the uniform (`chunk` is the length of one range of k,
 * for `split` and `outer`), A and B as arrays of `a` and `b` ('f32', 'vec4<f32>', or a
 * fixed size such as 'f32, 660'), and C (for `split` and `outer`, their partial Cs).
 */
export const MATMUL_HEADER = (a: string, b: string) => `\
struct Params { M: u32, K: u32, N: u32, chunk: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<${a}>;
@group(0) @binding(2) var<storage, read> b: array<${b}>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;`;

/** WGSL that stores value(r, j) into C[row0 + r, col0 + j] for the rows and columns in range. */
export function storeBlock(v: MatmulVariant, value: (r: number, j: number) => string): string {
  const n = v.block;
  const lines: string[] = [];
  for (let r = 0; r < n; r++) {
    const row = `${v.kind === 'split' ? 'out0 + ' : ''}(row0 + ${r}u) * p.N + col0`;
    const stores = [...Array(n).keys()].map((j) => {
      const at = `c[${row} + ${j}u]`;
      const sum = v.accumulate ? `${at} + ${value(r, j)}` : value(r, j);
      return `if (col0 + ${j}u < p.N) { ${at} = ${sum}; }`;
    });
    lines.push(`if (row0 + ${r}u < p.M) {\n    ${stores.join('\n    ')}\n  }`);
  }
  return lines.join('\n  ');
}

/**
 * The opening of every blocked entry point: this invocation's first row and column;
 * for `split`, also its range of k, [k0, k1), and where its partial C starts (out0).
 */
export function blockEntry(v: MatmulVariant): string {
  const n = v.block;
  const split = v.kind !== 'split' ? '' : `
  let k0 = gid.z * p.chunk;
  let k1 = min(k0 + p.chunk, p.K);
  let out0 = gid.z * p.M * p.N;`;
  return `@compute @workgroup_size(${v.group[0]}, ${v.group[1]})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row0 = gid.y * ${n}u;
  let col0 = gid.x * ${n}u;
  if (row0 >= p.M || col0 >= p.N) { return; }${split}`;
}
