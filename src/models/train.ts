// The training loop: shuffled minibatches, Adam, and the loss read back once per
// epoch. No logging: progress goes to the onEpoch callback, and the CLI prints it.
// A run can stop between any two steps, continue from a saved state (train-state.ts),
// and names the first step whose loss is NaN or infinite without a read per step.
import { backward } from '../autograd/tape.js';
import { Adam } from '../optim/adam.js';
import { scale } from '../tensor/ops/elementwise.js';
import { gatherRows, rowIndex } from '../tensor/ops/gather.js';
import { TensorError } from '../tensor/errors.js';
import { emptyTensor, scope, type Tensor } from '../tensor/tensor.js';
import { Rng } from './random.js';
import type { Activation, TiedAutoencoder } from './tied-autoencoder.js';
import {
  NonFiniteLossError, checkResumable, readState, restoreState, type EpochReport, type TrainState,
} from './train-state.js';

export { NonFiniteLossError, type EpochReport, type TrainState } from './train-state.js';

/**
 * What a person chooses for a run, in the command line and in the page alike: the hidden
 * layer sizes (the input width comes from the data), the activation, and train's options.
 */
export interface RunSettings {
  layers: number[];
  activation: Activation;
  epochs: number;
  batch: number;
  lr: number;
  l2: number;
  seed: number;
}

/** Where a run is: epoch (1-based), and the step about to run (0-based) of `steps`. */
export interface TrainPosition {
  epoch: number;
  step: number;
  steps: number;
}

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
  /** Polled before every step: true ends training there, leaving that epoch unfinished. */
  shouldStop?: (at: TrainPosition) => boolean;
  /** Continues a run from its saved state instead of starting at epoch 1. */
  resume?: TrainState;
  /** Given a CPU copy of the state at the start and after every finished epoch: what a
   * checkpoint saves. Costs one read of the weights and Adam's moments per epoch. */
  onState?: (state: TrainState) => void | Promise<void>;
}

// Steps queued on the GPU at most: enough to keep it busy while the next ones are
// encoded, few enough that a stop takes effect within a few steps, not at the epoch's
// end (unthrottled, the CPU encodes a whole epoch long before the GPU has run it).
// Measured on SwiftShader (credit epoch, bench): 4 in flight ~340–420 ms, 8 ~290–420,
// 16 ~300: 8 keeps the GPU fed, and a stop still lands within eight steps.
const STEPS_IN_FLIGHT = 8;

