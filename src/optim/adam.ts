// Adam (Kingma & Ba 2015) with bias correction and ε added after √v̂, as in the paper
// and PyTorch. One fused kernel per parameter updates θ, m and v together.
// An optional L2 penalty l2·Σθ² adds 2·l2·θ to each gradient (the reported loss
// does not include it).
import {
  ADAM_LABEL, ADAM_PARAMS, adamGrid, adamInvocations, adamWgsl,
} from '../shaders/adam.js';
import { BufferUsage } from '../tensor/pool.js';
import { TensorError } from '../tensor/errors.js';
import { adamRef, type AdamHyper } from '../tensor/reference.js';
import { emptyTensor, type Tensor, type TensorData } from '../tensor/tensor.js';

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** L2 penalty coefficient: the loss gains l2·Σθ². */
  l2?: number;
}

/** Everything a later run needs to continue exactly: the step count and both moments,
 * one array per parameter in the order the optimizer was given them. */
export interface AdamState {
  t: number;
  m: TensorData[];
  v: TensorData[];
}

interface Slot {
  param: Tensor;
  /** The gradient applied by the last step: a leaf the next loss does not reach keeps
   * it, and applying it again would be a stale update. */
  applied: Tensor | null;
  m: Tensor;
  v: Tensor;
  /** Holds this parameter's uniform; rewritten each step. */
  uniform: GPUBuffer | null;
}

function zeroed(like: Tensor, what: string): Tensor {
  const t = emptyTensor(like.shape, like.gpu, `adam ${what}`, true);
  if (t.gpu) t.gpu.clear(t.buffer, t.size * 4);
  return t;
}

export class Adam {
  readonly hyper: AdamHyper;
  /** Steps taken so far; the next step is number t + 1. */
  t = 0;
  private slots: Slot[];

  constructor(params: Tensor[], opts: AdamOptions = {}) {
    this.hyper = {
      lr: opts.lr ?? 1e-3, beta1: opts.beta1 ?? 0.9, beta2: opts.beta2 ?? 0.999,
      eps: opts.eps ?? 1e-8, l2: opts.l2 ?? 0,
    };
    checkHyper(this.hyper);
    this.slots = params.map((param) => {
      if (!param.requiresGrad) throw new TensorError(`Adam: ${param} does not require grad`);
      const uniform = param.gpu?.device.createBuffer({
        size: Math.ceil(ADAM_PARAMS.length / 4) * 16,
        usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
        label: `adam params for ${param}`,
      }) ?? null;
      return { param, applied: null, m: zeroed(param, 'm'), v: zeroed(param, 'v'), uniform };
    });
  }

  /** Updates every parameter that has a gradient it has not applied yet. */
  step(): void {
    this.t++;
    const live = this.slots.filter((s) => s.param.grad && s.param.grad !== s.applied);
    for (const s of live) s.param.assertUsable('Adam.step');
    // All uniforms first: each queue write flushes pending work, so this costs one flush.
    for (const s of live) if (s.uniform) this.writeUniform(s);
    for (const slot of live) {
      const { param, m, v, uniform } = slot;
      const grad = param.grad!;
      slot.applied = grad;
      if (!param.gpu) adamRef(param.data, grad.data, m.data, v.data, this.hyper, this.t);
      else if (param.size > 0) {
        const kernel = param.gpu.compile(ADAM_LABEL, adamWgsl);
        const buffers = [uniform!, grad.buffer, param.buffer, m.buffer, v.buffer];
        param.gpu.dispatch(kernel, buffers, adamGrid(param.size), ADAM_LABEL);
      }
    }
  }

  private writeUniform({ param, uniform }: Slot): void {
    const h = this.hyper;
    // Every difference in float64 here: 1 − 0.999ᵗ loses digits when computed in f32.
    const values: Record<(typeof ADAM_PARAMS)[number], number> = {
      n4: 0, lr: h.lr, beta1: h.beta1, beta2: h.beta2, omb1: 1 - h.beta1, omb2: 1 - h.beta2,
      eps: h.eps, c1: 1 - h.beta1 ** this.t, c2: 1 - h.beta2 ** this.t, l2: h.l2,
    };
    const words = new Float32Array(ADAM_PARAMS.map((name) => values[name]));
    new Uint32Array(words.buffer)[0] = adamInvocations(param.size);
    param.gpu!.write(uniform!, words);
  }

  /** Copies t, m and v back to the CPU, e.g. for a checkpoint. */
  async state(): Promise<AdamState> {
    const reads = this.slots.flatMap((s) => [s.m.read(), s.v.read()]);
    const values = await Promise.all(reads);
    return {
      t: this.t,
      m: values.filter((_, i) => i % 2 === 0),
      v: values.filter((_, i) => i % 2 === 1),
    };
  }

  /** Continues from a saved state: the next step is number state.t + 1. */
  load(state: { t: number; m: ArrayLike<number>[]; v: ArrayLike<number>[] }): void {
    if (!(Number.isInteger(state.t) && state.t >= 0)) {
      throw new TensorError(`Adam.load: t must be a whole number >= 0; got ${state.t}`);
    }
    const n = this.slots.length;
    if (state.m.length !== n || state.v.length !== n) {
      throw new TensorError(`Adam.load: needs m and v for ${n} parameters; got ` +
        `${state.m.length} and ${state.v.length}`);
    }
    this.slots.forEach((slot, i) => {
      setValues(slot.m, state.m[i]!, `m[${i}]`);
      setValues(slot.v, state.v[i]!, `v[${i}]`);
      slot.applied = null;
    });
    this.t = state.t;
  }

  dispose(): void {
    for (const s of this.slots) {
      s.m.dispose();
      s.v.dispose();
      if (s.uniform) s.param.gpu?.destroyBuffer(s.uniform);
    }
    this.slots = [];
  }
}

function setValues(t: Tensor, values: ArrayLike<number>, what: string): void {
  if (values.length !== t.size) {
    throw new TensorError(`Adam.load: ${what} has ${values.length} values; ${t} needs ${t.size}`);
  }
  if (!t.gpu) t.data.set(values);
  else if (t.size > 0) t.gpu.write(t.buffer, Float32Array.from(values));
}

function checkHyper(h: AdamHyper): void {
  const bad = (name: string, v: number, ok: boolean) => {
    if (!ok) throw new TensorError(`Adam: ${name} must be ${name.startsWith('beta') ?
      'in [0, 1)' : 'finite and >= 0'}; got ${v}`);
  };
  bad('lr', h.lr, Number.isFinite(h.lr) && h.lr >= 0);
  bad('beta1', h.beta1, h.beta1 >= 0 && h.beta1 < 1);
  bad('beta2', h.beta2, h.beta2 >= 0 && h.beta2 < 1);
  bad('eps', h.eps, Number.isFinite(h.eps) && h.eps >= 0);
  bad('l2', h.l2, Number.isFinite(h.l2) && h.l2 >= 0);
}
