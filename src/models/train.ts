// The training loop: shuffled minibatches, Adam, and the loss read back once per
// epoch. No logging: progress goes to the onEpoch callback, and the CLI prints it.
import { backward } from '../autograd/tape.js';
import { Adam } from '../optim/adam.js';
import { scale } from '../tensor/ops/elementwise.js';
import { gatherRows, rowIndex } from '../tensor/ops/gather.js';
import { TensorError } from '../tensor/errors.js';
import { emptyTensor, scope, type Tensor } from '../tensor/tensor.js';
import { Rng } from './random.js';
import type { TiedAutoencoder } from './tied-autoencoder.js';

export interface TrainOptions {
  epochs: number;
  batch: number;
  lr: number;
  /** L2 penalty on the weights (0: none). */
  l2?: number;
  /** Fixes the shuffling. */
  seed: number;
  /** Called after each epoch with its report; may be async (e.g. to draw). */
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  /** Polled between epochs: true ends training early. */
  shouldStop?: () => boolean;
}

export interface EpochReport {
  /** 1-based. */
  epoch: number;
  /** Mean reconstruction loss over the epoch's rows (batch losses weighted by size). */
  loss: number;
  steps: number;
  ms: number;
}

export function checkTrainOptions(o: TrainOptions, rows: number): void {
  const whole = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) {
      throw new TensorError(`train: ${name} must be a whole number >= ${min}; got ${v}`);
    }
  };
  whole('epochs', o.epochs, 1);
  whole('batch', o.batch, 1);
  whole('seed', o.seed, 0);
  if (rows < 1) throw new TensorError('train: the data has no rows');
  if (!(o.lr > 0 && Number.isFinite(o.lr))) {
    throw new TensorError(`train: lr must be a number > 0; got ${o.lr}`);
  }
}

/** Trains `model` on the rows of `data` [R, D]; returns one report per epoch. */
export async function train(model: TiedAutoencoder, data: Tensor,
  opts: TrainOptions): Promise<EpochReport[]> {
  const rows = data.shape[0] ?? 0;
  checkTrainOptions(opts, rows);
  const adam = new Adam(model.weights, { lr: opts.lr, l2: opts.l2 ?? 0 });
  const rng = new Rng(opts.seed ^ 0x5bd1e995); // a stream apart from the init's
  const reports: EpochReport[] = [];
  try {
    for (let epoch = 1; epoch <= opts.epochs && !opts.shouldStop?.(); epoch++) {
      const report = await trainEpoch(model, data, adam, rng.permutation(rows), opts.batch);
      report.epoch = epoch;
      reports.push(report);
      if (!Number.isFinite(report.loss)) {
        throw new TensorError(`train: the loss became ${report.loss} in epoch ${epoch}` +
          '\nhint: lower --lr, or check the data for extreme values');
      }
      await opts.onEpoch?.(report);
    }
  } finally {
    adam.dispose();
  }
  return reports;
}

async function trainEpoch(model: TiedAutoencoder, data: Tensor, adam: Adam,
  order: Uint32Array<ArrayBuffer>, batch: number): Promise<EpochReport> {
  const start = performance.now();
  const rows = order.length;
  const index = rowIndex(data, order);
  const lossSum = emptyTensor([], data.gpu, 'epoch loss', true);
  if (lossSum.gpu) lossSum.gpu.clear(lossSum.buffer, 4);
  let steps = 0;
  try {
    for (let first = 0; first < rows; first += batch, steps++) {
      const n = Math.min(batch, rows - first);
      scope(() => {
        const loss = model.loss(gatherRows(data, index, first, n));
        backward(loss);
        adam.step();
        scale(loss, n / rows, { addTo: lossSum }); // the epoch's loss stays on the GPU
      });
    }
    const loss = await lossSum.item();
    return { epoch: 0, loss, steps, ms: performance.now() - start };
  } finally {
    index.dispose();
    lossSum.dispose();
  }
}
