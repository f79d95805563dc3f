// Kernel family `map`: out[i] (+)= f(a[i], b[i], d[i], s, c) for every i.
//
// Shapes: every array operand and the output hold n elements; `s` is the single value
// of a one-element buffer (the incoming gradient of a scalar), `c` a constant from
// the uniform. Each invocation computes four elements with vec4 loads and stores:
// every tensor buffer is padded to 16 bytes, so the last vec4 stays inside it (its
// padding lanes compute garbage that nothing reads). Nothing goes to workgroup memory.
// The range is folded into a 2-D grid (see grid.ts), so n is bounded only by the
// storage binding size. With `accumulate`, the result is added to out: that is how a
// gradient contribution lands on a gradient that already exists.
import { flatGrid, flatIndex } from './grid.js';

/** Which operands an expression reads, and the WGSL that combines them. */
interface MapExpression {
  arrays: readonly ('a' | 'b' | 'd')[];
  scalar?: boolean;
  wgsl: string;
}

// Forward ops read a (and b); backward rules read the forward input a, the forward
// output b and the incoming gradient d.
export const MAP_EXPRESSIONS = {
  copy: { arrays: ['a'], wgsl: 'a' },
  scale: { arrays: ['a'], wgsl: 'a * c' },
  square: { arrays: ['a'], wgsl: 'a * a' },
  relu: { arrays: ['a'], wgsl: 'max(a, vec4<f32>(0.0))' },
  tanh: { arrays: ['a'], wgsl: 'stable_tanh(a)' },
  sigmoid: { arrays: ['a'], wgsl: 'stable_sigmoid(a)' },
  add: { arrays: ['a', 'b'], wgsl: 'a + b' },
  sub: { arrays: ['a', 'b'], wgsl: 'a - b' },
  mul: { arrays: ['a', 'b'], wgsl: 'a * b' },
  square_grad: { arrays: ['a', 'd'], wgsl: '2.0 * a * d' },
  relu_grad: { arrays: ['a', 'd'], wgsl: 'select(vec4<f32>(0.0), d, a > vec4<f32>(0.0))' },
  tanh_grad: { arrays: ['b', 'd'], wgsl: 'd * (1.0 - b * b)' },
  sigmoid_grad: { arrays: ['b', 'd'], wgsl: 'd * b * (1.0 - b)' },
  // Backward of sum/mean: the scalar gradient spread over every element, times c.
  fill: { arrays: [], scalar: true, wgsl: 'vec4<f32>(s * c)' },
  // A gradient its forward pass computed ahead, times the incoming scalar one and c.
  scale_by: { arrays: ['a'], scalar: true, wgsl: 'a * s * c' },
} as const satisfies Record<string, MapExpression>;

export type MapName = keyof typeof MAP_EXPRESSIONS;

export interface MapVariant {
  name: MapName;
  accumulate: boolean;
}

export const MAP_WORKGROUP = 256;

export function mapLabel(v: MapVariant): string {
  return `map_${v.name}${v.accumulate ? '_acc' : ''}`;
}

// tanh and sigmoid written so that exp never overflows (WGSL leaves exp of a large
// argument undefined, and inf/inf is NaN): both use e = exp(−|x|·k) in (0, 1].
// Near 0, 1 − e cancels, so tanh uses its Taylor series there (error < 1e-9).
const STABLE_TANH = `fn stable_tanh(x: vec4<f32>) -> vec4<f32> {
  let ax = abs(x);
  let x2 = x * x;
  let series = x * (1.0 - x2 * (1.0 / 3.0 - x2 * (2.0 / 15.0)));
  let e = exp(-2.0 * ax);
  return select(sign(x) * (1.0 - e) / (1.0 + e), series, ax < vec4<f32>(0.0625));
}`;

const STABLE_SIGMOID = `fn stable_sigmoid(x: vec4<f32>) -> vec4<f32> {
  let e = exp(-abs(x));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), x >= vec4<f32>(0.0));
}`;

/**
 * Bindings: 0 the uniform {n4 = ⌈n/4⌉, c}, then one read-only array per operand in the order of
 * `arrays`, then the scalar buffer if any, then out.
 */
export function mapWgsl(v: MapVariant): string {
  const expr: MapExpression = MAP_EXPRESSIONS[v.name];
  const operands = [...expr.arrays, ...(expr.scalar ? ['s_buf'] : [])];
  const bindings = operands.map((name, k) =>
    `@group(0) @binding(${k + 1}) var<storage, read> ${name}_in: array<${
      name === 's_buf' ? 'f32' : 'vec4<f32>'}>;`);
  const outBinding = operands.length + 1;
  const loads = expr.arrays.map((name) => `let ${name} = ${name}_in[i];`);
  if (expr.scalar) loads.push('let s = s_buf_in[0];');
  const store = v.accumulate ? 'out[i] = out[i] + value;' : 'out[i] = value;';
  return `// ${mapLabel(v)}: out[i] ${v.accumulate ? '+=' : '='} ${expr.wgsl}
struct Params { n4: u32, c: f32 }
@group(0) @binding(0) var<uniform> params: Params;
${bindings.join('\n')}
@group(0) @binding(${outBinding}) var<storage, read_write> out: array<vec4<f32>>;
${expr.wgsl.includes('stable_tanh') ? STABLE_TANH : ''}
${expr.wgsl.includes('stable_sigmoid') ? STABLE_SIGMOID : ''}
@compute @workgroup_size(${MAP_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  ${flatIndex(MAP_WORKGROUP)}
  if (i >= params.n4) { return; }
  let c = params.c;
  ${loads.join('\n  ')}
  let value = ${expr.wgsl};
  ${store}
}
`;
}

export function mapOperands(name: MapName): { arrays: readonly string[]; scalar: boolean } {
  const expr: MapExpression = MAP_EXPRESSIONS[name];
  return { arrays: expr.arrays, scalar: expr.scalar ?? false };
}

/** Invocations for n elements, four each. */
export function mapInvocations(n: number): number {
  return Math.ceil(n / 4);
}

export function mapGrid(n: number): [number, number] {
  return flatGrid(mapInvocations(n), MAP_WORKGROUP);
}
