// Adam (Kingma & Ba 2015) with bias correction and ε added after √v̂, as in the paper
// and PyTorch. One fused kernel per parameter updates θ, m and v together.
// An optional L2 penalty l2·Σθ² adds 2·l2·θ to each gradient (the reported loss
// does not include it).
import { ADAM_LABEL, ADAM_PARAMS, adamGrid, adamWgsl } from '../shaders/adam.js';
import { BufferUsage } from '../tensor/pool.js';
import { TensorError } from '../tensor/errors.js';
import { adamRef, type AdamHyper } from '../tensor/reference.js';
import { emptyTensor, type Tensor } from '../tensor/tensor.js';

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** L2 penalty coefficient: the loss gains l2·Σθ². */
  l2?: number;
}

interface Slot {
  param: Tensor;
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
        size: ADAM_PARAMS.length * 4, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
        label: `adam params for ${param}`,
      }) ?? null;
      return { param, m: zeroed(param, 'm'), v: zeroed(param, 'v'), uniform };
    });
  }

  /** Updates every parameter that has a gradient from the last backward(). */
  step(): void {
    this.t++;
    const live = this.slots.filter((s) => s.param.grad);
    for (const s of live) s.param.assertUsable('Adam.step');
    // All uniforms first: each queue write flushes pending work, so this costs one flush.
    for (const s of live) if (s.uniform) this.writeUniform(s);
    for (const { param, m, v, uniform } of live) {
      const grad = param.grad!;
      if (!param.gpu) adamRef(param.data, grad.data, m.data, v.data, this.hyper, this.t);
      else if (param.size > 0) {
        const kernel = param.gpu.compile(ADAM_LABEL, adamWgsl());
        const buffers = [uniform!, grad.buffer, param.buffer, m.buffer, v.buffer];
        param.gpu.dispatch(kernel, buffers, adamGrid(param.size), ADAM_LABEL);
      }
    }
  }

  private writeUniform({ param, uniform }: Slot): void {
    const h = this.hyper;
    // c1 and c2 in float64 here: 1 − 0.999ᵗ loses digits when computed in f32.
    const words = new Float32Array([0, h.lr, h.beta1, h.beta2, h.eps,
      1 - h.beta1 ** this.t, 1 - h.beta2 ** this.t, h.l2]);
    new Uint32Array(words.buffer)[0] = param.size;
    param.gpu!.write(uniform!, words);
  }

  dispose(): void {
    for (const s of this.slots) {
      s.m.dispose();
      s.v.dispose();
      s.uniform?.destroy();
    }
    this.slots = [];
  }
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
