// A training run's state between two epochs, copied to the CPU: everything a later run
// needs to continue as if it had never stopped. Weights, Adam's step count and moments,
// the shuffling generator and the losses so far; saved by the CLI as a checkpoint.
import { Adam, type AdamState } from '../optim/adam.js';
import { TensorError } from '../tensor/errors.js';
import type { Tensor, TensorData } from '../tensor/tensor.js';
import { Rng } from './random.js';
import type { TiedAutoencoder } from './tied-autoencoder.js';

export interface EpochReport {
  /** 1-based. */
  epoch: number;
  /** Mean reconstruction loss over the epoch's rows (batch losses weighted by size). */
  loss: number;
  steps: number;
  ms: number;
}

export interface TrainState {
  /** Epochs finished; the next one to train is epoch + 1. */
  epoch: number;
  /** Row-major values of W1, W2, …, as in TiedAutoencoder. */
  weights: TensorData[];
  adam: AdamState;
  /** The shuffling generator's state before the next epoch draws its order. */
  shuffle: number;
  /** One report per finished epoch. */
  reports: EpochReport[];
}

/** A loss (or weight) that is NaN or ±Infinity: training cannot go on from it. */
export class NonFiniteLossError extends TensorError {
  override name = 'NonFiniteLossError';

  constructor(message: string, readonly epoch: number, readonly step: number | null) {
    super(message);
  }
}

/** Copies the run's state to the CPU; throws NonFiniteLossError when a value is not finite. */
export async function readState(model: TiedAutoencoder, adam: Adam, rng: Rng,
  reports: EpochReport[]): Promise<TrainState> {
  const [weights, moments] = await Promise.all([
    Promise.all(model.weights.map((w) => w.read())), adam.state(),
  ]);
  const epoch = reports.length;
  const state = { epoch, weights, adam: moments, shuffle: rng.getState(), reports: [...reports] };
  checkFinite(state);
  return state;
}

// A last step whose gradient overflowed leaves a finite loss but NaN weights: caught
// here, before that state can become "the last good one".
function checkFinite(s: TrainState): void {
  const arrays = [...s.weights, ...s.adam.m, ...s.adam.v];
  const names = ['weights', 'Adam m', 'Adam v'];
  for (let i = 0; i < arrays.length; i++) {
    const bad = arrays[i]!.findIndex((v) => !Number.isFinite(v));
    if (bad < 0) continue;
    const what = names[Math.floor(i / s.weights.length)];
    throw new NonFiniteLossError(`train: the ${what} became ${arrays[i]![bad]} in epoch ` +
      `${s.epoch}, after its last step (every loss was finite)` +
      '\nhint: lower --lr, or check the data for extreme values', s.epoch, null);
  }
}

/** Checks that `state` can continue this run: same layers, same steps per epoch. */
export function checkResumable(state: TrainState, model: TiedAutoencoder,
  stepsPerEpoch: number): void {
  const fail = (what: string): never => {
    throw new TensorError(`train: cannot resume from this state; ${what}`);
  };
  if (!(Number.isInteger(state.epoch) && state.epoch >= 0)) fail(`epoch is ${state.epoch}`);
  if (state.reports.length !== state.epoch) {
    fail(`it has ${state.reports.length} epoch reports for ${state.epoch} epochs`);
  }
  if (state.weights.length !== model.weights.length) {
    fail(`it has ${state.weights.length} weights; the model has ${model.weights.length}`);
  }
  state.weights.forEach((w, i) => {
    const want = model.weights[i]!.size;
    if (w.length !== want) fail(`W${i + 1} has ${w.length} values; the model's has ${want}`);
  });
  if (state.adam.t !== state.epoch * stepsPerEpoch) {
    fail(`Adam took ${state.adam.t} steps in ${state.epoch} epochs, but the data and batch ` +
      `size give ${stepsPerEpoch} steps per epoch\nhint: resume with the same data and --batch`);
  }
}

/** Puts the saved weights and Adam state back; returns the shuffling generator. */
export function restoreState(state: TrainState, model: TiedAutoencoder, adam: Adam): Rng {
  model.weights.forEach((w, i) => setValues(w, state.weights[i]!));
  adam.load(state.adam);
  return Rng.fromState(state.shuffle);
}

function setValues(t: Tensor, values: ArrayLike<number>): void {
  if (!t.gpu) t.data.set(values);
  else if (t.size > 0) t.gpu.write(t.buffer, Float32Array.from(values));
}
