// gradcheck: where it runs (float64 CPU when every op has a CPU version, else the
// GPU), that it passes correct rules and fails wrong ones naming the worst element,
// that the projection of a non-scalar result catches a permuted gradient, and what
// it refuses.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  TensorError, clearTape, close, defineOp, gradcheck, init, matmul, mse, sum, tanh, tapeEntries,
  tensor, type CustomOp,
} from '../../src/index.js';
import { randomValues } from '../helpers/random.js';
import { defineSoftplus, errorOf, sigmoid, type Softplus } from './ops.js';

let sp: Softplus;
let gpuOnly: Softplus;
let reversedGrad: CustomOp;

const COPY = 'fn compute(i: u32) { out[i] = x[i]; }';

beforeAll(async () => {
  await init();
  sp = await defineSoftplus();
  gpuOnly = await defineSoftplus('softplus_gpu', false);
  // y = x, but its backward hands back dy in reverse order: a permuted gradient
  const reverse = await defineOp({
    name: 'reverse', inputs: ['x'], shape: ([x]) => x,
    wgsl: 'fn compute(i: u32) { out[i] = x[p.n - 1u - i]; }',
    cpu: (i, { x, out }, p) => { out[i] = x[p.n - 1 - i]; },
  });
  reversedGrad = await defineOp({
    name: 'reversed_grad', inputs: ['x'], shape: ([x]) => x, wgsl: COPY,
    cpu: (i, { x, out }) => { out[i] = x[i]; },
    backward: ({ dy }) => [reverse(dy)],
  });
});
afterAll(() => close());
afterEach(() => clearTape());

const leaf = (seed: number, shape: number[], name: string) =>
  tensor(randomValues(seed, shape.reduce((a, b) => a * b, 1)), shape,
    { requiresGrad: true, name });

describe('correct rules pass', () => {
  it('built-in ops run on the float64 cpu backend', async () => {
    const x = tensor(randomValues(1, 12), [3, 4], { name: 'x' });
    const w = leaf(2, [4, 2], 'W');
    const r = await gradcheck((x, w) => mse(matmul(tanh(matmul(x, w)), w, { transB: true }), x),
      [x, w]);
    expect(r).toMatchObject({ ok: true, backend: 'cpu', checked: 8 });
    expect(r.worst!.error).toBeLessThan(1e-8);
    expect(r.summary).toMatch(/^gradcheck passed on cpu \(float64\), 8 elements; worst: W \[/);
  });

  it('a custom op with a CPU version runs on the cpu backend', async () => {
    const r = await gradcheck((x) => sp.softplus(x), [leaf(3, [2, 5], 'x')]);
    expect(r).toMatchObject({ ok: true, backend: 'cpu', checked: 10 });
  });

  it('a custom op without one runs on the GPU, with f32 step and tolerances', async () => {
    const r = await gradcheck((x) => gpuOnly.softplus(x), [leaf(4, [2, 5], 'x')]);
    expect(r).toMatchObject({ ok: true, backend: 'webgpu', checked: 10 });
    expect(r.summary).toContain('on webgpu (float32)');
  });

  it('the GPU can be asked for, and passes the same ops', async () => {
    const r = await gradcheck((x) => sp.softplus(x), [leaf(5, [7], 'x')], { backend: 'webgpu' });
    expect(r).toMatchObject({ ok: true, backend: 'webgpu' });
  });
});

describe('wrong rules fail, naming the worst element and both values', () => {
  // softplus' derivative is sigmoid(x); this backward returns dy·sigmoid(2x)
  async function wrongSoftplus(name: string, withCpu: boolean): Promise<CustomOp> {
    const g = await defineOp({
      name: `${name}_grad`, inputs: ['x', 'dy'], shape: ([x]) => x,
      wgsl: 'fn compute(i: u32) { out[i] = dy[i] / (1.0 + exp(-2.0 * x[i])); }',
      ...(withCpu && { cpu: (i, { x, dy, out }) => { out[i] = dy[i] * sigmoid(2 * x[i]); } }),
    });
    return defineOp({ ...sp.softplus.spec, name, ...(!withCpu && { cpu: undefined }),
      backward: ({ dy, inputs: [x] }) => [g(x!, dy)] });
  }

  it.each([[true, 'cpu'], [false, 'webgpu']] as const)('with a CPU version %s: on %s',
    async (withCpu, backend) => {
      const op = await wrongSoftplus(`wrong_${backend}`, withCpu);
      const values = [0.1, 4, 3, 1, 5, 2.5];
      const x = tensor(values, [2, 3], { requiresGrad: true, name: 'x' });
      // a sum, so the gradient is the derivative itself: worst where
      // |sigmoid(2x) − sigmoid(x)| is largest, x = 1 at [1, 0]
      const r = await gradcheck((x) => sum(op(x)), [x]);
      expect(r.ok).toBe(false);
      expect(r.backend).toBe(backend);
      expect(r.worst).toMatchObject({ input: 0, name: 'x', index: [1, 0] });
      const w = r.worst!;
      expect(w.numeric).toBeCloseTo(sigmoid(1), backend === 'cpu' ? 8 : 3);
      expect(w.analytic).toBeCloseTo(sigmoid(2), backend === 'cpu' ? 8 : 5);
      expect(r.summary).toContain(`FAILED on ${backend}`);
      expect(r.summary).toContain(`worst: x [1, 0]: analytic ${w.analytic}, numeric ` +
        `${w.numeric}`);
    });

  it('a permuted gradient fails, though its sum is right (the projection sees it)', async () => {
    const r = await gradcheck((x) => reversedGrad(x), [leaf(6, [5], 'x')]);
    expect(r.ok).toBe(false);
    expect(r.worst!.error).toBeGreaterThan(0.1);
  });
});

describe('options and refusals', () => {
  it('samples maxElements elements of a large input', async () => {
    const r = await gradcheck((x) => sp.softplus(x), [leaf(7, [100, 10], 'x')],
      { maxElements: 10 });
    expect(r.checked).toBe(10);
    expect(r.ok).toBe(true);
  });

  it('inputs without requiresGrad are constants, never checked', async () => {
    const target = tensor(randomValues(8, 6), [6]);
    const r = await gradcheck((x, t) => mse(sp.softplus(x), t), [leaf(9, [6], 'x'), target]);
    expect(r.checked).toBe(6);
  });

  it('refuses when no input requires grad', async () => {
    const e = await errorOf(() => gradcheck((x) => x, [tensor([1], [1])]));
    expect(e).toBeInstanceOf(TensorError);
    expect(e.message).toBe('gradcheck: needs an input with requiresGrad to check; got 1 ' +
      'input(s), none with it\nhint: make the inputs to check with tensor(values, shape, ' +
      '{ requiresGrad: true })');
  });

  it('the cpu backend, asked for, refuses an op without a CPU version', async () => {
    const e = await errorOf(() => gradcheck((x) => gpuOnly.softplus(x), [leaf(1, [2], 'x')],
      { backend: 'cpu' }));
    expect(e.message).toMatch(/^softplus_gpu: has no CPU version/);
  });

  it('leaves the tape empty when fn throws', async () => {
    const boom = () => { tanh(tensor([1], [1], { requiresGrad: true })); throw new Error('boom'); };
    await errorOf(() => gradcheck(boom, [leaf(1, [1], 'x')]));
    expect(tapeEntries()).toHaveLength(0);
  });
});
