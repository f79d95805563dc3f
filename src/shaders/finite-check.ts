// Kernel family `finite_check`: the opt-in NaN/Inf check (src/tensor/nan-check.ts).
//
// Each checked op's result x[n] gets one dispatch with the op's sequence number `seq`;
// an invocation that finds x[i] not finite does atomicMin(flag, seq), so after any
// number of checks the flag holds the sequence number of the *first* op that made a
// NaN or an Inf (or 0xffffffff when none did). The test looks at the exponent bits,
// not at `x != x`: WGSL lets compilers assume floats are finite and fold that away.
// One element per invocation over a folded grid; nothing goes to workgroup memory.
import { flatGrid, flatIndex } from './grid.js';

export const FINITE_CHECK_WORKGROUP = 256;
export const FINITE_CHECK_LABEL = 'finite_check';
/** The flag's value while no checked op has produced a NaN or an Inf. */
export const FINITE_CLEAN = 0xffffffff;

/** Bindings: 0 uniform {n, seq}, 1 x, 2 flag (one atomic u32). */
export function finiteCheckWgsl(): string {
  return `// ${FINITE_CHECK_LABEL}: flag = min(flag, seq) when some x[i] is NaN or Inf
struct Params { n: u32, seq: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> flag: array<atomic<u32>>;

@compute @workgroup_size(${FINITE_CHECK_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  ${flatIndex(FINITE_CHECK_WORKGROUP)}
  if (i >= params.n) { return; }
  let exponent = bitcast<u32>(x[i]) & 0x7f800000u;
  if (exponent == 0x7f800000u) { atomicMin(&flag[0], params.seq); }
}
`;
}

export function finiteCheckGrid(n: number): [number, number] {
  return flatGrid(n, FINITE_CHECK_WORKGROUP);
}
