// A user-defined op as the tied autoencoder's activation: the model's gradient is
// that of the same graph written out (checked by gradcheck in float64), it trains on
// the GPU and on the cpu backend, and model.json refuses what it cannot store.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam, TiedAutoencoder, backward, clearTape, close, gradcheck, init, matmul, mse, noGrad,
  scope, tensor, train, type Backend, type CustomOp, type Tensor,
} from '../../src/index.js';
import { modelToJSON } from '../../src/models/model-file.js';
import { expectClose } from '../helpers/close.js';
import { randomValues } from '../helpers/random.js';
import { defineSoftplus, errorOf } from './ops.js';

let softplus: CustomOp;

beforeAll(async () => {
  await init();
  softplus = (await defineSoftplus()).softplus;
});
afterAll(() => close());
afterEach(() => clearTape());

/** The tied autoencoder with activation f, written out: what the model must compute. */
function tiedLoss(f: (t: Tensor) => Tensor, x: Tensor, w1: Tensor, w2: Tensor): Tensor {
  const code = f(matmul(f(matmul(x, w1)), w2));
  const xHat = matmul(f(matmul(code, w2, { transB: true })), w1, { transB: true });
  return mse(xHat, x);
}

/** Rows near a 2-D plane in 6-D: an autoencoder with a 2-wide code can learn them. */
function planeRows(rows: number, backend: Backend): Tensor {
  const basis = randomValues(1, 2 * 6);
  const coef = randomValues(2, rows * 2);
  const v = new Float64Array(rows * 6);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < 6; j++) {
      v[r * 6 + j] = coef[2 * r]! * basis[j]! + coef[2 * r + 1]! * basis[6 + j]!;
    }
  }
  return tensor(v, [rows, 6], { backend, name: 'x' });
}

describe('the model computes the written-out graph, with correct gradients', () => {
  it('gradcheck passes on the written-out loss in float64', async () => {
    const x = planeRows(5, 'cpu');
    const w1 = tensor(randomValues(3, 6 * 4), [6, 4], { backend: 'cpu', requiresGrad: true,
      name: 'W1' });
    const w2 = tensor(randomValues(4, 4 * 2), [4, 2], { backend: 'cpu', requiresGrad: true,
      name: 'W2' });
    const r = await gradcheck((x, w1, w2) => tiedLoss(softplus, x, w1, w2), [x, w1, w2]);
    expect(r).toMatchObject({ ok: true, backend: 'cpu', checked: 32 });
  });

  it.each(['cpu', 'webgpu'] as const)('the model\'s W.grad equals it (%s)', async (backend) => {
    const x = planeRows(5, backend);
    const model = new TiedAutoencoder({ layers: [6, 4, 2], activation: softplus, seed: 3 }, x.gpu);
    const [w1, w2] = (await model.weightValues()).map((v, k) =>
      tensor(v, model.weights[k]!.shape, { backend, requiresGrad: true }));
    backward(model.loss(x));
    backward(tiedLoss(softplus, x, w1!, w2!));
    for (const [k, w] of [w1!, w2!].entries()) {
      expectClose(await w.grad!.read(), await model.weights[k]!.grad!.read(),
        { atol: 0, rtol: 0 }, `W${k + 1}`);
    }
  });
});

describe('it trains', () => {
  it('on the GPU with train(): the loss falls by half', async () => {
    const x = planeRows(64, 'webgpu');
    const model = new TiedAutoencoder({ layers: [6, 4, 2], activation: softplus, seed: 0 }, x.gpu);
    const reports = await train(model, x, { epochs: 30, batch: 16, lr: 0.01, seed: 0 });
    expect(reports[29]!.loss).toBeLessThan(reports[0]!.loss / 2);
    model.dispose();
  });

  it('on the cpu backend with Adam steps', async () => {
    const x = planeRows(16, 'cpu');
    const model = new TiedAutoencoder({ layers: [6, 4, 2], activation: softplus, seed: 0 }, null);
    const adam = new Adam(model.weights, { lr: 0.01 });
    const lossNow = () => noGrad(() => scope(() => model.loss(x).data[0]!));
    const before = lossNow();
    for (let step = 0; step < 100; step++) scope(() => { backward(model.loss(x)); adam.step(); });
    expect(lossNow()).toBeLessThan(before / 2);
  });
});

describe('configuration', () => {
  it('a name that is not a built-in activation is still refused', () => {
    expect(() => new TiedAutoencoder({ layers: [2, 1], activation: 'swish' as never, seed: 0 },
      null)).toThrow('autoencoder: activation must be one of linear, relu, tanh, sigmoid; ' +
      'got swish');
  });

  it('model.json refuses a function activation, naming it', async () => {
    const model = new TiedAutoencoder({ layers: [2, 1], activation: softplus, seed: 0 }, null);
    const e = await errorOf(() => modelToJSON({ config: model.config, weights: [[0, 0]],
      pipeline: null, training: null }));
    expect(e.message).toBe('model.json: activation must be one of linear, relu, tanh, sigmoid; ' +
      'got the function softplus\nhint: model.json stores activations by name; a ' +
      'user-defined one cannot be loaded back');
  });
});
