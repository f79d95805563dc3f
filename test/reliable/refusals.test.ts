// What `train --resume` and `encode` refuse, in this process through runCli: a missing
// or damaged checkpoint, one from another version, data that changed or moved, and a
// damaged model.json. Each is one line and exit code 1, found before the device is
// acquired or anything is written.
import {
  mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { identifyData } from '../../src/cli/checkpoint-files.js';
import { runCli } from '../../src/cli/run-cli.js';
import { fitPipeline } from '../../src/data/pipeline.js';
import { readCsvFile } from '../../src/data/read-file.js';
import { checkpointToJSON } from '../../src/models/checkpoint.js';
import { modelToJSON } from '../../src/models/model-file.js';

let dir = '';
let errors: string[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tapegrad-refusals-'));
  errors = [];
  vi.spyOn(console, 'error').mockImplementation((...p: unknown[]) => errors.push(p.join(' ')));
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A run folder with the checkpoint of epoch 2 of 3 on `data.csv`; returns their paths. */
function savedRun(edit: (o: Record<string, any>) => void = () => {}) {
  const data = path.join(dir, 'data.csv');
  writeFileSync(data, 'a,b,c\n1,2,3\n4,5,6\n7,8,10\n');
  const pipeline = fitPipeline(readCsvFile(data), {});
  const reports = [1, 2].map((epoch) => ({ epoch, loss: 1 / epoch, steps: 2, ms: 1 }));
  const run = path.join(dir, 'run');
  mkdirSync(run);
  const o = JSON.parse(JSON.stringify(checkpointToJSON({
    model: { config: { layers: [3, 2], activation: 'linear', seed: 0 }, weights: [],
      pipeline, training: { epochs: 3, batch: 2, lr: 0.01, l2: 0, seed: 0,
        losses: reports.map((r) => r.loss), adapter: 'test' } },
    state: { epoch: 2, weights: [new Float32Array(6)],
      adam: { t: 4, m: [new Float32Array(6)], v: [new Float32Array(6)] },
      shuffle: 1, reports },
    data: identifyData(data),
  })));
  edit(o);
  writeFileSync(path.join(run, 'checkpoint.json'), JSON.stringify(o));
  return { data, run };
}

/** Exit code 1, one line saying `message`, and the folder `run` as it was. */
async function expectRefused(argv: string[], message: string, run?: string) {
  const before = run && readdirSync(run).map((f) => readFileSync(path.join(run, f), 'utf8'));
  expect(await runCli(argv)).toBe(1);
  expect(errors).toHaveLength(1);
  expect(errors[0]!.split('\n')).toHaveLength(1);
  expect(errors[0]).toContain(message);
  if (run) expect(readdirSync(run).map((f) => readFileSync(path.join(run, f), 'utf8')))
    .toEqual(before);
}

describe('train --resume refuses', () => {
  it('a folder that does not exist, or has no checkpoint', async () => {
    await expectRefused(['train', '--resume', path.join(dir, 'nope')],
      `tapegrad: --resume ${path.join(dir, 'nope')}: no such folder`);
    errors = [];
    await expectRefused(['train', '--resume', dir], `tapegrad: --resume ${dir}: has no ` +
      'checkpoint.json; it is saved by "tapegrad train" when it stops or ends');
  });

  it('a truncated checkpoint, naming the file', async () => {
    const { run } = savedRun();
    const file = path.join(run, 'checkpoint.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 300));
    await expectRefused(['train', '--resume', run], `tapegrad: ${file}: not valid JSON (`, run);
  });

  it('a checkpoint from another version', async () => {
    const { run } = savedRun((o) => { o.resume.version = 2; });
    await expectRefused(['train', '--resume', run], 'checkpoint.json: resume.version is 2; ' +
      'this tapegrad reads version 1', run);
  });

  it('data that changed since the checkpoint', async () => {
    const { data, run } = savedRun();
    writeFileSync(data, 'a,b,c\n1,2,3\n4,5,6\n7,8,11\n');
    await expectRefused(['train', '--resume', run], `tapegrad: --resume ${run}: its data file ` +
      `${data}: differs from the file the run trained on (`, run);
  });

  it('data that moved, with a hint to name it, and another file named instead', async () => {
    const { data, run } = savedRun();
    rmSync(data);
    await expectRefused(['train', '--resume', run], `tapegrad: --resume ${run}: its data file ` +
      `${data}: no such file — hint: give the moved file with --data`, run);
    errors = [];
    const other = path.join(dir, 'other.csv');
    writeFileSync(other, 'a,b,c\n0,0,0\n');
    await expectRefused(['train', '--resume', run, '--data', other],
      `tapegrad: --data ${other}: differs from the file the run trained on`, run);
  });

  it('fewer epochs than the checkpoint has trained', async () => {
    const { run } = savedRun();
    await expectRefused(['train', '--resume', run, '--epochs', '1'],
      `tapegrad: --epochs 1: the checkpoint in ${run} has already trained 2 epochs`, run);
  });

  it('a setting that would change the run', async () => {
    const { run } = savedRun();
    await expectRefused(['train', '--resume', run, '--lr', '0.1'],
      'tapegrad: train: --lr cannot be combined with --resume', run);
  });
});

describe('encode refuses a damaged model.json before it reads the data', () => {
  const model = JSON.stringify(modelToJSON({
    config: { layers: [3, 2], activation: 'linear', seed: 0 }, weights: [[1, 2, 3, 4, 5, 6]],
    pipeline: null, training: null,
  }));

  it.each([
    ['truncated', model.slice(0, 60), 'not valid JSON'],
    ['from another version', model.replace('"version":1', '"version":7'),
      'version is 7; this tapegrad reads version 1'],
    ['of another format', model.replace('tapegrad-tied-autoencoder', 'keras'),
      'format is "keras"; expected "tapegrad-tied-autoencoder"'],
    ['with a weight missing', model.replace(/"values":\[[^\]]*\]/, '"values":[1]'),
      'weights[0].values has 1 numbers; [3, 2] needs 6'],
  ])('%s', async (_what, text, message) => {
    const file = path.join(dir, 'model.json');
    writeFileSync(file, text);
    const data = path.join(dir, 'bad.csv');
    writeFileSync(data, 'not,a\n"csv'); // never read: the model is refused first
    const out = path.join(dir, 'codes.csv');
    await expectRefused(['encode', '--model', file, '--data', data, '--out', out],
      `tapegrad: ${file}: ${message}`);
    expect(readdirSync(dir).sort()).toEqual(['bad.csv', 'model.json']);
  });
});
