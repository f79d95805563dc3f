import { describe, expect, it } from 'vitest';
import { parseNumber, NOT_A_NUMBER } from '../../src/data/number.js';
import { readCase, readCaseCsv } from './shared-cases.js';

interface C27 {
  file: string;
  header_expected: string[];
  rows_expected: (number | null)[][];
}

describe('parseNumber on the shared case C27', () => {
  const c27 = readCase<C27>('C27');
  const table = readCaseCsv(c27.file);

  it('reads exponents, a leading + and empty cells as the case expects', () => {
    expect(table.header).toEqual(c27.header_expected);
    table.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        const want = c27.rows_expected[r]![c]!;
        const got = parseNumber(cell);
        if (want === null) {
          expect(got, `row ${r} field ${c}`).toBeNull();
        } else {
          expect(got, `row ${r} field ${c}`).toBeCloseTo(want, 12);
        }
      });
    });
  });

  it('reads -0 as positive zero', () => {
    expect(Object.is(parseNumber(table.rows[3]![2]!), 0)).toBe(true);
  });
});

describe('parseNumber beyond the shared case', () => {
  it.each([
    ['5e+05', 500000], ['-1.5E-03', -0.0015], ['+2.5e2', 250], ['.5', 0.5], ['1.', 1],
    ['  42  ', 42], ['\t-7\t', -7], ['007', 7],
  ])('reads %j as %d', (cell, want) => {
    expect(parseNumber(cell)).toBe(want);
  });

  it.each(['', '   ', 'NaN', 'nan', 'NAN'])('reads %j as missing, never 0', (cell) => {
    expect(parseNumber(cell)).toBeNull();
  });

  const notNumbers = [
    '12abc', '0x10', 'Infinity', '-Infinity', '1,000', '1e', 'e5', '.', '+', '1 2', '1e999',
  ];
  it.each(notNumbers)('refuses %j', (cell) => {
    expect(parseNumber(cell)).toBe(NOT_A_NUMBER);
  });

  it('turns every spelling of negative zero into positive zero', () => {
    for (const cell of ['-0', '-0.0', '-0e5', '-.0']) {
      expect(Object.is(parseNumber(cell), 0), cell).toBe(true);
    }
  });
});
