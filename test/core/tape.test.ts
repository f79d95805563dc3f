// Tape mechanics: tensors with several consumers (C13), no gradient piling up across
// steps or backward calls (C14), disposing what the tape still needs (C15), a mean of
// squares over all elements (C16), scopes, noGrad, and leaves the loss does not reach.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam, TensorError, add, backward, clearTape, close, copy, init, keep, matmul, memory, mean,
  mse, mul, noGrad, scale, scope, square, sub, sum, tapeEntries, tensor, type Backend,
  type Tensor,
} from '../../src/index.js';
import { flat, loadCase, type Nested } from '../helpers/cases.js';
import { EXACT, expectClose } from '../helpers/close.js';
import { values } from '../helpers/gpu.js';

beforeAll(() => init());
afterAll(() => close());
afterEach(() => clearTape()); // a failed test must not leave entries for the next

const BACKENDS: Backend[] = ['cpu', 'webgpu'];

/** The error `fn` throws; fails the test when it throws none. */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a thrown error');
}

const notOnTape = (loss: Tensor) => `backward: ${loss} is not on the tape\nhint: it needs an ` +
  'input with requiresGrad, computed outside noGrad(), and each graph takes one backward() ' +
  '(the tape is cleared after it)';

interface C13 {
  subcases: [
    { a: number[]; dL_da_expected: number[] },
    { x: number; L_expected: number; dL_dx_expected: number },
    { X: Nested; L_expected: number; dL_dX_expected: Nested },
    { X: Nested; L_expected: number; dL_dX_expected: Nested },
  ];
}

interface C15 {
  subcases: [
    { x: number[]; dL_dx_expected: number[] },
    { X: Nested; W1: Nested; loss_expected: number; dW1_expected: Nested },
  ];
}

interface C16 {
  pred: Nested;
  target: Nested;
  loss_expected: number;
  grad_expected: Nested;
}

