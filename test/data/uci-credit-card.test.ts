import { describe, expect, it } from 'vitest';
import { sliceRows } from '../../src/data/columns.js';
import { fitPipeline, transform, type EncodedTable } from '../../src/data/pipeline.js';
import { readCsvFile } from '../../src/data/read-file.js';
import { sharedPath } from './shared-cases.js';

// The real file: CRLF, quoted names, numbers like 5e+05, no final newline.
const table = readCsvFile(sharedPath('data', 'UCI_Credit_Card.csv'));
const config = {
  drop: ['ID'],
  target: 'default.payment.next.month',
  categorical: ['SEX', 'EDUCATION', 'MARRIAGE'],
};
const NUMERIC = [
  'LIMIT_BAL', 'AGE', 'PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6',
  ...[1, 2, 3, 4, 5, 6].map((i) => `BILL_AMT${i}`), ...[1, 2, 3, 4, 5, 6].map((i) => `PAY_AMT${i}`),
];
const ONE_HOT = [
  'SEX=1', 'SEX=2', ...[0, 1, 2, 3, 4, 5, 6].map((e) => `EDUCATION=${e}`),
  ...[0, 1, 2, 3].map((m) => `MARRIAGE=${m}`),
];

/** Values of one output column, in row order. */
function column(encoded: EncodedTable, name: string): number[] {
  const c = encoded.columns.indexOf(name);
  return Array.from({ length: encoded.rows }, (_, r) => encoded.data[r * encoded.cols + c]!);
}

describe('UCI_Credit_Card.csv through the pipeline', () => {
  const encoded = transform(fitPipeline(table, config), table);

  it('gives 30000 rows of 33 columns: 20 numeric and 13 one-hot, in file order', () => {
    expect(table.rows.length).toBe(30000);
    expect([encoded.rows, encoded.cols, encoded.data.length]).toEqual([30000, 33, 30000 * 33]);
    expect(encoded.columns).toEqual([
      'LIMIT_BAL', ...ONE_HOT, ...NUMERIC.slice(1),
    ]);
  });

  it('keeps every value finite and inside [-2, 2]', () => {
    const outside = encoded.data.findIndex((v) => !Number.isFinite(v) || v < -2 || v > 2);
    expect(outside).toBe(-1);
  });

  it('spans each numeric column exactly from -2 to 2 on the training rows', () => {
    for (const name of NUMERIC) {
      const values = column(encoded, name);
      expect([Math.min(...values), Math.max(...values)], name).toEqual([-2, 2]);
    }
  });

  it('sets exactly one 1 in each one-hot block of each row', () => {
    for (const prefix of ['SEX=', 'EDUCATION=', 'MARRIAGE=']) {
      const block = ONE_HOT.filter((n) => n.startsWith(prefix)).map((n) => column(encoded, n));
      for (const values of block) {
        expect(values.every((v) => v === 0 || v === 1), prefix).toBe(true);
      }
      const rowSum = (r: number) => block.reduce((sum, values) => sum + values[r]!, 0);
      const sums = Array.from({ length: encoded.rows }, (_, r) => rowSum(r));
      expect(sums.every((s) => s === 1), prefix).toBe(true);
    }
  });

  it('keeps the 0/1 target aside with one entry per row', () => {
    expect(encoded.target!.length).toBe(30000);
    expect(encoded.target!.every((v) => v === 0 || v === 1)).toBe(true);
    expect(encoded.columns).not.toContain(config.target);
  });

  it('encodes held-out rows with the width and order of a fit on the other rows', () => {
    const fitted = fitPipeline(sliceRows(table, 0, 20000), config);
    const train = transform(fitted, sliceRows(table, 0, 20000));
    const heldOut = transform(fitted, sliceRows(table, 20000, 30000));
    expect(heldOut.rows).toBe(10000);
    expect(heldOut.columns).toEqual(train.columns);
    expect(heldOut.columns).toEqual(encoded.columns);
    expect(heldOut.data.every((v) => Number.isFinite(v))).toBe(true);
  });
});
