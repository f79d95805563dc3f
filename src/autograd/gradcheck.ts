// gradcheck: the analytic gradient (backward) against central differences,
//   ∂L/∂x[i] ≈ (L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h,
// element by element, for every input that requires grad. A result y with more than
// one element becomes the loss L = Σ y·P with a fixed random P, so that every element
// of y carries its own weight and a transposed or shifted gradient cannot hide.
//
// It runs on the float64 cpu backend when every op in fn has a CPU version (h = 1e-6,
// differences good to ~1e-10), else on the GPU in float32, where rounding limits a
// difference to ~1e-4 relative: a larger step and looser tolerances, still far below
// the O(1) error of a wrong rule or index.
import { ShapeError, TensorError } from '../tensor/errors.js';
import { mul } from '../tensor/ops/elementwise.js';
import { sum } from '../tensor/ops/reduce.js';
import { noGrad } from '../tensor/record.js';
import { existingGpu, tensor } from '../tensor/runtime.js';
import { Tensor, scope, type Backend } from '../tensor/tensor.js';
import { CpuUnsupportedError } from './custom-op-call.js';
import { backward, clearTape } from './tape.js';

export interface GradcheckOptions {
  /** Default: 'cpu' when every op of fn has a CPU version, else 'webgpu'. */
  backend?: Backend;
  /** The step h, relative to max(1, |x|); default 1e-6 on cpu, 1e-2 on webgpu. */
  eps?: number;
  /** Allowed |analytic − numeric| is atol + rtol·|numeric|; defaults suit the backend. */
  atol?: number;
  rtol?: number;
  /** Elements checked per input; larger inputs get a seeded sample. Default 64. */
  maxElements?: number;
  /** Fixes the projection P and the sample. */
  seed?: number;
}

export interface GradcheckWorst {
  /** Which input (its position in `inputs`), and its name when it has one. */
  input: number;
  name: string;
  /** The element, one index per dimension. */
  index: number[];
  analytic: number;
  numeric: number;
  /** |analytic − numeric|, and what was allowed there. */
  error: number;
  allowed: number;
}

export interface GradcheckReport {
  ok: boolean;
  backend: Backend;
  /** Elements compared, over all inputs that require grad. */
  checked: number;
  /** The element with the largest error relative to what was allowed. */
  worst: GradcheckWorst | null;
  summary: string;
}

type Fn = (...inputs: Tensor[]) => Tensor;

const DEFAULTS: Record<Backend, { eps: number; atol: number; rtol: number }> = {
  cpu: { eps: 1e-6, atol: 1e-5, rtol: 1e-3 },
  webgpu: { eps: 1e-2, atol: 1e-3, rtol: 1e-2 },
};

/** mulberry32 in [-1, 1): the projection and the sample, the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = Math.imul(s ^ (s >>> 15), s | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (((z ^ (z >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

interface Problem {
  fn: Fn;
  inputs: Tensor[];
  values: Float64Array[];
  backend: Backend;
  /** The projection's values once the result's shape is known (null: scalar result). */
  projection: Float64Array | null | undefined;
  seed: number;
}

/** Runs fn on fresh copies of the inputs (with `values`) and reduces to the loss. */
function evaluate(pb: Problem, values: Float64Array[], withGrad: boolean) {
  const leaves = pb.inputs.map((t, k) => tensor(values[k]!, t.shape, {
    backend: pb.backend, requiresGrad: withGrad && t.requiresGrad, name: t.name,
  }));
  const y = pb.fn(...leaves);
  if (!(y instanceof Tensor)) {
    throw new TensorError(`gradcheck: fn must return a Tensor; got ${typeof y}`);
  }
  if (pb.projection === undefined) {
    const next = random(pb.seed);
    pb.projection = y.size === 1 ? null : Float64Array.from({ length: y.size }, next);
  }
  if (pb.projection && pb.projection.length !== y.size) {
    throw new ShapeError(`gradcheck: fn must return the same shape every time; got ${y}`);
  }
  const p = pb.projection && tensor(pb.projection, y.shape, { backend: pb.backend });
  return { leaves, loss: p ? sum(mul(y, p)) : y };
}

async function analytic(pb: Problem): Promise<Float64Array[]> {
  try {
    const { leaves, loss } = scope(() => evaluate(pb, pb.values, true));
    backward(loss);
    const grads = await Promise.all(leaves.map(async (t) =>
      (t.grad ? Float64Array.from(await t.grad.read()) : new Float64Array(t.size))));
    for (const t of [...leaves, loss]) {
      t.grad?.dispose();
      t.dispose();
    }
    return grads;
  } finally {
    clearTape();
  }
}

function sample(size: number, max: number, seed: number): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (size <= max) return all;
  const next = random(seed);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(((next() + 1) / 2) * (size - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, max).sort((a, b) => a - b);
}

interface Probe {
  input: number;
  element: number;
  step: number;
  plus: Tensor;
  minus: Tensor;
}

