// The tied-weight ("shared-weight") autoencoder. Layer sizes [D, H1, H2, …]; one
// weight Wi of shape [Hi−1, Hi] per layer, used twice:
//   encoder  code = f(…f(x·W1)·W2…)
//   decoder  x̂    = (…f(code·W2ᵀ)…)·W1ᵀ
// f is the activation (linear by default), applied after every layer except the
// reconstruction: a built-in one by name, or any x -> f(x) of the same shape, such as
// an op made with defineOp (see docs/custom-op.md). The decoder's Wᵀ is the matmul
// flag transB, never a copy, and each W's gradient is the sum of its encoder and
// decoder contributions.
import { matmul } from '../tensor/ops/matmul.js';
import { relu, sigmoid, tanh } from '../tensor/ops/elementwise.js';
import { mse } from '../tensor/ops/reduce.js';
import { gatherRows, rowIndex } from '../tensor/ops/gather.js';
import { noGrad } from '../tensor/record.js';
import { TensorError, fmtShape } from '../tensor/errors.js';
import { checkFits, leafTensor, scope, type Tensor } from '../tensor/tensor.js';
import type { Gpu } from '../tensor/gpu.js';
import { heNormal } from './init.js';
import { Rng } from './random.js';

export const ACTIVATIONS = ['linear', 'relu', 'tanh', 'sigmoid'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
/** An activation of your own: y = f(x) with y shaped like x, e.g. a defineOp op. */
export type ActivationFn = (x: Tensor) => Tensor;

export interface AutoencoderConfig {
  /** [D, H1, H2, …]: input width, then each layer's width; the last is the code. */
  layers: number[];
  /** A built-in activation by name, or a function (model.json stores names only). */
  activation: Activation | ActivationFn;
  /** Fixes the initial weights. */
  seed: number;
}

const ACTIVATE: Record<Activation, (x: Tensor) => Tensor> = {
  linear: (x) => x,
  relu,
  tanh,
  sigmoid,
};

export function checkConfig(c: AutoencoderConfig): void {
  if (c.layers.length < 2 || !c.layers.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new TensorError(`autoencoder: layers must be two or more whole sizes >= 1; ` +
      `got [${c.layers.join(', ')}]`);
  }
  if (typeof c.activation !== 'function' && !ACTIVATIONS.includes(c.activation)) {
    throw new TensorError(`autoencoder: activation must be one of ${ACTIVATIONS.join(', ')}; ` +
      `got ${c.activation}`);
  }
}

export class TiedAutoencoder {
  readonly weights: Tensor[];

  /** New weights (He-normal, from config.seed), or the given ones (row-major). */
  constructor(readonly config: AutoencoderConfig, gpu: Gpu | null,
    initial?: ArrayLike<number>[]) {
    checkConfig(config);
    const rng = new Rng(config.seed);
    const { layers } = config;
    // Every weight must fit before any is drawn: drawing a huge one takes long, then fails.
    layers.slice(1).forEach((out, i) => checkFits(`W${i + 1}`, [layers[i]!, out], gpu));
    this.weights = layers.slice(1).map((out, i) => {
      const inp = layers[i]!;
      const values = initial?.[i] ?? heNormal(inp, out, rng);
      return leafTensor(values, [inp, out], gpu, { requiresGrad: true, name: `W${i + 1}` });
    });
  }

  private get activate(): ActivationFn {
    const a = this.config.activation;
    return typeof a === 'function' ? a : ACTIVATE[a];
  }

  get inputWidth(): number {
    return this.config.layers[0]!;
  }

  get codeWidth(): number {
    return this.config.layers[this.config.layers.length - 1]!;
  }

  private checkInput(op: string, x: Tensor, width: number): void {
    if (x.shape.length !== 2 || x.shape[1] !== width) {
      throw new TensorError(`${op}: expects rows of ${width} values, [B, ${width}]; ` +
        `got x ${fmtShape(x.shape)}`);
    }
  }

  // x: [B, D] -> [B, H_last]
  encode(x: Tensor): Tensor {
    this.checkInput('encode', x, this.inputWidth);
    const f = this.activate;
    return this.weights.reduce((h, w) => f(matmul(h, w)), x);
  }

  // code: [B, H_last] -> [B, D]
  decode(code: Tensor): Tensor {
    this.checkInput('decode', code, this.codeWidth);
    const f = this.activate;
    let h = code;
    for (let i = this.weights.length - 1; i >= 0; i--) {
      h = matmul(h, this.weights[i]!, { transB: true });
      if (i > 0) h = f(h);
    }
    return h;
  }

  // x: [B, D] -> []: mean squared reconstruction error over all B·D values
  loss(x: Tensor): Tensor {
    return mse(this.decode(this.encode(x)), x);
  }

  /** The codes of every row of `data` [R, D], computed `batch` rows at a time. */
  async codes(data: Tensor, batch = 1000): Promise<Float32Array> {
    this.checkInput('codes', data, this.inputWidth);
    const rows = data.shape[0]!;
    const out = new Float32Array(rows * this.codeWidth);
    const all = rowIndex(data, Array.from({ length: rows }, (_, i) => i));
    try {
      for (let start = 0; start < rows; start += batch) {
        const n = Math.min(batch, rows - start);
        const code = noGrad(() => scope(() => this.encode(gatherRows(data, all, start, n))));
        const values = await code.read();
        code.dispose();
        const bad = values.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) {
          throw new TensorError(`codes: row ${start + Math.floor(bad / this.codeWidth)} has ` +
            `the code ${values[bad]}\nhint: the weights or the data are too large for float32`);
        }
        out.set(values, start * this.codeWidth);
      }
    } finally {
      all.dispose();
    }
    return out;
  }

  /** The weights' values, row-major, one array per layer. */
  async weightValues(): Promise<number[][]> {
    return Promise.all(this.weights.map(async (w) => Array.from(await w.read())));
  }

  dispose(): void {
    for (const w of this.weights) {
      w.grad?.dispose();
      w.dispose();
    }
  }
}
