// One training run of the CLI, fresh or resumed, and what it leaves in its folder. The
// loop hands over a CPU copy of its state after every epoch ("the last good state"),
// and whatever happens, that state is what gets saved:
//   it ends          -> outputs and checkpoint.json of the last epoch, exit 0
//   Ctrl-C, SIGTERM  -> outputs and checkpoint.json of the last finished epoch, exit 130/143
//   a NaN or Inf     -> the same, of the last epoch whose loss was finite, exit 1
//   the device lost  -> checkpoint.json alone (codes need a GPU), exit 1
// Every N epochs, checkpoint.json alone. All writes are all-or-nothing (outputs.ts).
// NOTE: after a device loss the run does not go on by itself on a new device, though
// init() could get one: a device lost once may be lost again, and a run that exits with
// its checkpoint saved is easier to reason about than one that retries unseen.
import { join } from 'node:path';
import type { EncodedTable, FittedPipeline } from '../data/pipeline.js';
import { CHECKPOINT_FILE, checkpointToJSON, type DataIdentity } from '../models/checkpoint.js';
import { modelToJSON, type TrainingRecord } from '../models/model-file.js';
import { TiedAutoencoder, type AutoencoderConfig } from '../models/tied-autoencoder.js';
import { NonFiniteLossError, train, type TrainPosition, type TrainState } from '../models/train.js';
import { DeviceLostError } from '../tensor/errors.js';
import { tensor } from '../tensor/runtime.js';
import type { Tensor } from '../tensor/tensor.js';
import { shellWord } from './checkpoint-files.js';
import { lossChartSvg } from './loss-chart.js';
import { codesCsv, lossCsv, writeAllOrNothing, writeFileWhole } from './outputs.js';
import { Progress } from './progress.js';
import { StopSignals } from './stop-signals.js';

export interface RunPlan {
  out: string;
  data: DataIdentity;
  encoded: EncodedTable;
  pipeline: FittedPipeline;
  config: AutoencoderConfig;
  settings: { epochs: number; batch: number; lr: number; l2: number; seed: number };
  checkpointEvery: number;
  adapter: string;
  /** The saved state to continue from; null for a new run. */
  resume: TrainState | null;
}

