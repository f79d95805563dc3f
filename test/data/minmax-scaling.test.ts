import { describe, expect, it } from 'vitest';
import { fitPipeline, transform } from '../../src/data/pipeline.js';
import { parseCsv } from '../../src/data/csv.js';
import { encodedRows, expectMatrixClose, readCase, readCaseCsv } from './shared-cases.js';

interface C21 {
  train_csv: string;
  test_csv: string;
  columns: string[];
  train_expected: number[][];
  test_expected: number[][];
}

describe('min-max scaling of a constant column (case C21)', () => {
  const c21 = readCase<C21>('C21');
  const fitted = fitPipeline(readCaseCsv(c21.train_csv), { outliers: 'none', range: [0, 1] });

  it('maps a constant training column to 0, never NaN', () => {
    const encoded = transform(fitted, readCaseCsv(c21.train_csv));
    expect(encoded.columns).toEqual(c21.columns);
    expectMatrixClose(encodedRows(encoded), c21.train_expected);
  });

  it('maps a new value v of a constant column to v - min, without clipping', () => {
    const encoded = transform(fitted, readCaseCsv(c21.test_csv));
    expect(encoded.columns).toEqual(c21.columns);
    expectMatrixClose(encodedRows(encoded), c21.test_expected);
  });
});

describe('min-max scaling to the default range', () => {
  const table = parseCsv('x\n10\n20\n30\n', { source: 'x.csv' });

  it('maps the training min and max exactly onto -2 and 2', () => {
    const encoded = transform(fitPipeline(table, { outliers: 'none' }), table);
    expect(Array.from(encoded.data)).toEqual([-2, 0, 2]);
  });

  it('scales a constant column as if its span were 1, times the range width', () => {
    const constant = parseCsv('x\n5\n5\n', { source: 'c.csv' });
    const fitted = fitPipeline(constant, { outliers: 'none' });
    const fresh = transform(fitted, parseCsv('x\n5\n6\n', { source: 'new.csv' }));
    expect(Array.from(fresh.data)).toEqual([-2, 2]);
  });
});
