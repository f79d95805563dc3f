// Kernel family `reduce`: out[0] (+)= c · Σᵢ f(a[i], b[i]) over n elements,
// with f = a (sum, mean) or (a − b)² (the fused mean-squared error).
//
// One workgroup of 256 invocations: each sums a strided slice in a register, the 256
// partial sums meet in workgroup memory (1 KiB) and a tree halves them to one value.
// Strided slices keep neighbouring invocations on neighbouring elements.
// NOTE: a single workgroup leaves most of a large GPU idle for very long inputs; the
// losses here reduce a minibatch (~10⁴–10⁶ values), where this costs little.

export interface ReduceVariant {
  f: 'sum' | 'sqdiff';
  accumulate: boolean;
}

export const REDUCE_WORKGROUP = 256;

export function reduceLabel(v: ReduceVariant): string {
  return `reduce_${v.f}${v.accumulate ? '_acc' : ''}`;
}

/** Bindings: 0 uniform {n, c}, 1 a, (2 b for sqdiff), then out (one element). */
export function reduceWgsl(v: ReduceVariant): string {
  const sq = v.f === 'sqdiff';
  const outBinding = sq ? 3 : 2;
  const term = sq ? 'let e = a[i] - b[i]; partial += e * e;' : 'partial += a[i];';
  const total = 'params.c * shared_sums[0]';
  return `// ${reduceLabel(v)}: out[0] ${v.accumulate ? '+=' : '='} c * sum of ${sq ? '(a-b)^2' : 'a'}
struct Params { n: u32, c: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
${sq ? '@group(0) @binding(2) var<storage, read> b: array<f32>;' : ''}
@group(0) @binding(${outBinding}) var<storage, read_write> out: array<f32>;
var<workgroup> shared_sums: array<f32, ${REDUCE_WORKGROUP}>;

@compute @workgroup_size(${REDUCE_WORKGROUP})
fn main(@builtin(local_invocation_index) lid: u32) {
  var partial = 0.0;
  for (var i = lid; i < params.n; i += ${REDUCE_WORKGROUP}u) { ${term} }
  shared_sums[lid] = partial;
  workgroupBarrier();
  for (var half = ${REDUCE_WORKGROUP / 2}u; half > 0u; half >>= 1u) {
    if (lid < half) { shared_sums[lid] += shared_sums[lid + half]; }
    workgroupBarrier();
  }
  if (lid == 0u) { ${v.accumulate ? `out[0] = out[0] + ${total};` : `out[0] = ${total};`} }
}
`;
}
