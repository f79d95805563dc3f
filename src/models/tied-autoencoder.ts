// The tied-weight ("shared-weight") autoencoder. Layer sizes [D, H1, H2, …]; one
// weight Wi of shape [Hi−1, Hi] per layer, used twice:
//   encoder  code = f(…f(x·W1)·W2…)
//   decoder  x̂    = (…f(code·W2ᵀ)…)·W1ᵀ
// f is the activation (linear by default), applied after every layer except the
// reconstruction: a built-in one by name, or any x -> f(x) of the same shape, such as
// an op made with defineOp (see docs/custom-op.md). The decoder's Wᵀ is the matmul
// flag transB, never a copy, and each W's gradient is the sum of its encoder and
// decoder contributions.
// A linear model is one matrix: code = x·(W1·W2·…), x̂ = code·(W1·W2·…)ᵀ. Multiplying
// the small weights first is the same function in fewer multiply-adds whenever the
// code is narrower than the layers before it (33→20→10: 330 per row each way instead
// of 860), so the model picks the cheaper order (see ChainOrder); the tape records
// whichever ran, and the weights' gradients flow back through the product.
import { shownValue } from '../data/errors.js';
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

/**
 * How a linear model multiplies its chain: 'layers' one layer at a time, as written;
 * 'product' the weights first (P = W1·…·Wn, then x·P and code·Pᵀ); 'auto' (the default)
 * whichever takes fewer multiply-adds for the batch at hand. The two give the same
 * values up to float32 rounding. A model with an activation always goes by layers.
 */
export type ChainOrder = 'auto' | 'layers' | 'product';
export const CHAIN_ORDERS: readonly ChainOrder[] = ['auto', 'layers', 'product'];

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

function activationName(a: Activation | ActivationFn): string {
  return typeof a === 'function' ? `the function ${a.name || '(anonymous)'}` : a;
}

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
  private chainOrder: ChainOrder = 'auto';

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

  /** See ChainOrder; a setting of this object, not of model.json. */
  get order(): ChainOrder {
    return this.chainOrder;
  }

  set order(order: ChainOrder) {
    if (!CHAIN_ORDERS.includes(order)) {
      throw new TensorError(`autoencoder: order must be one of ${CHAIN_ORDERS.join(', ')}; ` +
        `got ${shownValue(order)}`);
    }
    this.chainOrder = order;
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

  /**
   * True when this batch of `rows` goes through P = W1·…·Wn: the model is linear, and
   * P's cost plus `passes` products of rows × D × H_last take fewer multiply-adds than
   * `passes` walks through the layers (encode is one pass, loss two).
   */
  private byProduct(rows: number, passes: number): boolean {
    const linear = this.config.activation === 'linear';
    if (this.order === 'product' && !linear) {
      throw new TensorError("autoencoder: order 'product' needs a linear model; this one's " +
        `activation is ${activationName(this.config.activation)}\nhint: use order 'auto'`);
    }
    if (!linear || this.weights.length === 1) return false;
    if (this.order !== 'auto') return this.order === 'product';
    const l = this.config.layers;
    let product = 0;
    let layers = l[0]! * l[1]!;
    for (let i = 2; i < l.length; i++) {
      product += l[0]! * l[i - 1]! * l[i]!;
      layers += l[i - 1]! * l[i]!;
    }
    return product + passes * rows * l[0]! * this.codeWidth < passes * rows * layers;
  }

  /** P = W1·W2·…·Wn, [D, H_last]: the whole linear encoder as one matrix. */
  private product(): Tensor {
    return this.weights.slice(1).reduce((p, w) => matmul(p, w), this.weights[0]!);
  }

  // x: [B, D] -> [B, H_last]
  encode(x: Tensor): Tensor {
    this.checkInput('encode', x, this.inputWidth);
    if (this.byProduct(x.shape[0]!, 1)) return matmul(x, this.product());
    const f = this.activate;
    return this.weights.reduce((h, w) => f(matmul(h, w)), x);
  }

  // code: [B, H_last] -> [B, D]
  decode(code: Tensor): Tensor {
    this.checkInput('decode', code, this.codeWidth);
    if (this.byProduct(code.shape[0]!, 1)) {
      return matmul(code, this.product(), { transB: true });
    }
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
    this.checkInput('loss', x, this.inputWidth);
    if (this.byProduct(x.shape[0]!, 2)) {
      const p = this.product();
      return mse(matmul(matmul(x, p), p, { transB: true }), x);
    }
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
