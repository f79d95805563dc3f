// User-defined ops: the user's WGSL (fn compute(i: u32)) plus a shape rule, an optional
// float64 CPU version, and a backward made of other ops (built-in or user-defined,
// e.g. a second kernel for the gradient). Once defined, an op is a function like
// tanh(): it checks, allocates, encodes and records, and backward() applies its rule.
//
// defineOp is async because WebGPU reports compile errors asynchronously: it compiles
// the WGSL on the current GPU and turns the compiler's messages into an error that
// points at the line and column of the user's source.
import { compileReport, type CompileErrorSite } from '../shaders/compile-report.js';
import { CUSTOM_RESERVED, customLabel, customWgsl, type CustomLayout,
  type CustomModule } from '../shaders/custom.js';
import { TensorError } from '../tensor/errors.js';
import { existingGpu } from '../tensor/runtime.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { callCustomOp } from './custom-op-call.js';
import { customRule } from './custom-backward.js';
import { RULES } from './rules.js';

export type OpAttrs = Record<string, number>;

/** What a backward gets: the incoming gradient dy and the forward call it belongs to. */
export interface GradInputs {
  dy: Tensor;
  inputs: Tensor[];
  output: Tensor;
  attrs: OpAttrs;
  /** Per input: whether its gradient is wanted (others may be returned as null). */
  needsGrad: boolean[];
}

export interface OpSpec {
  /** Names the op on the tape, in errors and in its kernel's label (custom_<name>). */
  name: string;
  /** Input names; each is a read-only array<f32> of that name in the WGSL. */
  inputs: readonly string[];
  /** The output shape from the input shapes. Runs before anything is allocated: throw a
   * ShapeError worded `name: requirement; got shapes` for shapes the op cannot take. */
  shape: (shapes: Shape[], attrs: OpAttrs) => Shape;
  /** WGSL that defines fn compute(i: u32), run once for each i < p.n, writing out. */
  wgsl: string;
  /** u32 values computed from the input shapes, read in WGSL as p.<name>. */
  sizes?: Record<string, (shapes: Shape[]) => number>;
  /** f32 attributes with their defaults, set per call (op(x, { beta: 2 })): p.<name>. */
  attrs?: OpAttrs;
  /** How many times compute runs (p.n); default: once per element of the output. */
  invocations?: (shapes: Shape[], out: Shape) => number;
  /** Invocations per workgroup, 1..256; default 64. */
  workgroupSize?: number;
  /** The float64 CPU version of compute: the `cpu` backend, and gradcheck's reference.
   * `arrays` holds each input by name and `out`; `p` holds n, the sizes and attrs. */
  cpu?: (i: number, arrays: Record<string, Float64Array>, p: Record<string, number>) => void;
  /** One gradient per input (null where none is wanted), made of other ops. */
  backward?: (g: GradInputs) => (Tensor | null)[];
}

/** An op made by defineOp: call it like a built-in, op(x) or op(x, b, { beta: 2 }). */
export interface CustomOp {
  (...args: (Tensor | Partial<OpAttrs>)[]): Tensor;
  /** The op's name (spec.name). */
  readonly name: string;
  readonly spec: Readonly<OpSpec>;
  /** The whole WGSL module: generated bindings, the op's source, the entry point. */
  readonly wgsl: string;
  /** Compiles and checks the WGSL on the current GPU (defineOp does this when one is). */
  compile(): Promise<void>;
}

/** The user's WGSL does not compile; `site` locates the first error in their source. */
export class WgslError extends TensorError {
  override name = 'WgslError';
  constructor(message: string, readonly site: CompileErrorSite | null) {
    super(message);
  }
}

