// formatTape: the tied autoencoder's tape as text (kernel variants, shapes, each
// entry's backward, and where the tied weights' two gradients add up), the backward
// formula of every matmul variant (checked against what backward computes), a tensor
// used twice by one op, and a user-defined op with its attrs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  TiedAutoencoder, backward, clearTape, close, formatTape, init, matmul, mul, sum, tensor,
  type Tensor,
} from '../../src/index.js';
import { expectClose } from '../helpers/close.js';
import { randomValues } from '../helpers/random.js';
import { defineSoftplus } from './ops.js';

beforeAll(() => init());
afterAll(() => close());
afterEach(() => clearTape());

const cpu = (n: number, shape: number[], name?: string, requiresGrad = false) =>
  tensor(randomValues(n, shape.reduce((a, b) => a * b, 1)), shape,
    { backend: 'cpu', name, requiresGrad });

describe('the tied autoencoder\'s tape', () => {
  it('prints each entry, its backward, and the tied weights\' sums', () => {
    const x = cpu(1, [5, 4], 'x');
    const model = new TiedAutoencoder({ layers: [4, 3, 2], activation: 'tanh', seed: 0 }, null);
    model.loss(x);
    expect(formatTape()).toBe(`\
tape: 8 entries in forward order; backward() runs them from the last to the first
#1  matmul   A·B             x [5, 4], W1 [4, 3] -> t1 [5, 3]
      dW1 += xᵀ·dt1
#2  tanh     map_tanh        t1 [5, 3] -> t2 [5, 3]
      dt1 = dt2⊙(1 − t2²)
#3  matmul   A·B             t2 [5, 3], W2 [3, 2] -> t3 [5, 2]
      dt2 = dt3·W2ᵀ
      dW2 += t2ᵀ·dt3
#4  tanh     map_tanh        t3 [5, 2] -> t4 [5, 2]
      dt3 = dt4⊙(1 − t4²)
#5  matmul   A·Bᵀ            t4 [5, 2], W2 [3, 2] -> t5 [5, 3]
      dt4 = dt5·W2
      dW2 = dt5ᵀ·t4
#6  tanh     map_tanh        t5 [5, 3] -> t6 [5, 3]
      dt5 = dt6⊙(1 − t6²)
#7  matmul   A·Bᵀ            t6 [5, 3], W1 [4, 3] -> t7 [5, 4]
      dt6 = dt7·W1
      dW1 = dt7ᵀ·t6
#8  mse      reduce_sqdiff_grad t7 [5, 4], x [5, 4] -> t8 []
      dt7 = 2(t7 − x)/20·dt8
gradients that add up (a tensor used more than once):
  W1 [4, 3]: #7 writes dW1, then #1 adds into it (addTo)
  W2 [3, 2]: #5 writes dW2, then #3 adds into it (addTo)`);
  });

  it('an empty tape says so', () => {
    expect(formatTape()).toBe('tape: 0 entries in forward order; backward() runs them from ' +
      'the last to the first');
  });
});

describe('the matmul backward it prints is what backward computes', () => {
  // [transA, transB, dA formula, dB formula, dA and dB from A, B and dC as matmuls]
  type Make = (a: Tensor, b: Tensor, dc: Tensor) => Tensor;
  const variants: [boolean, boolean, string, string, Make, Make][] = [
    [false, false, 'dA = dt1·Bᵀ', 'dB = Aᵀ·dt1',
      (_a, b, dc) => matmul(dc, b, { transB: true }),
      (a, _b, dc) => matmul(a, dc, { transA: true })],
    [false, true, 'dA = dt1·B', 'dB = dt1ᵀ·A',
      (_a, b, dc) => matmul(dc, b), (a, _b, dc) => matmul(dc, a, { transA: true })],
    [true, false, 'dA = B·dt1ᵀ', 'dB = A·dt1',
      (_a, b, dc) => matmul(b, dc, { transB: true }), (a, _b, dc) => matmul(a, dc)],
    [true, true, 'dA = Bᵀ·dt1ᵀ', 'dB = dt1ᵀ·Aᵀ',
      (_a, b, dc) => matmul(b, dc, { transA: true, transB: true }),
      (a, _b, dc) => matmul(dc, a, { transA: true, transB: true })],
  ];

  it.each(variants)('transA=%s transB=%s', async (transA, transB, fa, fb, makeA, makeB) => {
    const [M, K, N] = [3, 4, 2];
    const a = cpu(1, transA ? [K, M] : [M, K], 'A', true);
    const b = cpu(2, transB ? [N, K] : [K, N], 'B', true);
    const p = cpu(3, [M, N], 'P');
    const c = matmul(a, b, { transA, transB });
    const text = formatTape();
    expect(text).toContain(`${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'}`);
    expect(text).toContain(`\n      ${fa}\n      ${fb}`);
    backward(sum(mul(c, p))); // dC = P
    expectClose(a.grad!.data, makeA(a, b, p).data, { atol: 1e-15, rtol: 1e-12 }, fa);
    expectClose(b.grad!.data, makeB(a, b, p).data, { atol: 1e-15, rtol: 1e-12 }, fb);
  });
});

describe('other entries', () => {
  it('a tensor used twice by one op gets = then +=', () => {
    const x = cpu(1, [2], 'x', true);
    mul(x, x);
    expect(formatTape()).toContain('#1  mul      map_mul         x [2], x [2] -> t1 [2]\n' +
      '      dx = dt1⊙x\n      dx += dt1⊙x\ngradients that add up (a tensor used more than ' +
      'once):\n  x [2]: #1 writes dx, then #1 adds into it (addTo)');
  });

  it('a user-defined op shows its kernel, and that its backward is its own', async () => {
    const { softplus } = await defineSoftplus('softplus_tape');
    softplus(cpu(1, [3], 'z', true));
    expect(formatTape()).toContain('#1  softplus_tape custom_softplus_tape z [3] -> t1 [3]\n' +
      '      dz = softplus_tape backward(dt1) (user-defined)');
  });

  it('unnamed leaves are leaf1, leaf2, … in order of first use', () => {
    const u = tensor([1, 2], [2], { backend: 'cpu', requiresGrad: true });
    mul(u, cpu(2, [2]));
    expect(formatTape()).toContain('leaf1 [2], leaf2 [2] -> t1 [2]');
  });
});