describe.each(BACKENDS)('on the %s backend', (backend) => {
  const leaf = (v: number[], shape: number[]) => tensor(v, shape, { backend, requiresGrad: true });
  const constant = (v: number[], shape: number[]) => tensor(v, shape, { backend });

  describe('case C13: a tensor with several consumers sums their gradients', () => {
    const c = loadCase<C13>('C13').subcases;

    it('b = a + a, c = b + b, L = Σc gives dL/da = 4', async () => {
      const a = leaf(c[0].a, [2]);
      const b = add(a, a);
      backward(sum(add(b, b)));
      expect(await values(a.grad!)).toEqual(c[0].dL_da_expected);
    });

    it('y = 3x, L = 2y + 5y gives L = 42 and dL/dx = 21, both branches', async () => {
      const x = leaf([c[1].x], []);
      const y = scale(x, 3);
      const loss = add(scale(y, 2), scale(y, 5));
      backward(loss);
      expect(await values(loss)).toEqual([c[1].L_expected]);
      expect(await values(x.grad!)).toEqual([c[1].dL_dx_expected]);
    });

    it('L = Σ X·X, the same tensor as both operands', async () => {
      const X = leaf(flat(c[2].X), [2, 2]);
      const loss = sum(matmul(X, X));
      backward(loss);
      expect(await values(loss)).toEqual([c[2].L_expected]);
      expectClose(await values(X.grad!), flat(c[2].dL_dX_expected), EXACT, 'C13 X·X');
    });

    it('L = Σ X·Xᵀ, an operand and its transposed use', async () => {
      const X = leaf(flat(c[3].X), [2, 2]);
      const loss = sum(matmul(X, X, { transB: true }));
      backward(loss);
      expect(await values(loss)).toEqual([c[3].L_expected]);
      expectClose(await values(X.grad!), flat(c[3].dL_dX_expected), EXACT, 'C13 X·Xᵀ');
    });
  });

  describe('case C14: gradients do not pile up', () => {
    // L = (2w)² = 4w², dL/dw = 8w
    const lossOf = (w: Tensor) => sum(square(scale(w, 2)));

    it('a second step on a new graph gives the same gradient, not the sum', async () => {
      const w = leaf([1], [1]);
      backward(lossOf(w));
      expect(await values(w.grad!)).toEqual([8]);
      backward(lossOf(w));
      expect(await values(w.grad!)).toEqual([8]);
    });

    it('a second backward on one graph is refused and leaves the gradient as it was', async () => {
      const w = leaf([1], [1]);
      const loss = lossOf(w);
      backward(loss);
      const error = errorOf(() => backward(loss));
      expect(error).toBeInstanceOf(TensorError);
      expect(error.message).toBe(notOnTape(loss));
      expect(await values(w.grad!)).toEqual([8]);
    });

    it('backward clears the tape', () => {
      const w = leaf([1], [1]);
      const loss = lossOf(w);
      expect(tapeEntries().length).toBe(3);
      backward(loss);
      expect(tapeEntries()).toHaveLength(0);
    });
  });

  describe('case C15: disposing a tensor the tape still needs', () => {
    const c = loadCase<C15>('C15').subcases;

    function elementwise() {
      const x = leaf(c[0].x, [2]);
      const y = mul(x, x);
      const z = mul(y, y);
      y.dispose();
      backward(sum(z));
      return x;
    }

    function tiedMatmul() {
      const X = constant(flat(c[1].X), [1, 2]);
      const W1 = leaf(flat(c[1].W1), [2, 2]);
      const Z = matmul(X, W1);
      const xHat = matmul(Z, W1, { transB: true });
      Z.dispose();
      const loss = mean(square(sub(xHat, X)));
      backward(loss);
      return { W1, loss };
    }

    // The case accepts the exact gradient or a synchronous error naming the tensor;
    // never NaN, zeros, stale values or a WebGPU error.
    it('gives the exact gradient or an error that names the disposed tensor', async () => {
      let x: Tensor | undefined;
      try {
        x = elementwise();
      } catch (error) {
        expect(error).toBeInstanceOf(TensorError);
        expect((error as Error).message).toMatch(/^mul: tensor#\d+ \[2\] was disposed$/);
      }
      if (x) expect(await values(x.grad!)).toEqual(c[0].dL_dx_expected);
    });

    it('elementwise: y = x·x, z = y·y, dispose(y), L = Σz gives the exact dL/dx',
      async () => {
        const x = elementwise();
        expect(await values(x.grad!)).toEqual(c[0].dL_dx_expected);
      });

    it('tied matmul: dispose(Z) between forward and backward gives the exact dW1',
      async () => {
        const { W1, loss } = tiedMatmul();
        expect(await values(loss)).toEqual([c[1].loss_expected]);
        expectClose(await values(W1.grad!), flat(c[1].dW1_expected), EXACT, 'C15 dW1');
      });
  });

  describe('case C16: the gradient of a mean of squares is over all elements', () => {
    const c = loadCase<C16>('C16');
    const tol = { atol: 1e-7, rtol: 0, shape: [2, 3] };

    it('through mse', async () => {
      const pred = leaf(flat(c.pred), [2, 3]);
      const loss = mse(pred, constant(flat(c.target), [2, 3]));
      backward(loss);
      expectClose(await values(loss), [c.loss_expected], tol, 'C16 mse loss');
      expectClose(await values(pred.grad!), flat(c.grad_expected), tol, 'C16 mse gradient');
    });

    it('through mean(square(pred − target))', async () => {
      const pred = leaf(flat(c.pred), [2, 3]);
      const loss = mean(square(sub(pred, constant(flat(c.target), [2, 3]))));
      backward(loss);
      expectClose(await values(loss), [c.loss_expected], tol, 'C16 composed loss');
      expectClose(await values(pred.grad!), flat(c.grad_expected), tol, 'C16 composed gradient');
    });
  });

  describe('leaves the loss does not reach', () => {
    it('a leaf on the tape whose result the loss does not use gets grad null', () => {
      const a = leaf([1, 2], [2]);
      const b = leaf([3, 4], [2]);
      scale(a, 2); // recorded, never used
      backward(sum(b));
      expect(a.grad).toBeNull();
      expect(b.grad).not.toBeNull();
    });

    it('a tensor that does not require grad gets no gradient', () => {
      const a = constant([1, 2], [2]);
      const b = leaf([3, 4], [2]);
      backward(sum(mul(a, b)));
      expect(a.grad).toBeNull();
    });

    it('a leaf the latest loss does not reach keeps its gradient, and Adam applies it once',
      async () => {
        const a = leaf([1], [1]);
        const b = leaf([1], [1]);
        const adam = new Adam([a, b], { lr: 0.5 });
        backward(sum(scale(a, 3)));
        adam.step();
        const afterFirst = await values(a);
        backward(sum(scale(b, 3)));
        expect(await values(a.grad!)).toEqual([3]);
        adam.step(); // a's gradient is stale now: a must not move again
        expect(await values(a)).toEqual(afterFirst);
        // b's first update comes at Adam's step 2:
        // m̂ = 0.1·3/(1 − 0.9²), v̂ = 0.001·9/(1 − 0.999²)
        const mHat = (0.1 * 3) / (1 - 0.9 ** 2);
        const vHat = (0.001 * 9) / (1 - 0.999 ** 2);
        expect((await values(b))[0]).toBeCloseTo(1 - (0.5 * mHat) / (Math.sqrt(vHat) + 1e-8), 6);
        adam.dispose();
      });
  });

  describe('noGrad', () => {
    it('records nothing and leaves results without requiresGrad', () => {
      const w = leaf([1, 2], [2]);
      const before = tapeEntries().length;
      const y = noGrad(() => sum(square(w)));
      expect(tapeEntries()).toHaveLength(before);
      expect(y.requiresGrad).toBe(false);
      expect(errorOf(() => backward(y)).message).toBe(notOnTape(y));
    });

    it('records again afterwards, also after its function threw', () => {
      const w = leaf([1, 2], [2]);
      expect(() => noGrad(() => {
        throw new Error('inside');
      })).toThrow('inside');
      const y = scale(w, 2);
      expect(y.requiresGrad).toBe(true);
      expect(tapeEntries().at(-1)?.output).toBe(y);
    });

    it('lets an addTo write into a tensor that requires grad, which recording refuses', () => {
      const w = leaf([1, 2], [2]);
      const d = constant([0.5, 0.5], [2]);
      expect(errorOf(() => add(d, d, { addTo: w })).message).toBe(`add: addTo writes ${w} ` +
        'in place, which the tape cannot record\nhint: use it inside noGrad(), or add the ' +
        'tensors with add()');
      expect(() => noGrad(() => add(d, d, { addTo: w }))).not.toThrow();
    });
  });
});

describe('scope', () => {
  it('disposes the tensors its function made, except those it returns', () => {
    let inner: Tensor[] = [];
    const result = scope(() => {
      const a = tensor([1, 2], [2]);
      const b = scale(a, 2);
      const c = add(b, b);
      const d = mul(c, c);
      inner = [a, b, c, d];
      return { pair: [c, 7], nested: { d } };
    });
    const [a, b, c, d] = inner;
    expect([a!.disposed, b!.disposed]).toEqual([true, true]);
    expect([c!.disposed, d!.disposed]).toEqual([false, false]);
    expect(result.pair[0]).toBe(c);
  });

  it('leaves tensors made outside alone and spares those passed to keep()', () => {
    const outside = tensor([1], [1]);
    let kept: Tensor | undefined;
    scope(() => {
      kept = keep(scale(outside, 2));
      scale(outside, 3);
    });
    expect(outside.disposed).toBe(false);
    expect(kept!.disposed).toBe(false);
  });

  it('hands returned tensors to the enclosing scope, which disposes them', () => {
    let fromInner: Tensor | undefined;
    scope(() => {
      fromInner = scope(() => scale(tensor([1], [1]), 2));
      expect(fromInner.disposed).toBe(false);
    });
    expect(fromInner!.disposed).toBe(true);
  });

  it('returns every buffer of a GPU forward and backward pass but the kept ones', () => {
    const w = tensor([1, 2, 3, 4], [2, 2], { requiresGrad: true });
    const x = tensor([1, 0, 0, 1], [2, 2]);
    const before = memory().liveBuffers;
    const loss = scope(() => {
      const l = mse(matmul(x, w), x);
      backward(l);
      return l;
    });
    // the loss and w's gradient stay
    expect(memory().liveBuffers).toBe(before + 2);
    loss.dispose();
    w.grad!.dispose();
    expect(memory().liveBuffers).toBe(before);
  });

  it('disposes what its function made even when the function throws', () => {
    const before = memory().liveBuffers;
    expect(() => scope(() => {
      tensor([1, 2], [2]);
      throw new Error('inside');
    })).toThrow('inside');
    expect(memory().liveBuffers).toBe(before);
  });

  it('a loss returned from a scope can still be differentiated', async () => {
    const w = tensor([2], [1], { backend: 'cpu', requiresGrad: true });
    const loss = scope(() => sum(square(scale(w, 3))));
    backward(loss);
    expect(await values(w.grad!)).toEqual([36]);
  });
});

describe('disposing a tensor the tape needs defers freeing its buffer', () => {
  it('keeps the buffer until the tape lets go of it', () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const y = mul(x, x);
    const live = memory().liveBuffers;
    y.dispose();
    expect(y.disposed).toBe(true);
    expect(memory().liveBuffers).toBe(live);
    clearTape();
    expect(memory().liveBuffers).toBe(live - 1);
  });
});