/** Training was stopped by a signal; its last good state was saved. */
export class StoppedError extends Error {
  override name = 'StoppedError';

  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export async function runTraining(plan: RunPlan): Promise<void> {
  const { encoded, settings } = plan;
  const x = tensor(encoded.data, [encoded.rows, encoded.cols], { name: 'data' });
  const stop = new StopSignals().listen();
  const progress = new Progress(settings.epochs, plan.resume?.reports);
  try {
    const run = await trainTracked(plan, x, stop, progress);
    if (run.error !== null) throw await saveAfterFault(plan, x, run.error, run.lastGood, run.at);
    const lastGood = run.lastGood!; // train() hands over a state before its first epoch
    await saveOutputs(plan, x, lastGood);
    if (stop.received && run.at && lastGood.epoch < settings.epochs) {
      throw new StoppedError(`${stop.received}: stopped ${where(run.at)}; ` +
        `${savedWhat(lastGood, 'the checkpoint and outputs')} in ${plan.out}` +
        resumeHint(plan.out), stop.exitCode);
    }
    report(plan, lastGood, progress);
  } finally {
    stop.close();
    x.dispose();
  }
}

interface TrackedRun {
  /** The state after the last finished epoch (or the start). */
  lastGood: TrainState | null;
  /** Where the loop was when it last polled for a stop. */
  at: TrainPosition | null;
  error: unknown;
}

// Trains, keeping the last good state and the position; a failure is returned, not thrown.
async function trainTracked(plan: RunPlan, x: Tensor, stop: StopSignals,
  progress: Progress): Promise<TrackedRun> {
  const run: TrackedRun = { lastGood: null, at: null, error: null };
  const model = new TiedAutoencoder(plan.config, x.gpu, plan.resume?.weights);
  try {
    await train(model, x, {
      ...plan.settings, resume: plan.resume ?? undefined,
      shouldStop: (position) => {
        run.at = position;
        return stop.received !== null;
      },
      onState: (state) => {
        run.lastGood = state;
        if (isPeriodic(plan, state)) saveCheckpoint(plan, state);
      },
      onEpoch: (r) => progress.epoch(r),
    });
  } catch (e) {
    run.error = e;
  } finally {
    progress.done();
    model.dispose();
  }
  return run;
}

function isPeriodic(plan: RunPlan, s: TrainState): boolean {
  const every = plan.checkpointEvery;
  const started = plan.resume?.epoch ?? 0;
  return every > 0 && s.epoch > started && s.epoch % every === 0 && s.epoch < plan.settings.epochs;
}

// Saves what can be saved after `e`, and returns the error to report (with what was saved).
async function saveAfterFault(plan: RunPlan, x: Tensor, e: unknown, lastGood: TrainState | null,
  at: TrainPosition | null): Promise<unknown> {
  if (!lastGood) return e;
  if (e instanceof NonFiniteLossError) {
    await saveOutputs(plan, x, lastGood);
    const [what, hint] = (e.message.split('\nhint: ') as [string, string?]);
    return new NonFiniteLossError(`${what}; ${savedWhat(lastGood, 'the checkpoint and outputs')}` +
      `, the last good state, in ${plan.out}${hint ? `\nhint: ${hint}` : ''}`, e.epoch, e.step);
  }
  if (e instanceof DeviceLostError) {
    saveCheckpoint(plan, lastGood);
    return deviceLost(plan, e, lastGood, at ? where(at) : 'during training');
  }
  return e;
}

// The device's reason ("the GPU device was lost (destroyed: …)") without the op's name.
function deviceLost(plan: RunPlan, e: DeviceLostError, saved: TrainState,
  when: string): DeviceLostError {
  const reason = e.message.split('\n')[0]!.replace(/^[^:]*: /, '');
  return new DeviceLostError(`${reason} ${when}; ${savedWhat(saved, 'the checkpoint')} in ` +
    `${plan.out}${resumeHint(plan.out)}`);
}

function where(at: TrainPosition): string {
  return at.step === 0 ? `before epoch ${at.epoch}`
    : `in epoch ${at.epoch} after ${at.step} of ${at.steps} steps`;
}

function savedWhat(s: TrainState, what: string): string {
  return s.epoch === 0 ? `saved ${what} of the untrained model`
    : `saved ${what} of epoch ${s.epoch}`;
}

function resumeHint(out: string): string {
  return `\nhint: resume with: npx tapegrad train --resume ${shellWord(out)}`;
}

function training(plan: RunPlan, s: TrainState): TrainingRecord {
  return { ...plan.settings, losses: s.reports.map((r) => r.loss), adapter: plan.adapter };
}

function checkpointText(plan: RunPlan, s: TrainState): string {
  const model = { config: plan.config, weights: s.weights, pipeline: plan.pipeline,
    training: training(plan, s) };
  return JSON.stringify(checkpointToJSON({ model, state: s, data: plan.data }));
}

function saveCheckpoint(plan: RunPlan, s: TrainState): void {
  writeFileWhole(join(plan.out, CHECKPOINT_FILE), checkpointText(plan, s));
}

/** saveAll, or checkpoint.json alone when the device is lost on the way: a resumed run
 * with nothing left to train writes the outputs. */
async function saveOutputs(plan: RunPlan, x: Tensor, s: TrainState): Promise<void> {
  try {
    await saveAll(plan, x, s);
  } catch (e) {
    if (!(e instanceof DeviceLostError)) throw e;
    saveCheckpoint(plan, s);
    throw deviceLost(plan, e, s, 'while the outputs were computed');
  }
}

/** The four outputs and checkpoint.json of state `s`, all or nothing. */
async function saveAll(plan: RunPlan, x: Tensor, s: TrainState): Promise<void> {
  const model = new TiedAutoencoder(plan.config, x.gpu, s.weights);
  let codes: Float32Array;
  try {
    codes = await model.codes(x, plan.settings.batch);
  } finally {
    model.dispose();
  }
  const { layers } = plan.config;
  const losses = s.reports.map((r) => r.loss);
  writeAllOrNothing(plan.out, {
    'loss.csv': lossCsv(s.reports),
    'loss.svg': lossChartSvg(losses, `tied autoencoder [${layers.join(', ')}]`),
    'model.json': JSON.stringify(modelToJSON({ config: plan.config, weights: s.weights,
      pipeline: plan.pipeline, training: training(plan, s) })),
    'codes.csv': codesCsv(codes, model.codeWidth, plan.encoded.target,
      plan.pipeline.config.target),
    [CHECKPOINT_FILE]: checkpointText(plan, s),
  });
}

function report(plan: RunPlan, s: TrainState, progress: Progress): void {
  const losses = s.reports.map((r) => r.loss);
  if (losses.length > 0) {
    console.log(`final loss ${losses[losses.length - 1]!.toPrecision(6)}, best ` +
      `${Math.min(...losses).toPrecision(6)}, ${progress.meanMs().toFixed(0)} ms/epoch`);
  }
  const width = plan.config.layers[plan.config.layers.length - 1];
  console.log(`wrote ${plan.out}/loss.csv, loss.svg, model.json, codes.csv, ` +
    `${CHECKPOINT_FILE} (${plan.encoded.rows} codes of width ${width})`);
}
