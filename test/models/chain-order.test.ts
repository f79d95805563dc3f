// A linear tied autoencoder may multiply its weights first (order 'product'): the same
// loss, codes and gradients as layer by layer, on the cpu backend in float64 (to 12
// digits) and on the GPU in float32, at batch sizes 1, 33, 1000 and 1001; and 'auto'
// picks whichever order takes fewer multiply-adds.
import { afterAll, describe, expect, it } from 'vitest';
import {
  TiedAutoencoder, backward, init, noGrad, tapeEntries, tensor, clearTape, type ChainOrder,
  type Tensor,
} from '../../src/index.js';
import { expectClose } from '../helpers/close.js';
import { randomValues } from '../helpers/random.js';

interface Run {
  loss: number;
  codes: number[];
  grads: number[][];
}

async function runOrder(order: ChainOrder, layers: number[], rows: number,
  backend: 'cpu' | 'gpu'): Promise<Run> {
  const xv = randomValues(rows + layers.length, rows * layers[0]!, { lo: -2, hi: 2 });
  const x = tensor(xv, [rows, layers[0]!], backend === 'cpu' ? { backend } : {});
  const model = new TiedAutoencoder({ layers, activation: 'linear', seed: 5 }, x.gpu);
  model.order = order;
  try {
    const loss = model.loss(x);
    backward(loss);
    const code = noGrad(() => model.encode(x));
    const run = {
      loss: (await loss.read())[0]!,
      codes: Array.from(await code.read()),
      grads: await Promise.all(model.weights.map(async (w) => Array.from(await w.grad!.read()))),
    };
    loss.dispose();
    code.dispose();
    return run;
  } finally {
    model.dispose();
    x.dispose();
  }
}

function expectSameRun(got: Run, want: Run, rtol: number, atol: number, what: string): void {
  expectClose([got.loss], [want.loss], { rtol, atol }, `${what} loss`);
  expectClose(got.codes, want.codes, { rtol, atol }, `${what} codes`);
  got.grads.forEach((g, i) => expectClose(g, want.grads[i]!, { rtol, atol }, `${what} dW${i + 1}`));
}

describe('chain order of a linear tied autoencoder', () => {
  for (const rows of [1, 33, 1000, 1001]) {
    it(`'product' equals 'layers' in float64, [33, 20, 10], ${rows} rows`, async () => {
      const layers = await runOrder('layers', [33, 20, 10], rows, 'cpu');
      const product = await runOrder('product', [33, 20, 10], rows, 'cpu');
      expectSameRun(product, layers, 1e-12, 1e-15, 'cpu');
    });
  }

  it("'product' equals 'layers' in float64 with three layers, [7, 5, 4, 3], 9 rows",
    async () => {
      const layers = await runOrder('layers', [7, 5, 4, 3], 9, 'cpu');
      const product = await runOrder('product', [7, 5, 4, 3], 9, 'cpu');
      expectSameRun(product, layers, 1e-12, 1e-15, 'cpu');
    });

  describe('on the GPU (float32)', () => {
    afterAll(() => clearTape());
    for (const rows of [1, 33, 1000, 1001]) {
      it(`'product' agrees with the float64 'layers' run, [33, 20, 10], ${rows} rows`,
        async () => {
          await init();
          const want = await runOrder('layers', [33, 20, 10], rows, 'cpu');
          for (const order of ['product', 'layers'] as const) {
            const got = await runOrder(order, [33, 20, 10], rows, 'gpu');
            expectSameRun(got, want, 1e-4, 1e-5, `gpu ${order}`);
          }
        });
    }
  });

  // Which matmuls the tape holds after a loss: P = W1·W2 is a [D, H1]·[H1, H2] one.
  function productOnTape(layers: number[], rows: number, order: ChainOrder = 'auto'): boolean {
    const x = tensor(new Float64Array(rows * layers[0]!), [rows, layers[0]!], { backend: 'cpu' });
    const model = new TiedAutoencoder({ layers, activation: 'linear', seed: 0 }, null);
    model.order = order;
    model.loss(x);
    const weights = new Set<Tensor>(model.weights);
    const found = tapeEntries().some((e) => e.op === 'matmul' &&
      e.inputs.every((t) => weights.has(t)));
    clearTape();
    return found;
  }

  it("'auto' multiplies the weights first when that takes fewer multiply-adds", () => {
    // [33, 20, 10], 1000 rows: 33·20·10 + 2·1000·33·10 < 2·1000·(33·20 + 20·10)
    expect(productOnTape([33, 20, 10], 1000)).toBe(true);
    // A code wider than the layer before it: by layers is cheaper.
    expect(productOnTape([10, 5, 20], 1000)).toBe(false);
    // One row: forming the 784×256×64 product costs more than the row itself.
    expect(productOnTape([784, 256, 64], 1)).toBe(false);
    expect(productOnTape([784, 256, 64], 1000)).toBe(true);
    expect(productOnTape([784, 256, 64], 1, 'product')).toBe(true);
    expect(productOnTape([33, 20, 10], 1000, 'layers')).toBe(false);
  });

  it('refuses an unknown order when set, and a product order for a model with an activation',
    () => {
    const x = tensor(new Float64Array(8), [2, 4], { backend: 'cpu' });
    const relu = new TiedAutoencoder({ layers: [4, 3, 2], activation: 'relu', seed: 0 }, null);
    relu.order = 'product';
    expect(() => relu.loss(x)).toThrow(
      "autoencoder: order 'product' needs a linear model; this one's activation is relu");
    const linear = new TiedAutoencoder({ layers: [4, 3, 2], activation: 'linear', seed: 0 }, null);
    const set = (order: unknown) => () => { linear.order = order as ChainOrder; };
    const refused = 'autoencoder: order must be one of auto, layers, product; got ';
    expect(set('fastest')).toThrow(`${refused}"fastest"`);
    expect(set('')).toThrow(`${refused}""`);
    expect(set(['product'])).toThrow(`${refused}["product"]`);
    expect(set(undefined)).toThrow(`${refused}missing`);
    expect(set(NaN)).toThrow(`${refused}NaN`);
    expect(set(10n)).toThrow(`${refused}10n`);
    const circular: unknown[] = [];
    circular.push(circular);
    expect(set(circular)).toThrow(`${refused}an object`);
    expect(set(Object.create(null))).toThrow(`${refused}{}`);
    expect(linear.order).toBe('auto'); // a refused value changes nothing
  });
});
