import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { PipelineError } from '../../src/data/errors.js';
import { fitPipeline, transform } from '../../src/data/pipeline.js';
import { pipelineFromJSON, pipelineToJSON } from '../../src/data/pipeline-json.js';

const train = parseCsv('id,sex,age,label\n1,2,30,0\n2,1,,1\n3,2,52,0\n', { source: 'train.csv' });
const fitted = fitPipeline(train, { drop: ['id'], target: 'label', categorical: ['sex'] });

// The saved object as a model file would hold it; tests below break one field each.
// Column 0 is the categorical "sex", column 1 the numeric "age".
type Saved = {
  version: unknown;
  config: { [key: string]: unknown };
  columns: { [key: string]: any }[];
};

/** A saved pipeline as it comes back from a model file, edited by `change`. */
function reloaded(change: (saved: Saved) => void = () => {}): unknown {
  const saved = JSON.parse(JSON.stringify(pipelineToJSON(fitted))) as Saved;
  change(saved);
  return saved;
}

describe('a fitted pipeline saved as JSON', () => {
  it('comes back equal and encodes the same values', () => {
    const loaded = pipelineFromJSON(reloaded(), 'model.json');
    expect(loaded).toEqual(fitted);
    expect(transform(loaded, train)).toEqual(transform(fitted, train));
  });

  it('is a copy that later edits of the fitted pipeline do not reach', () => {
    const saved = pipelineToJSON(fitted);
    saved.config.drop.push('age');
    expect(fitted.config.drop).toEqual(['id']);
  });
});

const BROKEN: [string, (saved: Saved) => void, string][] = [
  ['a mean that is text', (p) => { p.columns[1]!.mean = 'x'; },
    'pipeline.columns[1].mean is not a number'],
  ['a min that is null', (p) => { p.columns[1]!.min = null; },
    'pipeline.columns[1].min is not a number'],
  ['a category that is a number', (p) => { p.columns[0]!.categories = ['1', 1]; },
    'pipeline.columns[0].categories[1] is not a string'],
  ['an unknown column kind', (p) => { p.columns[0]!.kind = 'ordinal'; },
    'pipeline.columns[0].kind is "ordinal", not "numeric" or "categorical"'],
  ['no range', (p) => { delete p.config.range; },
    'pipeline.config.range is not an array'],
  ['an unknown outlier rule', (p) => { p.config.outliers = 'zscore'; },
    'pipeline.config.outliers is "zscore", not "iqr" or "none"'],
  ['fences in the wrong order', (p) => { p.columns[1]!.fences.hi = -1e9; },
    'pipeline.columns[1].fences.lo is above hi (-1000000000)'],
  ['a column twice', (p) => { p.columns.push(p.columns[1]!); },
    'pipeline.columns[2].name repeats "age"'],
  ['another layout version', (p) => { p.version = 2; },
    'pipeline.version is 2; this reader knows 1'],
];

describe('pipelineFromJSON names the bad field', () => {
  it.each(BROKEN)('refuses %s', (_, change, reason) => {
    expect(() => pipelineFromJSON(reloaded(change), 'model.json')).toThrow(PipelineError);
    expect(() => pipelineFromJSON(reloaded(change), 'model.json')).toThrow(`model.json: ${reason}`);
  });

  it('refuses something that is not an object at all', () => {
    expect(() => pipelineFromJSON([], 'model.json')).toThrow(
      'model.json: pipeline is not an object',
    );
  });
});