/** A definition as the call and compile steps see it. */
export interface Definition {
  spec: OpSpec;
  layout: CustomLayout;
  module: CustomModule;
  /** Set once the WGSL compiled cleanly on some device. */
  checked: boolean;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const BUILT_IN = [...Object.keys(RULES), 'gatherRows'];
const MAX_INPUTS = 7; // plus out: 8 storage buffers, WebGPU's default per-stage limit

function fail(requirement: string, got: unknown): never {
  throw new TensorError(`defineOp: ${requirement}; got ${got}`);
}

function checkNames(spec: OpSpec): void {
  if (typeof spec.name !== 'string' || !IDENTIFIER.test(spec.name)) {
    fail('name must be a WGSL-style identifier (letter, then letters, digits, _)',
      JSON.stringify(spec.name));
  }
  if (BUILT_IN.includes(spec.name)) fail('name must not be a built-in op\'s', spec.name);
  const names = [...spec.inputs, ...Object.keys(spec.sizes ?? {}),
    ...Object.keys(spec.attrs ?? {})];
  for (const n of names) {
    if (!IDENTIFIER.test(n)) fail(`${spec.name}: names must be identifiers`, JSON.stringify(n));
    if (CUSTOM_RESERVED.includes(n)) {
      fail(`${spec.name}: ${CUSTOM_RESERVED.join(', ')} are taken by the generated code`, n);
    }
  }
  const twice = names.find((n, k) => names.indexOf(n) !== k);
  if (twice) fail(`${spec.name}: inputs, sizes and attrs need distinct names`, `${twice} twice`);
}

function checkSpec(spec: OpSpec): void {
  if (!spec || typeof spec !== 'object') fail('takes an op spec object', spec);
  if (!Array.isArray(spec.inputs) || spec.inputs.length < 1 ||
    spec.inputs.length > MAX_INPUTS) {
    fail(`inputs must be an array of 1 to ${MAX_INPUTS} names`, JSON.stringify(spec.inputs));
  }
  checkNames(spec);
  if (typeof spec.shape !== 'function') fail(`${spec.name}: needs a shape rule`, spec.shape);
  if (typeof spec.wgsl !== 'string' || !spec.wgsl.trim()) {
    fail(`${spec.name}: wgsl must define fn compute(i: u32)`, JSON.stringify(spec.wgsl));
  }
  const wg = spec.workgroupSize ?? 64;
  if (!Number.isInteger(wg) || wg < 1 || wg > 256) {
    fail(`${spec.name}: workgroupSize must be a whole number in 1..256`, wg);
  }
  for (const [k, v] of Object.entries(spec.attrs ?? {})) {
    if (!Number.isFinite(v)) fail(`${spec.name}: attr ${k} needs a finite default`, v);
  }
  for (const k of ['cpu', 'backward', 'invocations'] as const) {
    if (spec[k] !== undefined && typeof spec[k] !== 'function') {
      fail(`${spec.name}: ${k} must be a function`, typeof spec[k]);
    }
  }
}

// NOTE: the WGSL is checked once, on the GPU current at defineOp or compile(); a later
// device (after close() and init()) compiles the same text without waiting for the
// compiler's messages, which is safe because the text already compiled once.
async function compile(def: Definition): Promise<void> {
  const gpu = existingGpu();
  if (!gpu) {
    throw new TensorError(`${def.spec.name}: compile needs a GPU; none is initialised` +
      '\nhint: call `await init()` first');
  }
  const label = customLabel(def.spec.name);
  const verdict = await gpu.pipelines.compileChecked(label, def.module.wgsl);
  const report = compileReport(`${def.spec.name}.wgsl`, verdict.messages, def.module,
    def.spec.wgsl);
  if (report) {
    throw new WgslError(`${def.spec.name}: the WGSL does not compile\n${report.text}`,
      report.first);
  }
  if (verdict.pipelineError) {
    throw new WgslError(`${def.spec.name}: the WGSL compiles, but WebGPU refused the ` +
      `pipeline: ${verdict.pipelineError}`, null);
  }
  def.checked = true;
}

/**
 * Defines an op from `spec`. When a GPU is initialised, its WGSL is compiled and
 * checked before this resolves; a compile error throws a WgslError that names the
 * line and column in spec.wgsl. Without a GPU (the cpu backend), call `op.compile()`
 * after `init()` before using it on a GPU.
 */
export async function defineOp(spec: OpSpec): Promise<CustomOp> {
  checkSpec(spec);
  const layout: CustomLayout = {
    name: spec.name,
    inputs: [...spec.inputs],
    sizes: Object.keys(spec.sizes ?? {}),
    attrs: Object.keys(spec.attrs ?? {}),
    workgroupSize: spec.workgroupSize ?? 64,
  };
  const def: Definition = {
    spec, layout, module: customWgsl(layout, spec.wgsl), checked: false,
  };
  const rule = spec.backward && customRule(spec.name, spec.inputs, spec.backward);
  const op = (...args: (Tensor | Partial<OpAttrs>)[]) => callCustomOp(def, args, rule);
  Object.defineProperties(op, {
    name: { value: spec.name },
    spec: { value: spec },
    wgsl: { value: def.module.wgsl },
    compile: { value: () => compile(def) },
  });
  if (existingGpu()) await compile(def);
  return op as CustomOp;
}
