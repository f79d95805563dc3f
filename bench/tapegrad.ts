// tapegrad in the bench: the same training loop as the CLI, one epoch at a time.
import {
  Adam, TiedAutoencoder, backward, gatherRows, matmul, rowIndex, scale, scope, tensor,
  type Tensor,
} from '../src/index.js';
import { currentGpu } from '../src/tensor/runtime.js';
import { emptyTensor } from '../src/tensor/tensor.js';
import { matmulOperands, type Framework, type Workload } from './workloads.js';

async function trainer(w: Workload) {
  const x = tensor(w.data, [w.rows, w.layers[0]!]);
  const model = new TiedAutoencoder({ layers: w.layers, activation: 'linear', seed: 0 }, x.gpu,
    w.init);
  const adam = new Adam(model.weights, { lr: w.lr });
  return {
    async epoch(order: Uint32Array): Promise<number> {
      const index = rowIndex(x, order);
      const sum: Tensor = emptyTensor([], x.gpu, 'bench loss', true);
      x.gpu!.clear(sum.buffer, 4);
      for (let first = 0; first < w.rows; first += w.batch) {
        const n = Math.min(w.batch, w.rows - first);
        scope(() => {
          const loss = model.loss(gatherRows(x, index, first, n));
          backward(loss);
          adam.step();
          scale(loss, n / w.rows, { addTo: sum });
        });
      }
      const loss = await sum.item();
      sum.dispose();
      index.dispose();
      return loss;
    },
    dispose() {
      adam.dispose();
      model.dispose();
      x.dispose();
    },
  };
}

async function matmulProbe(M: number, K: number, N: number, transA: boolean, transB: boolean) {
  const { a: av, b: bv } = matmulOperands(M, K, N);
  const a = tensor(av, transA ? [K, M] : [M, K]);
  const b = tensor(bv, transB ? [N, K] : [K, N]);
  return {
    async run(reps: number) {
      for (let i = 1; i < reps; i++) matmul(a, b, { transA, transB }).dispose();
      const last = matmul(a, b, { transA, transB });
      await last.read();
      last.dispose();
    },
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

export const tapegradFramework: Framework = {
  name: 'tapegrad',
  trainer,
  matmul: matmulProbe,
};

/** The adapter's description, for the table and the JSON. */
export function adapterDescription(): string {
  return currentGpu()?.description ?? 'none';
}
