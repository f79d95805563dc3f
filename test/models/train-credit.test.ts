// Real data: the UCI credit-card table through the pipeline and a few epochs of the
// tied autoencoder on the GPU. The loss falls, a seed fixes the run, and the GPU
// agrees with the float64 reference backend.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitTransform } from '../../src/data/pipeline.js';
import { readCsvFile } from '../../src/data/read-file.js';
import { TiedAutoencoder, close, init, tensor, train, type Backend } from '../../src/index.js';
import { REPO_ROOT } from '../helpers/cases.js';

const CSV = path.resolve(REPO_ROOT, '../shared/data/UCI_Credit_Card.csv');

const { encoded } = fitTransform(readCsvFile(CSV), {
  drop: ['ID'], target: 'default.payment.next.month', categorical: ['SEX', 'EDUCATION', 'MARRIAGE'],
});

async function run(rows: number, epochs: number, backend: Backend, seed = 1): Promise<number[]> {
  const x = tensor(encoded.data.subarray(0, rows * encoded.cols), [rows, encoded.cols],
    { backend });
  const model = new TiedAutoencoder({ layers: [encoded.cols, 20, 10], activation: 'linear', seed },
    x.gpu);
  const reports = await train(model, x, { epochs, batch: 1000, lr: 1e-3, seed });
  model.dispose();
  x.dispose();
  return reports.map((r) => r.loss);
}

describe('training on UCI_Credit_Card.csv', () => {
  beforeAll(async () => {
    await init();
  });
  afterAll(() => close());

  it('lowers the loss every epoch', async () => {
    const losses = await run(30000, 4, 'webgpu');
    for (let e = 1; e < losses.length; e++) expect(losses[e]!).toBeLessThan(losses[e - 1]!);
    expect(losses[3]!).toBeLessThan(0.8 * losses[0]!);
  });

  it('gives the same losses twice with the same seed, and others with another', async () => {
    const a = await run(5000, 2, 'webgpu', 3);
    const b = await run(5000, 2, 'webgpu', 3);
    const c = await run(5000, 2, 'webgpu', 4);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('agrees with the float64 reference backend', async () => {
    const gpu = await run(3000, 2, 'webgpu', 5);
    const cpu = await run(3000, 2, 'cpu', 5);
    gpu.forEach((l, e) => expect(Math.abs(l - cpu[e]!) / cpu[e]!).toBeLessThan(1e-4));
  });
});
