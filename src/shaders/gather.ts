// Kernel family `gather`: out[r, j] = x[idx[start + r], j] for r < rows, j < cols.
//
// Picks a minibatch's rows out of the whole data set on the GPU, so the data is
// uploaded once and each step uploads nothing. One element per invocation over a
// folded 2-D grid; nothing goes to workgroup memory. Indices are checked against
// the row count when they are uploaded, so the kernel reads in range.
import { flatGrid, flatIndex } from './grid.js';

export const GATHER_WORKGROUP = 256;
export const GATHER_LABEL = 'gather_rows';

/** Bindings: 0 uniform {n = rows·cols, cols, start}, 1 x, 2 idx (u32), 3 out. */
export function gatherWgsl(): string {
  return `// ${GATHER_LABEL}: out[r, j] = x[idx[start + r], j]
struct Params { n: u32, cols: u32, start: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> idx: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(${GATHER_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  ${flatIndex(GATHER_WORKGROUP)}
  if (i >= params.n) { return; }
  let r = i / params.cols;
  let j = i % params.cols;
  out[i] = x[idx[params.start + r] * params.cols + j];
}
`;
}

export function gatherGrid(n: number): [number, number] {
  return flatGrid(n, GATHER_WORKGROUP);
}
