// Gradients. On the float64 CPU backend, each op's backward rule (and the whole
// tied-autoencoder loss) is checked against central differences along a random
// direction. Then the same graphs on the GPU must give the CPU's gradients within
// float32 rounding, at 1, 33 and 1001 rows.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  add, backward, clearTape, close, copy, init, matmul, mean, mse, mul, noGrad, relu, scale,
  scope, sigmoid, square, sub, sum, tanh, tensor, type Backend, type Tensor,
} from '../../src/index.js';
import { expectClose, maxAbs } from '../helpers/close.js';
import { randomValues } from '../helpers/random.js';

beforeAll(() => init());
afterAll(() => close());
afterEach(() => clearTape()); // a failed test must not leave entries for the next

type Shape = number[];

interface Graph {
  name: string;
  /** Shapes of the inputs that require grad, for `rows` rows. */
  leaves: (rows: number) => Shape[];
  /** Shapes of constant inputs (projections, targets). */
  consts: (rows: number) => Shape[];
  /** The scalar loss. */
  build: (x: Tensor[], k: Tensor[]) => Tensor;
  /** Keep inputs this far from 0 (relu's kink). */
  minAbs?: number;
}

// A non-scalar result y becomes the loss Σ y·P with a fixed random P, so every
// element of y gets its own weight and a transposed or shifted gradient shows.
const project = (y: Tensor, p: Tensor) => sum(mul(y, p));

function matmulGraph(transA: boolean, transB: boolean): Graph {
  const K = 5;
  const N = 3;
  return {
    name: `matmul ${transA ? 't' : 'n'}${transB ? 't' : 'n'}`,
    leaves: (R) => [transA ? [K, R] : [R, K], transB ? [N, K] : [K, N]],
    consts: (R) => [[R, N]],
    build: ([a, b], [p]) => project(matmul(a!, b!, { transA, transB }), p!),
  };
}

function unaryGraph(name: string, op: (x: Tensor) => Tensor, minAbs = 0): Graph {
  return {
    name, minAbs,
    leaves: (R) => [[R, 3]],
    consts: (R) => [[R, 3]],
    build: ([x], [p]) => project(op(x!), p!),
  };
}

function binaryGraph(name: string, op: (a: Tensor, b: Tensor) => Tensor): Graph {
  return {
    name,
    leaves: (R) => [[R, 3], [R, 3]],
    consts: (R) => [[R, 3]],
    build: ([a, b], [p]) => project(op(a!, b!), p!),
  };
}

/** The tied autoencoder: code = X·W1·W2, X̂ = code·W2ᵀ·W1ᵀ, L = mse(X̂, X). */
function tiedLoss(x: Tensor, w1: Tensor, w2: Tensor, w1Dec = w1, w2Dec = w2): Tensor {
  const code = matmul(matmul(x, w1), w2);
  const xHat = matmul(matmul(code, w2Dec, { transB: true }), w1Dec, { transB: true });
  return mse(xHat, x);
}

function tiedGraph(D: number, H1: number, H2: number): Graph {
  return {
    name: `tied autoencoder D=${D} H=${H1},${H2}`,
    leaves: () => [[D, H1], [H1, H2]],
    consts: (R) => [[R, D]],
    build: ([w1, w2], [x]) => tiedLoss(x!, w1!, w2!),
  };
}

