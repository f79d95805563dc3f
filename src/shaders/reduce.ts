// Kernel family `reduce`: out[0] (+)= c · Σᵢ f(a[i], b[i]) over n elements,
// with f = a (sum, mean) or (a − b)² (the fused mean-squared error). The variant
// `sqdiff_grad` also writes grad[i] = g · (a[i] − b[i]) as it goes: mse's gradient,
// computed while a and b are loaded anyway instead of in a second pass over both.
//
// Two dispatches, neither with a barrier (a CPU adapter runs a workgroup that waits at
// barriers as coroutines, which costs more than the sum itself):
// - `partial`: PARTS invocations, in workgroups of 4 so that every core gets some;
//   invocation p sums a contiguous slice of vec4s into a register and writes part[p].
//   Lanes past n in the last vec4 are masked out (buffers are padded to 16 bytes).
// - `final`: one invocation adds the PARTS partial sums in order, times c.
// Both are deterministic: the same inputs give the same bits every time.

export interface ReduceVariant {
  f: 'sum' | 'sqdiff' | 'sqdiff_grad';
}

export const REDUCE_PARTS = 64;
const PARTS_PER_GROUP = 4;

export function reducePartialLabel(v: ReduceVariant): string {
  return `reduce_${v.f}_partial`;
}

/**
 * Bindings: 0 uniform {n, per (vec4s per part)} (sqdiff_grad: {n, per, g: f32}), 1 a,
 * (2 b for sqdiff), then part, (then grad for sqdiff_grad).
 */
export function reducePartialWgsl(v: ReduceVariant): string {
  const sq = v.f !== 'sum';
  const grad = v.f === 'sqdiff_grad';
  const term = sq ? 'let e = a[k] - b[k]; let t = e * e;' : 'let t = a[k];';
  return `// ${reducePartialLabel(v)}: part[p] = sum over slice p of ${sq ? '(a-b)^2' : 'a'}${
  grad ? '\n// and grad = g * (a - b) over the slice' : ''}
struct Params { n: u32, per: u32${grad ? ', g: f32' : ''} }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
${sq ? '@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;' : ''}
@group(0) @binding(${sq ? 3 : 2}) var<storage, read_write> part: array<f32>;
${grad ? '@group(0) @binding(4) var<storage, read_write> grad: array<vec4<f32>>;' : ''}

@compute @workgroup_size(${PARTS_PER_GROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = gid.x;
  let n4 = (params.n + 3u) / 4u;
  let first = p * params.per;
  let last = min(first + params.per, n4);
  var acc = vec4<f32>();
  for (var k = first; k < last; k++) {
    ${term}${grad ? '\n    grad[k] = params.g * e;' : ''}
    let lanes = vec4<u32>(4u * k) + vec4<u32>(0u, 1u, 2u, 3u);
    acc += select(vec4<f32>(), t, lanes < vec4<u32>(params.n));
  }
  part[p] = (acc.x + acc.y) + (acc.z + acc.w);
}
`;
}

export function reducePartialGrid(): [number] {
  return [REDUCE_PARTS / PARTS_PER_GROUP];
}

/** vec4s per part for n elements. */
export function reducePer(n: number): number {
  return Math.ceil(Math.ceil(n / 4) / REDUCE_PARTS);
}

export function reduceFinalLabel(accumulate: boolean): string {
  return `reduce_final${accumulate ? '_acc' : ''}`;
}

/** Bindings: 0 uniform {c}, 1 part, 2 out (one element). */
export function reduceFinalWgsl(accumulate: boolean): string {
  return `// ${reduceFinalLabel(accumulate)}: out[0] ${accumulate ? '+=' : '='} c * sum of part
struct Params { c: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> part: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(1)
fn main() {
  var total = 0.0;
  for (var p = 0u; p < ${REDUCE_PARTS}u; p++) { total += part[p]; }
  ${accumulate ? 'out[0] = out[0] + params.c * total;' : 'out[0] = params.c * total;'}
}
`;
}
