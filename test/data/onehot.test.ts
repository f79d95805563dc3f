import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { CsvError } from '../../src/data/errors.js';
import type { PipelineConfig } from '../../src/data/pipeline-config.js';
import { fitPipeline, transform } from '../../src/data/pipeline.js';
import { encodedRows, expectMatrixClose, readCase, readCaseCsv } from './shared-cases.js';

interface C24 {
  train_csv: string;
  test_csv: string;
  columns: string[];
  train_expected: number[][];
  test_columns: string[];
  test_expected: number[][];
}

const csv = (text: string, source = 'cats.csv') => parseCsv(text, { source });

describe('one-hot with a category unseen in training (case C24)', () => {
  const c24 = readCase<C24>('C24');
  const config: PipelineConfig = {
    drop: ['id'], categorical: ['color'], outliers: 'none', range: [0, 1],
  };
  const fitted = fitPipeline(readCaseCsv(c24.train_csv), config);

  it('encodes the training rows over the sorted training categories', () => {
    const encoded = transform(fitted, readCaseCsv(c24.train_csv));
    expect(encoded.columns).toEqual(c24.columns);
    expectMatrixClose(encodedRows(encoded), c24.train_expected);
  });

  it('keeps the training width and order on new rows; the unseen category is all zeros', () => {
    const encoded = transform(fitted, readCaseCsv(c24.test_csv));
    expect(encoded.columns).toEqual(c24.test_columns);
    expectMatrixClose(encodedRows(encoded), c24.test_expected);
  });

  it('throws in strict mode, naming file, line, column and the value', () => {
    const strict = fitPipeline(readCaseCsv(c24.train_csv), { ...config, strictCategories: true });
    const run = () => transform(strict, readCaseCsv(c24.test_csv));
    expect(run).toThrow(CsvError);
    expect(run).toThrow(
      'C24_test.csv:2:3: column "color": category "blue" was not seen in training; '
        + 'seen: green, red',
    );
  });
});

describe('one-hot categories', () => {
  it('sorts numeric categories as numbers, not as text', () => {
    const table = csv('k\n10\n9\n1\n9\n');
    const encoded = transform(fitPipeline(table, { categorical: ['k'] }), table);
    expect(encoded.columns).toEqual(['k=1', 'k=9', 'k=10']);
    expect(encodedRows(encoded)).toEqual([[0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 1, 0]]);
  });

  it('treats spellings of one number as one category', () => {
    const table = csv('k\n1\n1.0\n 1 \n2\n');
    const fitted = fitPipeline(table, { categorical: ['k'] });
    expect(transform(fitted, table).columns).toEqual(['k=1', 'k=2']);
  });

  it('sorts text categories by code unit, independent of locale', () => {
    const table = csv('k\nb\nB\na\n');
    const fitted = fitPipeline(table, { categorical: ['k'] });
    expect(transform(fitted, table).columns).toEqual(['k=B', 'k=a', 'k=b']);
  });

  it('encodes a missing cell as all zeros and fits no category for it', () => {
    const table = csv('k,x\nred,1\n,2\n');
    const encoded = transform(fitPipeline(table, { categorical: ['k'] }), table);
    expect(encoded.columns).toEqual(['k=red', 'x']);
    expect(encodedRows(encoded).map((row) => row[0])).toEqual([1, 0]);
  });

  it('places each block where its column stands in the file', () => {
    const table = csv('a,k,b\n1,x,3\n2,y,4\n');
    const encoded = transform(fitPipeline(table, { categorical: ['k'] }), table);
    expect(encoded.columns).toEqual(['a', 'k=x', 'k=y', 'b']);
  });
});
