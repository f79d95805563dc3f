// tapegrad in the bench. Training runs the library's own train() loop, the one the CLI
// and the page run, paused in its onEpoch callback until the bench asks for the next
// epoch, so the rounds interleave with the other frameworks' epochs.
import { TiedAutoencoder, matmul, tensor, train, type ChainOrder } from '../src/index.js';
import { currentGpu } from '../src/tensor/runtime.js';
import { BENCH_SEED, matmulOperands, type Framework, type Trainer, type Workload,
} from './workloads.js';

async function trainer(w: Workload, order: ChainOrder): Promise<Trainer> {
  const x = tensor(w.data, [w.rows, w.layers[0]!]);
  const model = new TiedAutoencoder({ layers: w.layers, activation: 'linear', seed: 0 }, x.gpu,
    w.init);
  model.order = order;
  let deliver: ((loss: number) => void) | null = null;
  let fail: ((e: unknown) => void) | null = null;
  let go: (() => void) | null = null;
  let stopped = false;
  const granted = () => new Promise<void>((r) => { go = r; });
  let run: Promise<unknown> | null = null;
  const start = () => train(model, x, {
    epochs: w.orders.length, batch: w.batch, lr: w.lr, seed: BENCH_SEED,
    shouldStop: () => stopped,
    onEpoch: async (report) => {
      deliver?.(report.loss);
      if (report.epoch < w.orders.length) await granted();
    },
  }).catch((e: unknown) => fail?.(e));
  return {
    // train() draws the orders itself, the same ones the other frameworks are given.
    epoch(): Promise<number> {
      const loss = new Promise<number>((resolve, reject) => { deliver = resolve; fail = reject; });
      if (run) go?.();
      else run = start();
      return loss;
    },
    dispose() {
      stopped = true;
      go?.();
      void run?.finally(() => {
        model.dispose();
        x.dispose();
      });
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
  trainer: (w) => trainer(w, 'auto'),
  matmul: matmulProbe,
};

/**
 * tapegrad made to go layer by layer (order 'layers'), as the peers' programs do: the
 * same model, trained to the same losses, with the multiply-adds of the written order.
 * Shown beside the default in the workload tables; the targets use the default.
 */
export const tapegradLayersFramework: Framework = {
  name: 'tapegrad-layers',
  trainer: (w) => trainer(w, 'layers'),
  matmul: matmulProbe,
};

/** The adapter's description, for the table and the JSON. */
export function adapterDescription(): string {
  return currentGpu()?.description ?? 'none';
}
