// The whole tied-autoencoder loss, differentiated by the tape, against central
// differences in float64 on the cpu backend; and each weight's gradient as the sum of
// its encoder and decoder contributions.
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS, TiedAutoencoder, backward, matmul, mse, noGrad, tensor, type Tensor,
} from '../../src/index.js';
import { randomValues } from '../helpers/random.js';

function lossAt(model: TiedAutoencoder, x: Tensor): number {
  return noGrad(() => model.loss(x)).data[0]!;
}

// Directional derivative of the loss along `dir` (one array per weight), by central
// differences: (L(w + h·dir) − L(w − h·dir)) / 2h.
function numericDirectional(model: TiedAutoencoder, x: Tensor, dir: Float64Array[], h = 1e-5) {
  const shift = (sign: number) => model.weights.forEach((w, i) => {
    for (let k = 0; k < w.size; k++) w.data[k] = w.data[k]! + sign * h * dir[i]![k]!;
  });
  shift(1);
  const plus = lossAt(model, x);
  shift(-2);
  const minus = lossAt(model, x);
  shift(1);
  return (plus - minus) / (2 * h);
}

describe('tied autoencoder gradient (float64 reference)', () => {
  const cases = [...ACTIVATIONS.map((activation) => ({ activation, order: 'auto' as const })),
    { activation: 'linear' as const, order: 'layers' as const },
    { activation: 'linear' as const, order: 'product' as const }];
  for (const { activation, order } of cases) {
    it(`matches central differences along a random direction (${activation}, ${order})`, () => {
      const x = tensor(randomValues(1, 5 * 4, { lo: -2, hi: 2 }), [5, 4], { backend: 'cpu' });
      const model = new TiedAutoencoder({ layers: [4, 3, 2], activation, seed: 7 }, null);
      model.order = order;
      backward(model.loss(x));
      const dir = model.weights.map((w, i) => randomValues(10 + i, w.size));
      const analytic = model.weights.reduce((s, w, i) =>
        s + w.grad!.data.reduce((t, g, k) => t + g * dir[i]![k]!, 0), 0);
      const numeric = numericDirectional(model, x, dir);
      expect(Math.abs(analytic - numeric)).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
    });
  }

  it("gives each weight the sum of its encoder and decoder contributions", () => {
    const xv = randomValues(2, 6 * 5, { lo: -2, hi: 2 });
    const x = tensor(xv, [6, 5], { backend: 'cpu' });
    const model = new TiedAutoencoder({ layers: [5, 3, 2], activation: 'linear', seed: 3 }, null);
    backward(model.loss(x));
    const tied = model.weights.map((w) => Array.from(w.grad!.data));

    // The same network with untied copies: E1, E2 encode, D1, D2 decode.
    const copy = (w: Tensor, name: string) =>
      tensor(w.data, w.shape, { backend: 'cpu', requiresGrad: true, name });
    const [e1, e2, d1, d2] = [copy(model.weights[0]!, 'E1'), copy(model.weights[1]!, 'E2'),
      copy(model.weights[0]!, 'D1'), copy(model.weights[1]!, 'D2')];
    const code = matmul(matmul(x, e1), e2);
    const xhat = matmul(matmul(code, d2, { transB: true }), d1, { transB: true });
    backward(mse(xhat, x));
    const sum = (a: Tensor, b: Tensor) => Array.from(a.grad!.data, (v, k) => v + b.grad!.data[k]!);
    for (const [got, want] of [[tied[0]!, sum(e1, d1)], [tied[1]!, sum(e2, d2)]] as const) {
      got.forEach((g, k) => expect(g).toBeCloseTo(want[k]!, 12));
    }
    // Both contributions matter: neither alone is the gradient.
    expect(Math.abs(tied[0]![0]! - e1.grad!.data[0]!)).toBeGreaterThan(1e-6);
    expect(Math.abs(tied[0]![0]! - d1.grad!.data[0]!)).toBeGreaterThan(1e-6);
  });

  it('refuses inputs of the wrong width, naming both shapes', () => {
    const model = new TiedAutoencoder({ layers: [4, 2], activation: 'linear', seed: 0 }, null);
    const x = tensor(new Float64Array(15), [5, 3], { backend: 'cpu' });
    expect(() => model.encode(x)).toThrow('encode: expects rows of 4 values, [B, 4]; got x [5, 3]');
  });
});
