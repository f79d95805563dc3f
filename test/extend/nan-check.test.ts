// The opt-in NaN/Inf check: off by default; on the cpu backend the op that made one
// throws at once; on the GPU the next read throws, naming the *first* op that made one
// (forward or backward), and the check is clean again afterwards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  NonFiniteError, backward, clearTape, close, init, mul, scale, setNanCheck, square, sum,
  tanh, tensor,
} from '../../src/index.js';
import { errorOf } from './ops.js';

beforeAll(() => init());
afterAll(() => close());
afterEach(() => {
  setNanCheck(false);
  clearTape();
});

const HINT = '\nhint: look at the inputs of that op (too large a learning rate makes weights ' +
  'overflow; log, sqrt and division need inputs in range)';

describe('off (the default)', () => {
  it('an overflow reads back as Infinity, and nothing throws', async () => {
    const y = square(tensor([1e20, 1], [2]));
    expect(Array.from(await y.read())).toEqual([Infinity, 1]);
  });
});

describe('on, on the cpu backend', () => {
  it('the op that makes a NaN or an Inf throws at once, naming the element', async () => {
    setNanCheck(true);
    const x = tensor([1, 1e200, 3], [3], { backend: 'cpu', name: 'x' });
    const e = await errorOf(() => square(scale(x, 1e200)));
    expect(e).toBeInstanceOf(NonFiniteError);
    expect(e.message).toMatch(/^nan check: results must be finite; got Infinity at element 1 of /);
    expect(e.message).toContain('scale -> tensor#');
    expect(e.message.endsWith(HINT)).toBe(true);
  });
});

describe('on, on the GPU', () => {
  it('the next read names the first op that made one, not the later ones', async () => {
    setNanCheck(true);
    const x = tensor([1, 2, 3e30], [3], { name: 'x' });
    const big = scale(x, 1e10); // 3e40 overflows f32: the first Inf
    const later = tanh(square(big)); // square is Inf too; tanh(Inf) is finite
    const e = await errorOf(() => later.read());
    expect(e).toBeInstanceOf(NonFiniteError);
    expect(e.message).toBe('nan check: results must be finite; the first NaN or Inf came from ' +
      `scale -> ${big} (found at the read of ${later})${HINT}`);
  });

  it('is clean again after it has thrown', async () => {
    setNanCheck(true);
    await errorOf(() => square(tensor([1e30], [1])).read());
    expect(Array.from(await tanh(tensor([0], [1])).read())).toEqual([0]);
  });

  it('names the backward that made one, with its tape entry', async () => {
    setNanCheck(true);
    // Σ(w·c) is 0 (3e38 − 3e38), but the gradient 1e10·c overflows.
    const w = tensor([1, 1], [2], { requiresGrad: true, name: 'w' });
    const c = tensor([3e38, -3e38], [2], { name: 'c' });
    const loss = scale(sum(mul(w, c)), 1e10);
    expect(await loss.item()).toBe(0);
    backward(loss);
    const e = await errorOf(() => w.grad!.read());
    expect(e.message).toMatch(/^nan check: results must be finite; the first NaN or Inf came /);
    expect(e.message).toContain(`from backward of #1 mul: mul -> ${w.grad} (found at the read`);
  });

  it('costs nothing when off: no check kernel is queued', async () => {
    const y = square(tensor([1e30], [1]));
    expect((await y.read())[0]).toBe(Infinity);
  });
});
