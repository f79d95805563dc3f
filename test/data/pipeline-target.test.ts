import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { fitPipeline, fitTransform, transform } from '../../src/data/pipeline.js';

const csv = (text: string, source = 'data.csv') => parseCsv(text, { source });

describe('the target and dropped columns', () => {
  const table = csv('id,x,y\n7,1,0\n8,3,1\n9,2,1\n');

  it('keeps the target aside as numbers and never as an input', () => {
    const { encoded } = fitTransform(table, { drop: ['id'], target: 'y' });
    expect(encoded.columns).toEqual(['x']);
    expect(Array.from(encoded.target!)).toEqual([0, 1, 1]);
    expect([encoded.rows, encoded.cols, encoded.data.length]).toEqual([3, 1, 3]);
  });

  it('encodes new rows that have no target column, giving target null', () => {
    const fitted = fitPipeline(table, { drop: ['id'], target: 'y' });
    const encoded = transform(fitted, csv('x\n2\n', 'unlabelled.csv'));
    expect(encoded.target).toBeNull();
    expect(Array.from(encoded.data)).toEqual([0]);
  });

  it('gives target null when no target is configured', () => {
    expect(fitTransform(table, { drop: ['id', 'y'] }).encoded.target).toBeNull();
  });

  it('reads fitted columns by name whatever their order in the new file', () => {
    const fitted = fitPipeline(csv('a,b\n0,10\n1,20\n'), { outliers: 'none', range: [0, 1] });
    const encoded = transform(fitted, csv('b,a\n20,0\n'));
    expect(encoded.columns).toEqual(['a', 'b']);
    expect(Array.from(encoded.data)).toEqual([0, 1]);
  });
});