/** The generator of train's row orders: epoch e trains in its e-th permutation. */
export function shuffler(seed: number): Rng {
  return new Rng(seed ^ 0x5bd1e995); // a stream apart from the init's
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

/**
 * Trains `model` on the rows of `data` [R, D]; returns one report per finished epoch,
 * those of a resumed state included. Throws NonFiniteLossError at a NaN or infinite loss.
 */
export async function train(model: TiedAutoencoder, data: Tensor,
  opts: TrainOptions): Promise<EpochReport[]> {
  const rows = data.shape[0] ?? 0;
  checkTrainOptions(opts, rows);
  const steps = Math.ceil(rows / opts.batch);
  if (opts.resume) checkResumable(opts.resume, model, steps);
  const adam = new Adam(model.weights, { lr: opts.lr, l2: opts.l2 ?? 0 });
  try {
    const rng = opts.resume ? restoreState(opts.resume, model, adam) : shuffler(opts.seed);
    const reports = [...(opts.resume?.reports ?? [])];
    if (opts.onState) await opts.onState(opts.resume ?? await readState(model, adam, rng, reports));
    for (let epoch = reports.length + 1; epoch <= opts.epochs; epoch++) {
      const order = rng.permutation(rows);
      const { shouldStop } = opts;
      const stopAt = shouldStop && ((step: number) => shouldStop({ epoch, step, steps }));
      const report = await trainEpoch(model, data, adam, order, opts.batch, epoch, stopAt);
      if (!report) break;
      reports.push(report);
      if (opts.onState) await opts.onState(await readState(model, adam, rng, reports));
      await opts.onEpoch?.(report);
    }
    return reports;
  } finally {
    adam.dispose();
  }
}

/**
 * One epoch; null when `stopAt` said stop before it was done.
 * NOTE: a NaN loss is seen when the epoch's loss is read, so the steps after it still
 * run (to the epoch's end) before training stops; their results are thrown away.
 */
async function trainEpoch(model: TiedAutoencoder, data: Tensor, adam: Adam,
  order: Uint32Array<ArrayBuffer>, batch: number, epoch: number,
  stopAt?: (step: number) => boolean): Promise<EpochReport | null> {
  const start = performance.now();
  const rows = order.length;
  const steps = Math.ceil(rows / batch);
  const index = rowIndex(data, order);
  const lossSum = zeroed([], data, 'epoch loss');
  const stepLosses = zeroed([steps], data, 'step losses');
  const inFlight: Promise<void>[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      if (stopAt?.(step)) return null;
      const first = step * batch;
      const n = Math.min(batch, rows - first);
      scope(() => {
        const loss = model.loss(gatherRows(data, index, first, n));
        backward(loss);
        adam.step();
        scale(loss, n / rows, { addTo: lossSum }); // the epoch's loss stays on the GPU
        keepStepLoss(loss, stepLosses, step);
      });
      await throttle(data, inFlight, !!stopAt);
    }
    const loss = await lossSum.item();
    if (!Number.isFinite(loss)) throw await nonFinite(loss, stepLosses, epoch);
    return { epoch, loss, steps, ms: performance.now() - start };
  } finally {
    index.dispose();
    lossSum.dispose();
    stepLosses.dispose();
  }
}

function zeroed(shape: number[], like: Tensor, label: string): Tensor {
  const t = emptyTensor(shape, like.gpu, label, true);
  if (t.gpu) t.gpu.clear(t.buffer, t.size * 4);
  return t;
}

// Each step's loss goes to its own slot of a small tensor: read only when the epoch's
// loss is not finite, to name the first bad step.
function keepStepLoss(loss: Tensor, stepLosses: Tensor, step: number): void {
  if (loss.gpu) loss.gpu.copy(loss.buffer, stepLosses.buffer, 4, step * 4);
  else stepLosses.data[step] = loss.data[0]!;
}

async function nonFinite(loss: number, stepLosses: Tensor, epoch: number): Promise<Error> {
  const values = await stepLosses.read();
  const bad = values.findIndex((v) => !Number.isFinite(v));
  const where = bad >= 0 ? `, step ${bad + 1} of ${values.length}`
    : ' (every step was finite; their sum overflowed float32)';
  const value = bad >= 0 ? values[bad] : loss;
  const message = `train: the loss became ${value} in epoch ${epoch}${where}` +
    '\nhint: lower --lr, or check the data for extreme values';
  return new NonFiniteLossError(message, epoch, bad >= 0 ? bad + 1 : null);
}

// Waits until at most STEPS_IN_FLIGHT steps are queued on the GPU, and, when a stop can
// be asked for, lets the event loop run (signal handlers, a page's buttons).
async function throttle(data: Tensor, inFlight: Promise<void>[], yieldTurn: boolean) {
  if (data.gpu) {
    const done = data.gpu.settle();
    done.catch(() => {}); // awaited below, or abandoned when a later step throws
    inFlight.push(done);
    if (inFlight.length >= STEPS_IN_FLIGHT) await inFlight.shift();
  }
  if (yieldTurn) await nextTurn();
}

// setImmediate in Node; in a page a message to ourselves, because nested setTimeout(0)
// waits at least 4 ms, which would cost a credit-card epoch (30 steps) 120 ms.
function nextTurn(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((r) => setImmediate(r));
  return new Promise((r) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      r();
    };
    channel.port2.postMessage(null);
  });
}
