// model.json: what is written reads back the same, and a damaged file is refused
// before anything runs, with the bad field named.
import { describe, expect, it } from 'vitest';
import { fitPipeline } from '../../src/data/pipeline.js';
import { parseCsv } from '../../src/data/csv.js';
import { modelFromJSON, modelToJSON, type ModelContents } from '../../src/models/model-file.js';

const table = parseCsv('id,a,b,c\n1,1,x,3\n2,2,y,5\n3,4,x,9\n', { source: 't.csv' });
const pipeline = fitPipeline(table, { drop: ['id'], categorical: ['b'] });

const contents: ModelContents = {
  config: { layers: [4, 2, 1], activation: 'tanh', seed: 9 },
  weights: [[1, 2, 3, 4, 5, 6, 7, 8], [0.5, -0.25]],
  pipeline,
  training: { epochs: 1, batch: 2, lr: 0.1, l2: 0, seed: 9, losses: [1.5], adapter: 'test' },
};

const text = (edit: (o: Record<string, any>) => void = () => {}) => {
  const o = JSON.parse(JSON.stringify(modelToJSON(contents)));
  edit(o);
  return JSON.stringify(o);
};

describe('model.json', () => {
  it('reads back what was written', () => {
    const back = modelFromJSON(text(), 'model.json');
    expect(back.config).toEqual(contents.config);
    expect(back.weights.map((w) => Array.from(w))).toEqual(contents.weights);
    expect(back.pipeline).toEqual(pipeline);
    expect(back.training).toEqual(contents.training);
  });

  it.each([
    ['truncated', () => text().slice(0, 50), 'model.json: not valid JSON'],
    ['another format', () => text((o) => { o.format = 'x'; }), 'model.json: format is "x"'],
    ['another version', () => text((o) => { o.version = 2; }),
      'model.json: version is 2; this tapegrad reads version 1'],
    ['a weight of the wrong shape', () => text((o) => { o.weights[1].shape = [3, 1]; }),
      'model.json: weights[1].shape is [3, 1]; layers need [2, 1]'],
    ['a weight value that is not a number', () => text((o) => { o.weights[0].values[3] = 'x'; }),
      'model.json: weights[0].values[3] is "x", not a finite number'],
    ['too few weight values', () => text((o) => { o.weights[0].values.pop(); }),
      'model.json: weights[0].values has 7 numbers; [4, 2] needs 8'],
    ['an unknown activation', () => text((o) => { o.config.activation = 'gelu'; }),
      'model.json: config.activation is "gelu"'],
    ['a weight that does not fit the layers', () => text((o) => { o.config.layers = [5, 2, 1]; }),
      'model.json: weights[0].shape is [4, 2]; layers need [5, 2]'],
    ['a pipeline of another width', () => text((o) => {
      o.config.layers = [5, 2, 1];
      o.weights[0] = { shape: [5, 2], values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
    }), 'model.json: pipeline makes 4 columns, but the model takes 5'],
    ['a damaged pipeline', () => text((o) => { o.pipeline.columns[0].mean = 'x'; }),
      'model.json: pipeline.columns[0].mean'],
  ])('refuses %s', (_what, make, message) => {
    expect(() => modelFromJSON(make(), 'model.json')).toThrow(message);
  });
});
