// One call of a user-defined op, in the order every op follows: check (arguments,
// devices, the shape rule, a backward when one will be needed) → allocate the output →
// encode the user's kernel (or run its CPU version) → record on the tape.
import { customGrid, customLabel } from '../shaders/custom.js';
import { ShapeError, TensorError, fmtShape } from '../tensor/errors.js';
import type { Gpu } from '../tensor/gpu.js';
import { commonDevice } from '../tensor/ops/operands.js';
import { isRecording, record, type EntryBackward } from '../tensor/record.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor, emptyTensor } from '../tensor/tensor.js';
import type { Definition, OpAttrs } from './custom-op.js';

/** The op has no CPU version and a tensor lives on the cpu backend. */
export class CpuUnsupportedError extends TensorError {
  override name = 'CpuUnsupportedError';
}

const U32_MAX = 0xffffffff;

function splitArgs(def: Definition, args: unknown[]): { inputs: Tensor[]; attrs: OpAttrs } {
  const { name, inputs: names } = def.spec;
  const last = args[args.length - 1];
  const given = last !== undefined && !(last instanceof Tensor) ? args.slice(0, -1) : args;
  const extra = given === args ? {} : (last as Partial<OpAttrs>);
  if (given.length !== names.length || !given.every((t) => t instanceof Tensor)) {
    throw new TensorError(`${name}: takes ${names.length} tensor(s) (${names.join(', ')}) ` +
      `and optional attrs; got ${args.map((a) => (a instanceof Tensor ? a : typeof a))
        .join(', ') || 'nothing'}`);
  }
  const attrs = { ...def.spec.attrs };
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (!(k in attrs)) {
      throw new TensorError(`${name}: has no attribute ${k}; it has ` +
        `${Object.keys(attrs).join(', ') || 'none'}`);
    }
    if (!Number.isFinite(v)) throw new TensorError(`${name}: attr ${k} must be finite; got ${v}`);
    attrs[k] = v!;
  }
  return { inputs: given as Tensor[], attrs };
}

function outputShape(def: Definition, shapes: Shape[], attrs: OpAttrs): Shape {
  const out = def.spec.shape(shapes.map((s) => [...s]), attrs);
  if (!Array.isArray(out) || !out.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`${def.spec.name}: the shape rule must return an array of whole ` +
      `numbers >= 0; got ${JSON.stringify(out)} for inputs ${shapes.map(fmtShape).join(', ')}`);
  }
  return out;
}

function whole(op: string, what: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > U32_MAX) {
    throw new TensorError(`${op}: ${what} must be a whole number in 0..${U32_MAX}; got ${v}`);
  }
  return v;
}

/** p's values in WGSL order: n, the sizes, the attrs. */
function uniformValues(def: Definition, shapes: Shape[], out: Shape, attrs: OpAttrs) {
  const { spec, layout } = def;
  const count = spec.invocations ? spec.invocations(shapes, out) : out.reduce((a, d) => a * d, 1);
  const p: Record<string, number> = { n: whole(spec.name, 'invocations', count) };
  for (const s of layout.sizes) p[s] = whole(spec.name, `size ${s}`, spec.sizes![s]!(shapes));
  for (const a of layout.attrs) p[a] = attrs[a]!;
  return p;
}

function checkRunnable(def: Definition, inputs: Tensor[], gpu: Gpu | null,
  rule: EntryBackward | undefined): void {
  const { name } = def.spec;
  const needing = inputs.filter((t) => t.requiresGrad);
  if (!rule && isRecording() && needing.length > 0) {
    throw new TensorError(`${name}: has no backward, and an input requires grad ` +
      `(${needing.join(', ')})\nhint: give defineOp a backward, or run it in noGrad()`);
  }
  if (!gpu && !def.spec.cpu) {
    throw new CpuUnsupportedError(`${name}: has no CPU version, and its inputs live on the ` +
      'cpu backend\nhint: give defineOp a cpu function, or use the webgpu backend');
  }
  if (gpu && !def.checked) {
    throw new TensorError(`${name}: its WGSL has not been compiled and checked yet` +
      `\nhint: \`await ${name}.compile()\` once init() has a GPU (defineOp does it then)`);
  }
}

function encode(def: Definition, gpu: Gpu, inputs: Tensor[], out: Tensor,
  p: Record<string, number>): void {
  const { layout } = def;
  const words = new Uint32Array(1 + layout.sizes.length + layout.attrs.length);
  const floats = new Float32Array(words.buffer);
  words[0] = p.n!;
  layout.sizes.forEach((s, k) => { words[1 + k] = p[s]!; });
  layout.attrs.forEach((a, k) => { floats[1 + layout.sizes.length + k] = p[a]!; });
  const label = customLabel(layout.name);
  // By text, not by label: two ops may share a name (say, redefined in a notebook).
  const kernel = gpu.pipelines.get(label, def.module.wgsl);
  const buffers = [gpu.uniform(words), ...inputs.map((t) => t.buffer), out.buffer];
  gpu.dispatch(kernel, buffers, customGrid(p.n!, layout.workgroupSize), label);
}

function runOnCpu(def: Definition, inputs: Tensor[], out: Tensor,
  p: Record<string, number>): void {
  const arrays: Record<string, Float64Array> = { out: out.data };
  def.layout.inputs.forEach((name, k) => { arrays[name] = inputs[k]!.data; });
  for (let i = 0; i < p.n!; i++) def.spec.cpu!(i, arrays, p);
}

// inputs: as the spec's shape rule allows -> the shape it returns
export function callCustomOp(def: Definition, args: unknown[],
  rule: EntryBackward | undefined): Tensor {
  const { inputs, attrs } = splitArgs(def, args);
  const gpu = commonDevice(def.spec.name, inputs);
  const shapes = inputs.map((t) => t.shape);
  const shape = outputShape(def, shapes, attrs);
  checkRunnable(def, inputs, gpu, rule);
  const p = uniformValues(def, shapes, shape, attrs);

  const out = emptyTensor(shape, gpu, def.spec.name);

  if (gpu) encode(def, gpu, inputs, out, p);
  else runOnCpu(def, inputs, out, p);

  record(def.spec.name, inputs, out, attrs, rule);
  return out;
}
