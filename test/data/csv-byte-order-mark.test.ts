import { describe, expect, it } from 'vitest';
import { columnIndex } from '../../src/data/columns.js';
import { parseNumber } from '../../src/data/number.js';
import { readCase, readCaseCsv } from './shared-cases.js';

interface C26 {
  files: {
    C26_header: { file: string; header_expected: string[]; rows_expected: number[][] };
    C26_noheader: { file: string; header: false; rows_expected: number[][] };
  };
}

describe('parseCsv with a byte-order mark and quoted header names (case C26)', () => {
  const { C26_header: withHeader, C26_noheader: noHeader } = readCase<C26>('C26').files;

  it('strips the mark and the quotes from header names', () => {
    const table = readCaseCsv(withHeader.file);
    expect(table.header).toEqual(withHeader.header_expected);
    for (const name of table.header) {
      expect(name).not.toMatch(/[\ufeff"]/);
    }
    expect(columnIndex(table, 'ID')).toBe(0);
    expect(table.rows.map((row) => row.map(parseNumber))).toEqual(withHeader.rows_expected);
  });

  it('reads the first cell after the mark as the number 1 without a header', () => {
    const table = readCaseCsv(noHeader.file, noHeader.header);
    expect(table.rows[0]![0]).toBe('1');
    expect(table.rows.map((row) => row.map(parseNumber))).toEqual(noHeader.rows_expected);
  });

  it('counts columns after the mark from 1', () => {
    const table = readCaseCsv(noHeader.file, noHeader.header);
    expect(table.cellColumns[0]).toBe(1);
    expect(table.cellColumns[1]).toBe(3);
  });
});
