// Adam against values computed by hand: bias correction over steps 1–3 (C17), where
// ε enters the denominator (C19), the training steps of C14, and the L2 penalty.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam, TensorError, backward, clearTape, close, init, mul, scale, square, sum, tensor,
  type AdamOptions, type Backend, type Tensor,
} from '../../src/index.js';
import { loadCase } from '../helpers/cases.js';
import { expectClose } from '../helpers/close.js';
import { values } from '../helpers/gpu.js';

beforeAll(() => init());
afterAll(() => close());
afterEach(() => clearTape());

const BACKENDS: Backend[] = ['cpu', 'webgpu'];

interface AdamCase {
  hyper: Required<Omit<AdamOptions, 'l2'>>;
  theta0: number[];
  grads_per_step: number[][];
  expected_theta_after_step: number[][];
}

interface C14 {
  w0: number;
  optimizer: Required<Omit<AdamOptions, 'l2'>>;
  expected: { grad_step1: number; w_after_step1: number; grad_step2: number;
    w_after_step2: number };
}

/** Sets theta.grad to `g` the way training does: backward of Σ θ·g. */
function setGradient(theta: Tensor, g: number[]): void {
  backward(sum(mul(theta, tensor(g, theta.shape, { backend: theta.backend }))));
}

describe.each(BACKENDS)('Adam on the %s backend', (backend) => {
  const param = (v: number[]) => tensor(v, [v.length], { backend, requiresGrad: true });

  async function run(c: AdamCase, tol: { atol: number; rtol: number }, id: string) {
    const theta = param(c.theta0);
    const adam = new Adam([theta], c.hyper);
    for (const [step, g] of c.grads_per_step.entries()) {
      setGradient(theta, g);
      adam.step();
      expectClose(await values(theta), c.expected_theta_after_step[step]!, tol,
        `${id} ${backend} theta after step ${step + 1}`);
    }
    expect(adam.t).toBe(c.grads_per_step.length);
  }

  it('case C17: bias correction makes steps 1–3 match the hand-computed values', async () => {
    await run(loadCase<AdamCase>('C17'), { atol: 1e-6, rtol: 0 }, 'C17');
  });

  it('case C19: ε is added after the square root of v̂ (the paper\'s form)', async () => {
    await run(loadCase<AdamCase>('C19'), { atol: 0, rtol: 1e-4 }, 'C19');
  });

  it('case C14: each step uses only its own gradient', async () => {
    const { w0, optimizer, expected } = loadCase<C14>('C14');
    const w = param([w0]);
    const adam = new Adam([w], optimizer);
    const tol = { atol: 1e-6, rtol: 0 };
    // L = (w·x − 0)² with x = 2
    backward(sum(square(scale(w, 2))));
    expectClose(await values(w.grad!), [expected.grad_step1], tol, 'C14 grad step 1');
    adam.step();
    expectClose(await values(w), [expected.w_after_step1], tol, 'C14 w after step 1');
    backward(sum(square(scale(w, 2))));
    expectClose(await values(w.grad!), [expected.grad_step2], tol, 'C14 grad step 2');
    adam.step();
    expectClose(await values(w), [expected.w_after_step2], tol, 'C14 w after step 2');
  });

  it('step 1 moves θ by lr against the sign of g, to float32 rounding', async () => {
    // m̂ = g and v̂ = g² after one step, so with ε = 0 the step is exactly lr·sign(g).
    const theta = param([0, 1, -3]);
    const adam = new Adam([theta], { lr: 1, beta1: 0.9, beta2: 0.999, eps: 0 });
    setGradient(theta, [2, -0.25, 1e-3]);
    adam.step();
    expectClose(await values(theta), [-1, 2, -4], { atol: 1e-6, rtol: 0 },
      `${backend} step 1 with lr = 1`);
  });

  it('l2 adds 2·l2·θ to the gradient', async () => {
    // With ε = 1, step 1 moves θ by lr·g/(|g| + 1) (m̂ = g, v̂ = g²), so the size of g
    // shows. θ = [1, −2, 0.5], grad = [0.5, 0.5, −1], l2 = 0.25: g = [1, −0.5, −0.75].
    const hyper = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1 };
    const withL2 = param([1, -2, 0.5]);
    const without = param([1, -2, 0.5]);
    const adamL2 = new Adam([withL2], { ...hyper, l2: 0.25 });
    const adam = new Adam([without], hyper);
    setGradient(withL2, [0.5, 0.5, -1]);
    setGradient(without, [0.5, 0.5, -1]);
    adamL2.step();
    adam.step();
    const tol = { atol: 1e-6, rtol: 0 };
    expectClose(await values(withL2), [1 - 0.1 * 1 / 2, -2 + 0.1 * 0.5 / 1.5,
      0.5 + 0.1 * 0.75 / 1.75], tol, 'l2 = 0.25');
    expectClose(await values(without), [1 - 0.1 * 0.5 / 1.5, -2 - 0.1 * 0.5 / 1.5,
      0.5 + 0.1 * 1 / 2], tol, 'l2 = 0');
  });

  it('leaves a parameter without a gradient where it is', async () => {
    const used = param([1]);
    const unused = param([5]);
    const adam = new Adam([used, unused], { lr: 0.1 });
    setGradient(used, [1]);
    adam.step();
    expect(await values(unused)).toEqual([5]);
    expectClose(await values(used), [0.9], { atol: 1e-6, rtol: 0 }, 'used parameter');
  });
});

describe('Adam checks its arguments', () => {
  it('refuses a parameter that does not require grad', () => {
    const t = tensor([1], [1], { backend: 'cpu' });
    expect(() => new Adam([t])).toThrow(new TensorError(`Adam: ${t} does not require grad`));
  });

  it.each([
    [{ lr: -1 }, 'Adam: lr must be finite and >= 0; got -1'],
    [{ lr: NaN }, 'Adam: lr must be finite and >= 0; got NaN'],
    [{ beta1: 1 }, 'Adam: beta1 must be in [0, 1); got 1'],
    [{ beta2: -0.1 }, 'Adam: beta2 must be in [0, 1); got -0.1'],
    [{ eps: Infinity }, 'Adam: eps must be finite and >= 0; got Infinity'],
    [{ l2: -0.5 }, 'Adam: l2 must be finite and >= 0; got -0.5'],
  ] as [AdamOptions, string][])('refuses %o', (opts, message) => {
    const t = tensor([1], [1], { backend: 'cpu', requiresGrad: true });
    expect(() => new Adam([t], opts)).toThrow(new TensorError(message));
  });
});