const OP_GRAPHS: Graph[] = [
  matmulGraph(false, false), matmulGraph(true, false),
  matmulGraph(false, true), matmulGraph(true, true),
  binaryGraph('add', add), binaryGraph('sub', sub), binaryGraph('mul', mul),
  // the same tensor as both operands: both contributions must land on it
  unaryGraph('mul(x, x)', (x) => mul(x, x)),
  unaryGraph('scale', (x) => scale(x, -1.7)),
  unaryGraph('copy', copy),
  unaryGraph('square', square),
  unaryGraph('relu', relu, 0.1),
  unaryGraph('tanh', (x) => tanh(scale(x, 2))),
  unaryGraph('sigmoid', (x) => sigmoid(scale(x, 2))),
  // Reductions get an incoming gradient other than 1 through the outer square.
  { name: 'sum', leaves: (R) => [[R, 3]], consts: (R) => [[R, 3]],
    build: ([x], [p]) => square(sum(mul(x!, p!))) },
  { name: 'mean', leaves: (R) => [[R, 3]], consts: (R) => [[R, 3]],
    build: ([x], [p]) => square(mean(mul(x!, p!))) },
  { name: 'mse w.r.t. pred and target', leaves: (R) => [[R, 3], [R, 3]], consts: () => [],
    build: ([pred, target]) => scale(mse(pred!, target!), 3) },
  // On the GPU mse's forward pass writes its gradient: used as is when the mse is the
  // loss (dy is backward's seed), scaled by dy and added in place when it is not.
  { name: 'mse as the loss itself', leaves: (R) => [[R, 3]], consts: (R) => [[R, 3]],
    build: ([pred], [target]) => mse(pred!, target!) },
  { name: 'mse of a tensor against itself', leaves: (R) => [[R, 3]], consts: () => [],
    build: ([p]) => mse(p!, p!) },
  { name: 'mse of one prediction against two targets', leaves: (R) => [[R, 3]],
    consts: (R) => [[R, 3], [R, 3]],
    build: ([pred], [t1, t2]) => add(mse(pred!, t1!), mse(pred!, t2!)) },
];

const size = (s: Shape) => s.reduce((n, d) => n * d, 1);

interface Inputs {
  leaves: Float64Array[];
  consts: Float64Array[];
}

function inputsFor(g: Graph, rows: number, seed: number): Inputs {
  const minAbs = g.minAbs ?? 0;
  return {
    leaves: g.leaves(rows).map((s, i) => randomValues(seed + i, size(s), { minAbs })),
    consts: g.consts(rows).map((s, i) => randomValues(seed + 100 + i, size(s))),
  };
}

/** The loss of `g` on the CPU backend at the given leaf values, recording nothing. */
function lossAt(g: Graph, rows: number, leaves: Float64Array[], consts: Float64Array[]): number {
  return scope(() => noGrad(() => {
    const x = g.leaves(rows).map((s, i) => tensor(leaves[i]!, s, { backend: 'cpu' }));
    const k = g.consts(rows).map((s, i) => tensor(consts[i]!, s, { backend: 'cpu' }));
    return g.build(x, k).data[0]!;
  }));
}

/** Runs forward and backward on `backend`; returns the loss and each leaf's gradient. */
async function gradients(g: Graph, rows: number, inputs: Inputs, backend: Backend) {
  const x = g.leaves(rows).map((s, i) => tensor(inputs.leaves[i]!, s,
    { backend, requiresGrad: true }));
  const k = g.consts(rows).map((s, i) => tensor(inputs.consts[i]!, s, { backend }));
  const loss = scope(() => {
    const l = g.build(x, k);
    backward(l);
    return l;
  });
  const value = (await loss.read())[0]!;
  const grads: number[][] = [];
  for (const t of x) {
    expect(t.grad, `${g.name}: a leaf got no gradient`).not.toBeNull();
    expect(t.grad!.shape).toEqual(t.shape);
    grads.push(Array.from(await t.grad!.read()));
  }
  for (const t of [...x, ...k, loss]) {
    t.grad?.dispose();
    t.dispose();
  }
  return { loss: value, grads };
}