/**
 * The losses at x ± h·eᵢ for every probed element, all encoded before any is read.
 * NOTE: two whole forward passes per element: fine for the small inputs a check
 * needs, which is why larger inputs are sampled (maxElements) rather than walked.
 */
function probes(pb: Problem, eps: number, maxElements: number): Probe[] {
  const round = pb.backend === 'webgpu' ? Math.fround : (v: number) => v;
  const lossAt = (values: Float64Array[]) =>
    noGrad(() => scope(() => evaluate(pb, values, false).loss));
  const out: Probe[] = [];
  pb.inputs.forEach((t, k) => {
    if (!t.requiresGrad) return;
    for (const i of sample(t.size, maxElements, pb.seed + 1 + k)) {
      const x = pb.values[k]!;
      const h = eps * Math.max(1, Math.abs(x[i]!));
      const [up, down] = [round(x[i]! + h), round(x[i]! - h)]; // steps the backend can hold
      const at = (v: number) => pb.values.map((a, j) => (j === k ? a.map((e, n) =>
        (n === i ? v : e)) : a));
      out.push({ input: k, element: i, step: up - down, plus: lossAt(at(up)),
        minus: lossAt(at(down)) });
    }
  });
  return out;
}

function unflatten(flat: number, shape: readonly number[]): number[] {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    index.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}

async function compare(pb: Problem, grads: Float64Array[], opts: GradcheckOptions) {
  const d = DEFAULTS[pb.backend];
  const atol = opts.atol ?? d.atol;
  const rtol = opts.rtol ?? d.rtol;
  const list = probes(pb, opts.eps ?? d.eps, opts.maxElements ?? 64);
  let worst: GradcheckWorst | null = null;
  let worstRatio = -1;
  for (const p of list) {
    const [plus, minus] = await Promise.all([p.plus.item(), p.minus.item()]);
    p.plus.dispose();
    p.minus.dispose();
    const numeric = (plus - minus) / p.step;
    const analyticValue = grads[p.input]![p.element]!;
    const error = Math.abs(analyticValue - numeric);
    const allowed = atol + rtol * Math.abs(numeric);
    const ratio = Number.isNaN(error) ? Infinity : error / allowed;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      const t = pb.inputs[p.input]!;
      worst = { input: p.input, name: t.name ?? `input ${p.input}`, error, allowed, numeric,
        index: unflatten(p.element, t.shape), analytic: analyticValue };
    }
  }
  return { worst, checked: list.length, ok: worstRatio <= 1 };
}

function summarize(r: Omit<GradcheckReport, 'summary'>): string {
  const where = r.backend === 'cpu' ? 'cpu (float64)' : 'webgpu (float32)';
  const head = `gradcheck ${r.ok ? 'passed' : 'FAILED'} on ${where}, ${r.checked} elements`;
  const w = r.worst;
  if (!w) return head;
  return `${head}; worst: ${w.name} [${w.index.join(', ')}]: analytic ${w.analytic}, ` +
    `numeric ${w.numeric}, off by ${w.error.toExponential(2)} ` +
    `(allowed ${w.allowed.toExponential(2)})`;
}

function checkArguments(fn: Fn, inputs: Tensor[]): void {
  if (typeof fn !== 'function') throw new TensorError('gradcheck: fn must be a function');
  if (!Array.isArray(inputs) || !inputs.every((t) => t instanceof Tensor)) {
    throw new TensorError('gradcheck: inputs must be an array of tensors');
  }
  if (!inputs.some((t) => t.requiresGrad)) {
    throw new TensorError('gradcheck: needs an input with requiresGrad to check; got ' +
      `${inputs.length} input(s), none with it\nhint: make the inputs to check with ` +
      'tensor(values, shape, { requiresGrad: true })');
  }
}

/**
 * Checks the gradients fn's backward computes against central differences, for every
 * input that requires grad. Pass constants (targets, projections) as inputs without
 * requiresGrad: fn is re-run on copies of all inputs, possibly on another backend.
 */
export async function gradcheck(fn: Fn, inputs: Tensor[],
  opts: GradcheckOptions = {}): Promise<GradcheckReport> {
  checkArguments(fn, inputs);
  const values = await Promise.all(inputs.map(async (t) => Float64Array.from(await t.read())));
  const pb: Problem = { fn, inputs, values, backend: opts.backend ?? 'cpu',
    projection: undefined, seed: opts.seed ?? 1 };
  let grads: Float64Array[];
  try {
    grads = await analytic(pb);
  } catch (error) {
    if (opts.backend || !(error instanceof CpuUnsupportedError) || !existingGpu()) throw error;
    pb.backend = 'webgpu'; // an op without a CPU version: check on the GPU instead
    pb.projection = undefined;
    grads = await analytic(pb);
  }
  const result = { backend: pb.backend, ...(await compare(pb, grads, opts)) };
  return { ...result, summary: summarize(result) };
}
