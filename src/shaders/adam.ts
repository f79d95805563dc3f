// Kernel family `adam`: one fused update of a parameter, its two moments and
// nothing else, per element (Kingma & Ba, Algorithm 1, with ε after √v̂):
//   g  = grad + 2·l2·θ                  (optional L2 penalty l2·Σθ²)
//   m  = β1·m + (1 − β1)·g
//   v  = β2·v + (1 − β2)·g²
//   θ -= lr · (m / c1) / (√(v / c2) + ε),  c1 = 1 − β1ᵗ, c2 = 1 − β2ᵗ
// 1 − β1, 1 − β2, c1 and c2 are computed in float64 on the CPU and arrive in the
// uniform: 1 − f32(0.999) in f32 is off by 1.3e-5 relative, and then the (1 − β2)
// weighting and the c2 correction no longer cancel at step 1.
// Four elements per invocation (vec4; tensor buffers are padded to 16 bytes, so the
// last vec4 stays inside them) over a folded grid; nothing in workgroup memory.
import { flatGrid, flatIndex } from './grid.js';

export const ADAM_WORKGROUP = 256;
export const ADAM_LABEL = 'adam_update';

/** Uniform layout, in 32-bit words. */
export const ADAM_PARAMS = ['n4', 'lr', 'beta1', 'beta2', 'omb1', 'omb2', 'eps', 'c1', 'c2',
  'l2'] as const;

/** Bindings: 0 uniform, 1 grad, 2 theta, 3 m, 4 v. */
export function adamWgsl(): string {
  return `// ${ADAM_LABEL}: fused Adam step with bias correction
struct Params {
  n4: u32, lr: f32, beta1: f32, beta2: f32, omb1: f32, omb2: f32, eps: f32, c1: f32, c2: f32,
  l2: f32,
}
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> grad: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> theta: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> m: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> v: array<vec4<f32>>;

@compute @workgroup_size(${ADAM_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  ${flatIndex(ADAM_WORKGROUP)}
  if (i >= p.n4) { return; }
  let t = theta[i];
  let g = grad[i] + 2.0 * p.l2 * t;
  let mi = p.beta1 * m[i] + p.omb1 * g;
  let vi = p.beta2 * v[i] + p.omb2 * g * g;
  m[i] = mi;
  v[i] = vi;
  theta[i] = t - p.lr * (mi / p.c1) / (sqrt(vi / p.c2) + p.eps);
}
`;
}

/** Invocations for n elements, four each. */
export function adamInvocations(n: number): number {
  return Math.ceil(n / 4);
}

export function adamGrid(n: number): [number, number] {
  return flatGrid(adamInvocations(n), ADAM_WORKGROUP);
}
