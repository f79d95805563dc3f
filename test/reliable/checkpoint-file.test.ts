// checkpoint.json and model.json: a checkpoint reads back exactly what was saved, and a
// file that is corrupted, truncated or from another version is refused with one clear
// message naming the file and the field, before anything runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { PipelineError } from '../../src/data/errors.js';
import { fitPipeline } from '../../src/data/pipeline.js';
import {
  checkpointFromJSON, checkpointToJSON, type Checkpoint,
} from '../../src/models/checkpoint.js';
import { ModelFileError, modelFromJSON } from '../../src/models/model-file.js';
import { randomValues } from '../helpers/random.js';
import { expectOneClearError, FUZZ } from './fuzz-helpers.js';

const table = parseCsv('id,a,b,c\n1,1,x,3\n2,2,y,5\n3,4,x,9\n', { source: 't.csv' });
const pipeline = fitPipeline(table, { drop: ['id'], categorical: ['b'] });
const f32 = (seed: number, n: number) => Float32Array.from(randomValues(seed, n));

const saved: Checkpoint = {
  model: {
    config: { layers: [4, 2, 1], activation: 'tanh', seed: 9 },
    weights: [],
    pipeline,
    training: { epochs: 5, batch: 2, lr: 0.1, l2: 0, seed: 9, losses: [1.5, 0.75],
      adapter: 'test' },
  },
  state: {
    epoch: 2,
    weights: [f32(1, 8), f32(2, 2)],
    adam: { t: 4, m: [f32(3, 8), f32(4, 2)], v: [f32(5, 8).map(Math.abs), f32(6, 2)] },
    shuffle: 0xdeadbeef,
    reports: [{ epoch: 1, loss: 1.5, steps: 2, ms: 3.5 }, { epoch: 2, loss: 0.75, steps: 2,
      ms: 2 }],
  },
  data: { path: '/data/t.csv', bytes: 41, sha256: 'ab'.repeat(32) },
};

const text = (edit: (o: Record<string, any>) => void = () => {}) => {
  const o = JSON.parse(JSON.stringify(checkpointToJSON(saved)));
  edit(o);
  return JSON.stringify(o);
};

/** Refused with one clear message naming the file; never another kind of error. */
function expectRefused(read: () => unknown, source: string): void {
  try {
    read();
  } catch (e) {
    if (!(e instanceof ModelFileError || e instanceof PipelineError)) throw e;
    expectOneClearError(e.message, `${source}: `);
    return;
  }
}

describe('checkpoint.json', () => {
  it('reads back the exact state, every float32 bit of it', () => {
    const back = checkpointFromJSON(text(), 'checkpoint.json');
    expect(back.state).toEqual(saved.state);
    expect(back.data).toEqual(saved.data);
    expect(back.model.training).toEqual(saved.model.training);
    expect(back.model.pipeline).toEqual(pipeline);
  });

  it('is a model.json too: encode can read it', () => {
    const model = modelFromJSON(text(), 'checkpoint.json');
    expect(model.weights).toEqual(saved.state.weights);
  });

  it.each([
    ['truncated', () => text().slice(0, 200), 'checkpoint.json: not valid JSON'],
    ['another resume version', () => text((o) => { o.resume.version = 2; }),
      'checkpoint.json: resume.version is 2; this tapegrad reads version 1'],
    ['another model version', () => text((o) => { o.version = 0; }),
      'checkpoint.json: version is 0; this tapegrad reads version 1'],
    ['no resume section (a model.json)', () => text((o) => { delete o.resume; }),
      'checkpoint.json: resume is missing or not an object'],
    ['moments of the wrong length', () => text((o) => { o.resume.adam.m[1].push(0); }),
      'checkpoint.json: resume.adam.m[1] has 3 numbers; weights[1] has 2'],
    ['a moment beyond float32', () => text((o) => { o.resume.adam.v[0][3] = 1e39; }),
      'checkpoint.json: resume.adam.v[0][3] is 1e+39, beyond float32'],
    ['reports that do not match the epoch', () => text((o) => { o.resume.epoch = 3; }),
      'checkpoint.json: resume.reports has 2 reports; resume.epoch is 3'],
    ['losses that do not match the reports', () => text((o) => { o.training.losses[1] = 2; }),
      'checkpoint.json: training.losses do not match the 2 reports in resume.reports'],
    ['an epoch past the run', () => text((o) => { o.resume.epoch = 6; }),
      'checkpoint.json: resume.epoch is 6; it must be a whole number from 0 to 5'],
    ['a shuffle state past 32 bits', () => text((o) => { o.resume.shuffle = 2 ** 32; }),
      'checkpoint.json: resume.shuffle is 4294967296'],
    ['a damaged data hash', () => text((o) => { o.resume.data.sha256 = 'xyz'; }),
      'checkpoint.json: resume.data.sha256 is not 64 hex digits'],
    ['a learning rate of 0', () => text((o) => { o.training.lr = 0; }),
      'checkpoint.json: training.lr is 0; it must be > 0'],
  ])('refuses %s', (_what, make, message) => {
    expect(() => checkpointFromJSON(make(), 'checkpoint.json')).toThrow(message);
  });
});

// Every path in a JSON value, e.g. ['resume', 'adam', 'm', 0, 3].
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i).slice(0, 3) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as any)[k], [...prefix, k]))];
}

const REPLACEMENTS = [null, 'x', '', -1, 0, 0.5, 1e308, 2 ** 32, [], {}, [1, 2], true];

describe('damaged files, generated', () => {
  const good = text();
  const all = paths(JSON.parse(good)).filter((p) => p.length > 0);

  it('a field replaced or removed anywhere: a clear error naming the file, or a valid read', () => {
    const damage = fc.record({
      path: fc.constantFrom(...all),
      value: fc.option(fc.constantFrom(...REPLACEMENTS)), // null: remove the field
    });
    fc.assert(fc.property(damage, ({ path, value }) => {
      const o = JSON.parse(good);
      let parent = o;
      for (const k of path.slice(0, -1)) parent = parent[k];
      const last = path[path.length - 1]!;
      if (value === null) delete parent[last];
      else parent[last] = value;
      const damaged = JSON.stringify(o);
      expectRefused(() => checkpointFromJSON(damaged, 'checkpoint.json'), 'checkpoint.json');
      expectRefused(() => modelFromJSON(damaged, 'model.json'), 'model.json');
    }), { ...FUZZ, numRuns: 300 });
  });

  it('truncated or with bytes flipped anywhere: the same', () => {
    const damage = fc.record({
      at: fc.nat({ max: good.length - 1 }),
      cut: fc.boolean(),
      char: fc.constantFrom('"', '{', ']', ',', '0', 'e', '-', ' ', '\u0000', 'x'),
    });
    fc.assert(fc.property(damage, ({ at, cut, char }) => {
      const damaged = cut ? good.slice(0, at) : good.slice(0, at) + char + good.slice(at + 1);
      expectRefused(() => checkpointFromJSON(damaged, 'checkpoint.json'), 'checkpoint.json');
      expectRefused(() => modelFromJSON(damaged, 'model.json'), 'model.json');
    }), { ...FUZZ, numRuns: 300 });
  });
});
