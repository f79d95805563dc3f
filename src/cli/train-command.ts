// tapegrad train: CSV -> fitted pipeline -> tied autoencoder -> outputs in DIR; and
// tapegrad train --resume DIR, which continues a run from DIR/checkpoint.json. Every
// input is read and checked before the GPU is acquired, so a mistake costs no wait.
import { basename, extname, join, resolve } from 'node:path';
import { fitPipeline, transform } from '../data/pipeline.js';
import { readCsvFile } from '../data/read-file.js';
import { CHECKPOINT_FILE } from '../models/checkpoint.js';
import { init } from '../tensor/runtime.js';
import { UsageError, type ResumeArgs, type TrainArgs } from './args.js';
import {
  identifyData, readCheckpoint, refuseUnfinishedRun, resumeDataPath,
} from './checkpoint-files.js';
import { checkEncodedSize } from './input-size.js';
import { checkInputFile, checkOutputDir } from './paths.js';
import { plural } from './progress.js';
import { runTraining } from './train-run.js';

export const TRAIN_OUTPUTS = ['loss.csv', 'loss.svg', 'model.json', 'codes.csv', CHECKPOINT_FILE];

export function defaultOutDir(dataPath: string): string {
  return join('out', basename(dataPath, extname(dataPath)) || 'model');
}

export async function trainCommand(a: TrainArgs): Promise<void> {
  const out = a.out ?? defaultOutDir(a.data);
  checkInputFile('--data', a.data);
  checkOutputDir('--out', out, TRAIN_OUTPUTS);
  refuseUnfinishedRun(out);
  const table = readCsvFile(a.data);
  const fitted = fitPipeline(table, { drop: a.drop, target: a.target, categorical: a.categorical });
  checkEncodedSize(fitted, table.rows.length, a.data);
  const encoded = transform(fitted, table);
  if (encoded.cols === 0) {
    throw new UsageError(`--data ${a.data}: no input columns are left after --drop and --target`);
  }
  const { adapter } = await init();
  console.log(`data: ${a.data}: ${encoded.rows} rows -> ${encoded.cols} columns ` +
    `(${fitted.columns.length} used${a.target ? `, target ${a.target}` : ''})`);
  console.log(`adapter: ${adapter}`);
  const config = { layers: [encoded.cols, ...a.layers], activation: a.activation, seed: a.seed };
  const l2 = a.l2 ? `, l2 ${a.l2}` : '';
  console.log(`model: tied autoencoder [${config.layers.join(', ')}], ${a.activation}; ` +
    `${plural(a.epochs, 'epoch')}, batch ${a.batch}, lr ${a.lr}${l2}, seed ${a.seed}`);
  await runTraining({
    out, data: identifyData(a.data), encoded, pipeline: fitted, config, adapter,
    settings: { epochs: a.epochs, batch: a.batch, lr: a.lr, l2: a.l2, seed: a.seed },
    checkpointEvery: a.checkpointEvery, resume: null,
  });
}

export async function resumeCommand(a: ResumeArgs): Promise<void> {
  const saved = readCheckpoint('--resume', a.dir);
  const { training, pipeline, config } = saved.model;
  const reached = saved.state.epoch;
  const epochs = a.epochs ?? training.epochs;
  if (epochs < reached) {
    throw new UsageError(`--epochs ${epochs}: the checkpoint in ${a.dir} has already ` +
      `trained ${reached} epochs`);
  }
  if (!pipeline) {
    throw new UsageError(`--resume ${a.dir}: its checkpoint has no data pipeline; only ` +
      '"tapegrad train" runs can be resumed');
  }
  const dataPath = resumeDataPath(a.dir, saved.data, a.data);
  checkOutputDir('--resume', a.dir, TRAIN_OUTPUTS);
  const encoded = transform(pipeline, readCsvFile(dataPath));
  const { adapter } = await init();
  console.log(`resume: ${a.dir} at epoch ${reached} of ${epochs}; data: ${dataPath}: ` +
    `${encoded.rows} rows -> ${encoded.cols} columns`);
  console.log(`adapter: ${adapter}`);
  if (adapter !== training.adapter) {
    console.log(`note: the run began on "${training.adapter}"; on another adapter its ` +
      'losses can differ in the last digits from those of a run that never stopped');
  }
  const { batch, lr, l2, seed } = training;
  await runTraining({
    out: a.dir, data: { ...saved.data, path: resolve(dataPath) }, encoded, pipeline, config,
    adapter, settings: { epochs, batch, lr, l2, seed }, checkpointEvery: a.checkpointEvery,
    resume: saved.state,
  });
}
