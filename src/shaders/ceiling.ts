// Kernel family `ceiling`: what this adapter can do at best, for the bench to show
// each kernel as a fraction of it.
// - `fma`: each invocation runs `iters` rounds of 8 independent vec4 multiply-adds on
//   registers (no memory in the loop), then stores one value so nothing is optimised
//   away. FLOPs = invocations · iters · 8 · 4 · 2.
// - `copy`: out[i] = x[i] over vec4 elements, one per invocation: bytes moved = 2 · size.
import { flatGrid, flatIndex } from './grid.js';

export const CEILING_WORKGROUP = 64;
const CHAINS = 8;

export function fmaWgsl(iters: number): string {
  const chains = [...Array(CHAINS).keys()];
  return `// ceiling_fma: ${iters} rounds of ${CHAINS} vec4 FMAs per invocation
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(${CEILING_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let seed = f32(gid.x) * 1e-9;
  ${chains.map((c) => `var a${c} = vec4<f32>(seed + ${c}.0);`).join('\n  ')}
  let m = vec4<f32>(0.999999);
  let b = vec4<f32>(1e-7);
  for (var i = 0u; i < ${iters}u; i++) {
    ${chains.map((c) => `a${c} = fma(a${c}, m, b);`).join('\n    ')}
  }
  let s = ${chains.map((c) => `a${c}`).join(' + ')};
  out[gid.x] = s.x + s.y + s.z + s.w;
}
`;
}

export function fmaFlops(invocations: number, iters: number): number {
  return invocations * iters * CHAINS * 4 * 2;
}

export function copyWgsl(): string {
  return `// ceiling_copy: out[i] = x[i], vec4 elements
struct Params { n: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;
@compute @workgroup_size(${CEILING_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  ${flatIndex(CEILING_WORKGROUP)}
  if (i >= params.n) { return; }
  out[i] = x[i];
}
`;
}

export function ceilingGrid(invocations: number): [number, number] {
  return flatGrid(invocations, CEILING_WORKGROUP);
}
