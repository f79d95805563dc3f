import { describe, expect, it } from 'vitest';
import { encodeNumeric, type NumericColumnStats } from '../../src/data/numeric-column.js';
import { fitPipeline, transform } from '../../src/data/pipeline.js';
import { parseNumber } from '../../src/data/number.js';
import { isOutlier } from '../../src/data/quantile.js';
import { parseCsv } from '../../src/data/csv.js';
import { encodedRows, expectMatrixClose, readCase, readCaseCsv } from './shared-cases.js';

interface C23Stats {
  q1: number;
  q3: number;
  lo: number;
  hi: number;
  mean_after_outliers: number;
}

interface C23 {
  csv: string;
  columns: string[];
  expected_stats: { [column: string]: C23Stats };
  expected_outlier_rows_0_based: { [column: string]: number[] };
  expected_output: number[][];
}

describe('IQR outliers become missing, then take the mean (case C23)', () => {
  const c23 = readCase<C23>('C23');
  const table = readCaseCsv(c23.csv);
  const fitted = fitPipeline(table, { outliers: 'iqr', range: [0, 1] });
  const stats = fitted.columns as NumericColumnStats[];

  it('fits linear-interpolated quartiles over the non-missing values', () => {
    for (const s of stats) {
      const want = c23.expected_stats[s.name]!;
      expect(s.fences, s.name).not.toBeNull();
      for (const key of ['q1', 'q3', 'lo', 'hi'] as const) {
        expect(s.fences![key], `${s.name}.${key}`).toBeCloseTo(want[key], 12);
      }
      expect(s.mean, `${s.name}.mean`).toBeCloseTo(want.mean_after_outliers, 12);
    }
  });

  it('flags exactly the rows the case lists, including every nonzero w (IQR = 0)', () => {
    stats.forEach((s, field) => {
      const flagged = table.rows
        .map((row, r) => ({ r, v: parseNumber(row[field]!) }))
        .filter(({ v }) => typeof v === 'number' && isOutlier(s.fences, v))
        .map(({ r }) => r);
      expect(flagged, s.name).toEqual(c23.expected_outlier_rows_0_based[s.name]);
    });
  });

  it('encodes the training rows as the case expects', () => {
    const encoded = transform(fitted, table);
    expect(encoded.columns).toEqual(c23.columns);
    expectMatrixClose(encodedRows(encoded), c23.expected_output);
  });

  it('treats a new value beyond the fitted fences like a missing one', () => {
    const v = stats[0]!;
    expect(encodeNumeric(v, 100, [0, 1])).toBe(encodeNumeric(v, NaN, [0, 1]));
    expect(encodeNumeric(v, -4, [0, 1])).toBe(encodeNumeric(v, NaN, [0, 1]));
  });
});

describe('outliers: none', () => {
  it('keeps every value, so the extreme one sets the scale', () => {
    const table = parseCsv('v\n1\n2\n3\n100\n', { source: 'v.csv' });
    const fitted = fitPipeline(table, { outliers: 'none', range: [0, 1] });
    const stats = fitted.columns[0] as NumericColumnStats;
    expect(stats.fences).toBeNull();
    expect(stats.max).toBe(100);
  });
});
