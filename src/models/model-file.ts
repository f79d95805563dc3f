// model.json: one format for a trained tied autoencoder, written by the CLI (and by
// the browser page) and read back by both. It holds the config, the weights, the
// fitted data pipeline and the training settings with the loss curve. A loaded file
// is checked whole before anything runs, and errors name the bad field.
import { shownValue } from '../data/errors.js';
import { pipelineFromJSON, pipelineToJSON } from '../data/pipeline-json.js';
import type { FittedPipeline } from '../data/pipeline.js';
import { outputColumnNames } from '../data/pipeline.js';
import {
  ACTIVATIONS, checkConfig, type Activation, type AutoencoderConfig,
} from './tied-autoencoder.js';

export const MODEL_FORMAT = 'tapegrad-tied-autoencoder';
export const MODEL_VERSION = 1;

export interface TrainingRecord {
  epochs: number;
  batch: number;
  lr: number;
  l2: number;
  seed: number;
  losses: number[];
  adapter: string;
}

export interface ModelContents {
  config: AutoencoderConfig;
  /** Row-major values of W1, W2, …; Wi has shape [layers[i−1], layers[i]]. */
  weights: ArrayLike<number>[];
  /** How raw CSV rows become model inputs; null when inputs are used as given. */
  pipeline: FittedPipeline | null;
  training: TrainingRecord | null;
}

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

export function modelToJSON(m: ModelContents): object {
  const { activation } = m.config;
  if (typeof activation === 'function') {
    throw new ModelFileError(`model.json: activation must be one of ${ACTIVATIONS.join(', ')}; ` +
      `got the function ${activation.name || '(anonymous)'}\nhint: model.json stores ` +
      'activations by name; a user-defined one cannot be loaded back');
  }
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    config: m.config,
    weights: m.weights.map((w, i) => ({
      shape: [m.config.layers[i]!, m.config.layers[i + 1]!],
      values: Array.from(w),
    })),
    pipeline: m.pipeline && pipelineToJSON(m.pipeline),
    training: m.training,
  };
}

type Obj = Record<string, unknown>;

const F32_MAX = 3.4028234663852886e38;

function fail(source: string, path: string, what: string): never {
  throw new ModelFileError(`${source}: ${path} ${what}`);
}

function object(source: string, v: unknown, path: string): Obj {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  return fail(source, path, 'is missing or not an object');
}

function numbers(source: string, v: unknown, path: string): number[] {
  if (!Array.isArray(v)) fail(source, path, 'is not an array');
  const bad = v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0) fail(source, `${path}[${bad}]`, `is ${shownValue(v[bad])}, not a finite number`);
  return v as number[];
}

function readConfig(source: string, v: unknown): AutoencoderConfig {
  const c = object(source, v, 'config');
  const layers = numbers(source, c.layers, 'config.layers');
  const activation = c.activation as Activation;
  if (!ACTIVATIONS.includes(activation)) {
    fail(source, 'config.activation', `is ${shownValue(c.activation)}; expected one of ` +
      ACTIVATIONS.join(', '));
  }
  const seed = typeof c.seed === 'number' ? c.seed : fail(source, 'config.seed', 'is not a number');
  const config = { layers, activation, seed };
  try {
    checkConfig(config);
  } catch (e) {
    fail(source, 'config', `is invalid: ${(e as Error).message}`);
  }
  return config;
}

function readWeights(source: string, v: unknown, layers: number[]): Float32Array[] {
  if (!Array.isArray(v) || v.length !== layers.length - 1) {
    fail(source, 'weights', `must list ${layers.length - 1} weights for layers ` +
      `[${layers.join(', ')}]`);
  }
  return v.map((w, i) => {
    const path = `weights[${i}]`;
    const shape = numbers(source, object(source, w, path).shape, `${path}.shape`);
    const want = [layers[i]!, layers[i + 1]!];
    if (shape.length !== 2 || shape[0] !== want[0] || shape[1] !== want[1]) {
      fail(source, `${path}.shape`, `is [${shape.join(', ')}]; layers need [${want.join(', ')}]`);
    }
    const values = numbers(source, (w as Obj).values, `${path}.values`);
    const big = values.findIndex((x) => Math.abs(x) > F32_MAX);
    if (big >= 0) fail(source, `${path}.values[${big}]`, `is ${values[big]}, beyond float32`);
    if (values.length !== want[0]! * want[1]!) {
      fail(source, `${path}.values`, `has ${values.length} numbers; [${want.join(', ')}] ` +
        `needs ${want[0]! * want[1]!}`);
    }
    return Float32Array.from(values);
  });
}

/** Parses model.json text; `source` names the file in errors. */
export function modelFromJSON(text: string, source: string): ModelContents {
  return modelFromObject(parseJSON(text, source), source);
}

/** JSON.parse, with an error that names the file. */
export function parseJSON(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(`${source}: not valid JSON (${(e as Error).message}); ` +
      'is it a model.json written by tapegrad, whole (not truncated)?');
  }
}

/** Checks parsed model.json (or a checkpoint, which is one) whole. */
export function modelFromObject(value: unknown, source: string): ModelContents {
  const root = object(source, value, 'the file');
  if (root.format !== MODEL_FORMAT) {
    fail(source, 'format', `is ${shownValue(root.format)}; expected "${MODEL_FORMAT}"`);
  }
  if (root.version !== MODEL_VERSION) {
    fail(source, 'version', `is ${shownValue(root.version)}; this tapegrad reads ` +
      `version ${MODEL_VERSION}`);
  }
  const config = readConfig(source, root.config);
  const weights = readWeights(source, root.weights, config.layers);
  const pipeline = root.pipeline == null ? null : pipelineFromJSON(root.pipeline, source);
  if (pipeline) {
    const width = outputColumnNames(pipeline).length;
    if (width !== config.layers[0]) {
      fail(source, 'pipeline', `makes ${width} columns, but the model takes ${config.layers[0]}`);
    }
  }
  const training = (root.training ?? null) as TrainingRecord | null;
  return { config, weights, pipeline, training };
}