/** d loss along `dir` for leaf `i`, by central differences. */
function directional(g: Graph, rows: number, inputs: Inputs, i: number, dir: Float64Array) {
  const h = 1e-5;
  const shifted = (sign: number) => inputs.leaves.map((v, j) =>
    j === i ? v.map((x, e) => x + sign * h * dir[e]!) : v);
  return (lossAt(g, rows, shifted(1), inputs.consts) -
    lossAt(g, rows, shifted(-1), inputs.consts)) / (2 * h);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

async function expectGradientsMatchDifferences(g: Graph, rows: number, seed: number) {
  const inputs = inputsFor(g, rows, seed);
  const { loss, grads } = await gradients(g, rows, inputs, 'cpu');
  expect(loss).toBeCloseTo(lossAt(g, rows, inputs.leaves, inputs.consts), 12);
  grads.forEach((grad, i) => {
    const dir = randomValues(seed + 50 + i, grad.length);
    const analytic = dot(grad, dir);
    const numeric = directional(g, rows, inputs, i, dir);
    // float64 central differences with h = 1e-5 are good to ~1e-9 here
    expectClose([analytic], [numeric], { atol: 1e-8, rtol: 1e-6 },
      `${g.name} rows=${rows}: d loss / d input ${i} along a random direction`);
  });
}

describe('backward rules agree with central differences (float64, CPU)', () => {
  const rows = OP_GRAPHS.flatMap((g) => [1, 3].map((r) => [g.name, r, g] as const));

  it.each(rows)('%s at %i rows', async (_name, r, g) => {
    await expectGradientsMatchDifferences(g, r, 17 + r);
  });

  it('the tied-autoencoder loss (X [5, 4], W1 [4, 3], W2 [3, 2])', async () => {
    await expectGradientsMatchDifferences(tiedGraph(4, 3, 2), 5, 99);
  });
});

describe('a tied weight gets the sum of its encoder and decoder gradients', () => {
  it('equals the gradients of separate encoder and decoder copies, added', async () => {
    const x = randomValues(1, 5 * 4);
    const w1 = randomValues(2, 4 * 3);
    const w2 = randomValues(3, 3 * 2);
    const cpu = (v: Float64Array, s: Shape) => tensor(v, s, { backend: 'cpu',
      requiresGrad: true });

    const X = tensor(x, [5, 4], { backend: 'cpu' });
    const [W1, W2] = [cpu(w1, [4, 3]), cpu(w2, [3, 2])];
    backward(tiedLoss(X, W1, W2));

    const [W1e, W2e, W1d, W2d] = [cpu(w1, [4, 3]), cpu(w2, [3, 2]), cpu(w1, [4, 3]),
      cpu(w2, [3, 2])];
    backward(tiedLoss(X, W1e, W2e, W1d, W2d));

    for (const [tied, enc, dec, name] of [[W1, W1e, W1d, 'W1'], [W2, W2e, W2d, 'W2']] as const) {
      const parts = enc.grad!.data.map((e, i) => e + dec.grad!.data[i]!);
      expectClose(tied.grad!.data, parts, { atol: 1e-15, rtol: 1e-12 }, `${name}: tied vs ` +
        'encoder + decoder');
      // both contributions matter: neither alone is the tied gradient
      expect(maxAbs(enc.grad!.data.map((e, i) => e - tied.grad!.data[i]!))).toBeGreaterThan(1e-6);
      expect(maxAbs(dec.grad!.data.map((d, i) => d - tied.grad!.data[i]!))).toBeGreaterThan(1e-6);
    }
  });
});

describe('the GPU gives the CPU backend\'s gradients within float32 rounding', () => {
  const graphs = [...OP_GRAPHS, tiedGraph(20, 9, 3)];
  const rows = graphs.flatMap((g) => [1, 33, 1001].map((r) => [g.name, r, g] as const));

  it.each(rows)('%s at %i rows', async (name, r, g) => {
    const inputs = inputsFor(g, r, 1000 + r);
    const cpu = await gradients(g, r, inputs, 'cpu');
    const gpu = await gradients(g, r, inputs, 'webgpu');
    // A sum whose terms cancel keeps f32 rounding of the terms' size, not of the result's:
    // hence an absolute part (an indexing bug moves the loss by far more).
    expectClose([gpu.loss], [cpu.loss], { atol: 2e-6, rtol: 1e-5 },
      `${name} rows=${r}: loss`);
    g.leaves(r).forEach((shape, i) => {
      // f32 sums over up to ~1000 terms: relative rounding ~1e-5 of the largest value
      expectClose(gpu.grads[i]!, cpu.grads[i]!,
        { atol: 1e-5 * maxAbs(cpu.grads[i]!), rtol: 1e-4, shape },
        `${name} rows=${r}: gradient of input ${i}`);
    });
  });
});
