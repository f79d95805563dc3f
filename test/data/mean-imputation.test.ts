import { describe, expect, it } from 'vitest';
import type { NumericColumnStats } from '../../src/data/numeric-column.js';
import { fitPipeline, transform } from '../../src/data/pipeline.js';
import { encodedRows, expectMatrixClose, readCase, readCaseCsv } from './shared-cases.js';

interface C22 {
  csv: string;
  columns: string[];
  expected_means: { [column: string]: number };
  expected_after_impute: number[][];
  expected_after_minmax: number[][];
}

describe('mean imputation with a column missing in every row (case C22)', () => {
  const c22 = readCase<C22>('C22');
  const table = readCaseCsv(c22.csv);
  const fitted = fitPipeline(table, { outliers: 'none', range: [0, 1] });
  const stats = fitted.columns as NumericColumnStats[];

  it('fits the mean of the present values, and 0 for the all-missing column', () => {
    expect(stats.map((s) => s.name)).toEqual(c22.columns);
    for (const s of stats) {
      expect(s.mean, s.name).toBeCloseTo(c22.expected_means[s.name]!, 12);
    }
  });

  it('keeps the all-missing column and scales every column without NaN', () => {
    const encoded = transform(fitted, table);
    expect(encoded.columns).toEqual(c22.columns);
    expectMatrixClose(encodedRows(encoded), c22.expected_after_minmax);
  });

  it('imputes the values the case expects (undoing the scaling)', () => {
    const encoded = encodedRows(transform(fitted, table));
    const imputed = encoded.map((row) =>
      row.map((t, c) => stats[c]!.min + t * (stats[c]!.max - stats[c]!.min)));
    expectMatrixClose(imputed, c22.expected_after_impute, 1e-5);
  });
});
