// checkpoint.json: a model.json (same format, so `encode` reads it too) with one more
// section, `resume`: Adam's step count and moments, the shuffling generator, the epoch
// reached with its reports, and which data file it was trained on. That is all a later
// run needs to continue and reach the very losses of a run that never stopped.
// A loaded checkpoint is checked whole before anything runs; errors name the field.
import { shownValue } from '../data/errors.js';
import type { AdamState } from '../optim/adam.js';
import type { TensorData } from '../tensor/tensor.js';
import {
  ModelFileError, modelFromObject, modelToJSON, parseJSON, type ModelContents,
  type TrainingRecord,
} from './model-file.js';
import type { EpochReport, TrainState } from './train-state.js';

export const CHECKPOINT_FILE = 'checkpoint.json';
export const RESUME_VERSION = 1;

/** Which file a run trained on: resuming on other data would not continue the run. */
export interface DataIdentity {
  /** Absolute path when saved. */
  path: string;
  bytes: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface Checkpoint {
  /** Config, the weights of `state`, the fitted pipeline, the settings and losses. */
  model: ModelContents & { training: TrainingRecord };
  state: TrainState;
  data: DataIdentity;
}

// Float32 values need 9 significant digits to read back exactly, not the 17 of a double.
function exactNumbers(values: TensorData): number[] {
  if (!(values instanceof Float32Array)) return Array.from(values);
  return Array.from(values, (v) => Number(v.toPrecision(9)));
}

export function checkpointToJSON(c: Checkpoint): object {
  const { state } = c;
  return {
    ...modelToJSON({ ...c.model, weights: state.weights }),
    resume: {
      version: RESUME_VERSION,
      epoch: state.epoch,
      shuffle: state.shuffle,
      adam: { t: state.adam.t, m: state.adam.m.map(exactNumbers),
        v: state.adam.v.map(exactNumbers) },
      reports: state.reports,
      data: c.data,
    },
  };
}

/** Parses checkpoint.json text; `source` names the file in errors. */
export function checkpointFromJSON(text: string, source: string): Checkpoint {
  const root = parseJSON(text, source);
  const model = modelFromObject(root, source);
  const f = new Fields(source);
  const training = readTraining(f, (root as Record<string, unknown>).training);
  const resume = f.object((root as Record<string, unknown>).resume, 'resume');
  if (resume.version !== RESUME_VERSION) {
    f.fail('resume.version', `is ${shownValue(resume.version)}; this tapegrad reads ` +
      `version ${RESUME_VERSION}`);
  }
  const epoch = f.whole(resume.epoch, 'resume.epoch', 0, training.epochs);
  const sizes = model.weights.map((w) => w.length);
  const adamObj = f.object(resume.adam, 'resume.adam');
  const adam: AdamState = {
    t: f.whole(adamObj.t, 'resume.adam.t', 0, Number.MAX_SAFE_INTEGER),
    m: readMoments(f, adamObj.m, 'resume.adam.m', sizes),
    v: readMoments(f, adamObj.v, 'resume.adam.v', sizes),
  };
  const reports = readReports(f, resume.reports, epoch);
  if (training.losses.length !== epoch || reports.some((r, i) => r.loss !== training.losses[i])) {
    f.fail('training.losses', `do not match the ${epoch} reports in resume.reports`);
  }
  const state: TrainState = {
    epoch, weights: model.weights as TensorData[], adam, reports,
    shuffle: f.whole(resume.shuffle, 'resume.shuffle', 0, 0xffffffff),
  };
  return { model: { ...model, training }, state, data: readData(f, resume.data) };
}

function readTraining(f: Fields, value: unknown): TrainingRecord {
  const o = f.object(value, 'training');
  const lr = f.number(o.lr, 'training.lr');
  if (!(lr > 0)) f.fail('training.lr', `is ${lr}; it must be > 0`);
  const l2 = f.number(o.l2, 'training.l2');
  if (l2 < 0) f.fail('training.l2', `is ${l2}; it must be >= 0`);
  if (typeof o.adapter !== 'string') f.fail('training.adapter', 'is not a string');
  const adapter = o.adapter as string;
  return {
    epochs: f.whole(o.epochs, 'training.epochs', 1, Number.MAX_SAFE_INTEGER),
    batch: f.whole(o.batch, 'training.batch', 1, Number.MAX_SAFE_INTEGER),
    lr, l2, seed: f.whole(o.seed, 'training.seed', 0, 0xffffffff),
    losses: f.numbers(o.losses, 'training.losses'), adapter,
  };
}

function readMoments(f: Fields, value: unknown, path: string, sizes: number[]): Float32Array[] {
  const list = f.array(value, path);
  if (list.length !== sizes.length) {
    f.fail(path, `has ${list.length} arrays; the model has ${sizes.length} weights`);
  }
  return list.map((a, i) => {
    const values = f.numbers(a, `${path}[${i}]`);
    if (values.length !== sizes[i]) {
      f.fail(`${path}[${i}]`, `has ${values.length} numbers; weights[${i}] has ${sizes[i]}`);
    }
    const moments = Float32Array.from(values);
    const big = moments.findIndex((x) => !Number.isFinite(x));
    if (big >= 0) f.fail(`${path}[${i}][${big}]`, `is ${values[big]}, beyond float32`);
    return moments;
  });
}

function readReports(f: Fields, value: unknown, epochs: number): EpochReport[] {
  const list = f.array(value, 'resume.reports');
  if (list.length !== epochs) f.fail('resume.reports', `has ${list.length} reports; ` +
    `resume.epoch is ${epochs}`);
  return list.map((r, i) => {
    const path = `resume.reports[${i}]`;
    const o = f.object(r, path);
    return {
      epoch: f.whole(o.epoch, `${path}.epoch`, i + 1, i + 1),
      loss: f.number(o.loss, `${path}.loss`),
      steps: f.whole(o.steps, `${path}.steps`, 1, Number.MAX_SAFE_INTEGER),
      ms: f.number(o.ms, `${path}.ms`),
    };
  });
}

function readData(f: Fields, value: unknown): DataIdentity {
  const o = f.object(value, 'resume.data');
  if (typeof o.path !== 'string' || o.path === '') f.fail('resume.data.path', 'is not a path');
  if (typeof o.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(o.sha256)) {
    f.fail('resume.data.sha256', 'is not 64 hex digits');
  }
  const bytes = f.whole(o.bytes, 'resume.data.bytes', 0, Number.MAX_SAFE_INTEGER);
  return { path: o.path, bytes, sha256: o.sha256 };
}

type Obj = Record<string, unknown>;

/** Field checks that throw ModelFileError naming the file and the field's path. */
class Fields {
  constructor(readonly source: string) {}

  fail(path: string, what: string): never {
    throw new ModelFileError(`${this.source}: ${path} ${what}`);
  }

  object(v: unknown, path: string): Obj {
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
    return this.fail(path, 'is missing or not an object');
  }

  array(v: unknown, path: string): unknown[] {
    return Array.isArray(v) ? v : this.fail(path, 'is missing or not an array');
  }

  number(v: unknown, path: string): number {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return this.fail(path, `is ${shownValue(v)}, not a finite number`);
  }

  numbers(v: unknown, path: string): number[] {
    return this.array(v, path).map((x, i) => this.number(x, `${path}[${i}]`));
  }

  whole(v: unknown, path: string, min: number, max: number): number {
    const n = this.number(v, path);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.fail(path, `is ${n}; it must be a whole number from ${min} to ${max}`);
    }
    return n;
  }
}
