// tapegrad train: CSV -> fitted pipeline -> tied autoencoder -> outputs in DIR.
import { basename, extname, join } from 'node:path';
import { fitTransform } from '../data/pipeline.js';
import { readCsvFile } from '../data/read-file.js';
import { modelToJSON } from '../models/model-file.js';
import { TiedAutoencoder } from '../models/tied-autoencoder.js';
import { train, type EpochReport } from '../models/train.js';
import { info, tensor } from '../tensor/runtime.js';
import { UsageError, type TrainArgs } from './args.js';
import { lossChartSvg } from './loss-chart.js';
import { codesCsv, lossCsv, writeAllOrNothing } from './outputs.js';
import { checkInputFile, checkOutputDir } from './paths.js';
import { Progress } from './progress.js';

export const TRAIN_OUTPUTS = ['loss.csv', 'loss.svg', 'model.json', 'codes.csv'];

export function defaultOutDir(dataPath: string): string {
  return join('out', basename(dataPath, extname(dataPath)) || 'model');
}

export async function trainCommand(a: TrainArgs): Promise<void> {
  const out = a.out ?? defaultOutDir(a.data);
  checkInputFile('--data', a.data);
  checkOutputDir('--out', out, TRAIN_OUTPUTS);
  const table = readCsvFile(a.data);
  const { fitted, encoded } = fitTransform(table, {
    drop: a.drop, target: a.target, categorical: a.categorical,
  });
  if (encoded.cols === 0) {
    throw new UsageError(`--data ${a.data}: no input columns are left after --drop and --target`);
  }
  console.log(`data: ${a.data}: ${encoded.rows} rows -> ${encoded.cols} columns ` +
    `(${fitted.columns.length} used${a.target ? `, target ${a.target}` : ''})`);
  const adapter = info().adapter;
  console.log(`adapter: ${adapter}`);

  const x = tensor(encoded.data, [encoded.rows, encoded.cols], { name: 'data' });
  const config = { layers: [encoded.cols, ...a.layers], activation: a.activation, seed: a.seed };
  const model = new TiedAutoencoder(config, x.gpu);
  console.log(`model: tied autoencoder [${config.layers.join(', ')}], ${a.activation}; ` +
    `${a.epochs} epochs, batch ${a.batch}, lr ${a.lr}${a.l2 ? `, l2 ${a.l2}` : ''}, seed ${a.seed}`);

  const progress = new Progress(a.epochs);
  const reports: EpochReport[] = await train(model, x, {
    epochs: a.epochs, batch: a.batch, lr: a.lr, l2: a.l2, seed: a.seed,
    onEpoch: (r) => progress.epoch(r),
  });
  progress.done();

  const codes = await model.codes(x, a.batch);
  const losses = reports.map((r) => r.loss);
  const weights = await model.weightValues();
  writeAllOrNothing(out, {
    'loss.csv': lossCsv(reports),
    'loss.svg': lossChartSvg(losses, `tied autoencoder [${config.layers.join(', ')}]`),
    'model.json': JSON.stringify(modelToJSON({
      config, weights, pipeline: fitted,
      training: { epochs: a.epochs, batch: a.batch, lr: a.lr, l2: a.l2, seed: a.seed, losses,
        adapter },
    })),
    'codes.csv': codesCsv(codes, model.codeWidth, encoded.target, a.target),
  });
  console.log(`final loss ${losses[losses.length - 1]!.toPrecision(6)}, best ` +
    `${Math.min(...losses).toPrecision(6)}, ${progress.meanMs(reports.length).toFixed(0)} ms/epoch`);
  console.log(`wrote ${out}/loss.csv, loss.svg, model.json, codes.csv ` +
    `(${encoded.rows} codes of width ${model.codeWidth})`);
  x.dispose();
  model.dispose();
}