// mse writes its gradient as it sums; the tape owns that tensor (entry.saved).
describe('the gradient mse saves for backward', () => {
  const w0 = [0.5, -1, 2, 0.25];
  const x0 = [1, 2, 3, 4, 5, 6];
  const t0 = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1];

  it('is freed with the tape outside any scope, whatever backward does with it', () => {
    const w = tensor(w0, [2, 2], { requiresGrad: true });
    const x = tensor(x0, [3, 2]);
    const t = tensor(t0.slice(0, 6), [3, 2]);
    const tg = tensor(t0.slice(0, 6), [3, 2], { requiresGrad: true });
    const rounds: Record<string, () => void> = {
      'a scaled loss': () => backward(scale(mse(matmul(x, w), t), 3)),
      'the loss itself, of a leaf': () => backward(mse(w, tensor(w0, [2, 2]))),
      'only the target wants a gradient': () => backward(mse(x, tg)),
      'a forward pass, then clearTape()': () => {
        mse(matmul(x, w), t);
        clearTape();
      },
    };
    // Each round in a scope, which frees what the round made but not what the tape
    // owns: the saved gradient is on the tape alone.
    for (const [what, round] of Object.entries(rounds)) {
      scope(round); // the first round leaves the gradients that later rounds replace
      const before = memory().liveBuffers;
      for (let i = 0; i < 5; i++) scope(round);
      expect(memory().liveBuffers, what).toBe(before);
    }
  });

  it("becomes a leaf's gradient, also for a loss returned from a scope", async () => {
    const w = tensor([1, 2, 3], [3], { requiresGrad: true });
    const target = tensor([0, 0, 0], [3]);
    const loss = scope(() => mse(w, target));
    backward(loss);
    clearTape();
    expectClose(await values(w.grad!), [2 / 3, 4 / 3, 2], { atol: 1e-7, rtol: 1e-6 },
      'dw of mse(w, 0)');
  });

  it.each(BACKENDS)('of a tensor against itself is 0 (%s)', async (backend) => {
    const p = tensor([1, -2, 3], [3], { backend, requiresGrad: true });
    backward(mse(p, p));
    expect(await values(p.grad!)).toEqual([0, 0, 0]);
  });

  it.each(BACKENDS)('is of the values mse saw, on both backends (%s)', async (backend) => {
    const w = tensor([1, 2], [2], { backend, requiresGrad: true });
    const y = scale(w, 1);
    const loss = mse(y, tensor([0, 0], [2], { backend }));
    noGrad(() => copy(tensor([5, 5], [2], { backend }), { addTo: y })); // y changes after
    backward(loss);
    expect(await values(w.grad!)).toEqual([1, 2]);
  });
});
