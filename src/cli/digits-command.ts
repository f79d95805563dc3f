// tapegrad digits (the default): the mnist package's 10000 digits through a tied
// autoencoder, and a picture of digits beside their reconstructions.
// NOTE: a demonstration of about a minute, so it has no checkpoints and no --resume:
// Ctrl-C ends it at once, and its outputs are still written all or nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { modelToJSON } from '../models/model-file.js';
import { TiedAutoencoder } from '../models/tied-autoencoder.js';
import { train } from '../models/train.js';
import { noGrad } from '../tensor/record.js';
import { init, tensor } from '../tensor/runtime.js';
import { scope } from '../tensor/tensor.js';
import type { DigitsArgs } from './args.js';
import { lossChartSvg } from './loss-chart.js';
import { codesCsv, lossCsv, writeAllOrNothing } from './outputs.js';
import { grayPng } from './png.js';
import { DIGIT_PIXELS, joinDigits, type Digits } from '../data/digits.js';
import { checkOutputDir } from './paths.js';
import { Progress, plural } from './progress.js';

const SIDE = 28;
const PIXELS = DIGIT_PIXELS;

/** The digits shipped in the `mnist` package (src/digits/0.json … 9.json). */
export function loadDigits(): Digits {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  return joinDigits(Array.from({ length: 10 }, (_, d) =>
    (JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data));
}

/** Two examples of each digit: originals on odd rows, reconstructions below them. */
function picture(digits: Digits, rows: number[], recon: Float32Array): Uint8Array {
  const cols = 10;
  const cell = SIDE + 2;
  const scale = 3;
  const w = cols * cell * scale;
  const h = Math.ceil(rows.length / cols) * 2 * cell * scale;
  const gray = new Uint8Array(w * h).fill(40);
  const draw = (values: ArrayLike<number>, gx: number, gy: number) => {
    for (let y = 0; y < SIDE * scale; y++) {
      for (let x = 0; x < SIDE * scale; x++) {
        const v = values[Math.floor(y / scale) * SIDE + Math.floor(x / scale)]!;
        const px = gx * cell * scale + scale + x;
        const shade = Math.round(255 * Math.min(1, Math.max(0, v)));
        gray[(gy * cell * scale + scale + y) * w + px] = shade;
      }
    }
  };
  rows.forEach((r, i) => {
    const gx = i % cols;
    const gy = Math.floor(i / cols) * 2;
    draw(digits.images.subarray(r * PIXELS, (r + 1) * PIXELS), gx, gy);
    draw(recon.subarray(i * PIXELS, (i + 1) * PIXELS), gx, gy + 1);
  });
  return grayPng(w, h, gray);
}

function examples(labels: Float64Array): number[] {
  const firsts = Array.from({ length: 10 }, (_, d) => labels.indexOf(d));
  return [...firsts.map((r) => r + 1), ...firsts.map((r) => r + 2)];
}

export async function digitsCommand(a: DigitsArgs): Promise<void> {
  checkOutputDir('--out', a.out, ['digits.png', 'loss.csv', 'loss.svg', 'model.json', 'codes.csv']);
  const digits = loadDigits();
  const rows = digits.labels.length;
  console.log(`data: the mnist package's digits, ${rows} images of ${PIXELS} pixels`);
  const { adapter } = await init();
  console.log(`adapter: ${adapter}`);
  const x = tensor(digits.images, [rows, PIXELS], { name: 'digits' });
  const config = { layers: [PIXELS, ...a.layers], activation: a.activation, seed: a.seed };
  const model = new TiedAutoencoder(config, x.gpu);
  console.log(`model: tied autoencoder [${config.layers.join(', ')}], ${a.activation}; ` +
    `${plural(a.epochs, 'epoch')}, batch ${a.batch}, lr ${a.lr}, seed ${a.seed}`);

  const progress = new Progress(a.epochs);
  const reports = await train(model, x, {
    epochs: a.epochs, batch: a.batch, lr: a.lr, seed: a.seed, onEpoch: (r) => progress.epoch(r),
  });
  progress.done();

  const shown = examples(digits.labels);
  const sample = tensor(shown.flatMap((r) =>
    Array.from(digits.images.subarray(r * PIXELS, (r + 1) * PIXELS))), [shown.length, PIXELS]);
  const recon = noGrad(() => scope(() => model.decode(model.encode(sample))));
  const reconValues = Float32Array.from(await recon.read());
  const codes = await model.codes(x, a.batch);
  const losses = reports.map((r) => r.loss);
  writeAllOrNothing(a.out, {
    'digits.png': picture(digits, shown, reconValues),
    'loss.csv': lossCsv(reports),
    'loss.svg': lossChartSvg(losses, `digits [${config.layers.join(', ')}]`),
    'model.json': JSON.stringify(modelToJSON({
      config, weights: await model.weightValues(), pipeline: null,
      training: { epochs: a.epochs, batch: a.batch, lr: a.lr, l2: 0, seed: a.seed, losses,
        adapter },
    })),
    'codes.csv': codesCsv(codes, model.codeWidth, digits.labels, 'digit'),
  });
  console.log(`final loss ${losses[losses.length - 1]!.toPrecision(6)}, ` +
    `${progress.meanMs().toFixed(0)} ms/epoch`);
  console.log(`wrote ${a.out}/digits.png (top: digits, below: reconstructions), loss.csv, ` +
    'loss.svg, model.json, codes.csv');
  console.log('train longer: npm start -- digits --epochs 30');
  for (const t of [x, sample, recon]) t.dispose();
  model.dispose();
}
