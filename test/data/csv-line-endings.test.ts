import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { parseNumber } from '../../src/data/number.js';
import { readCase, readCaseCsv } from './shared-cases.js';

interface C28File {
  header_expected: string[];
  rows_expected: number[][];
  row_count_expected: number;
}

interface C28 {
  files: { [file: string]: C28File };
}

describe('parseCsv line endings and the end of the text (case C28)', () => {
  const c28 = readCase<C28>('C28');

  for (const [file, want] of Object.entries(c28.files)) {
    it(`reads ${file} as exactly ${want.row_count_expected} rows with clean cells`, () => {
      const table = readCaseCsv(file);
      expect(table.header).toEqual(want.header_expected);
      expect(table.rows.length).toBe(want.row_count_expected);
      expect(table.rows.map((row) => row.map(parseNumber))).toEqual(want.rows_expected);
      for (const cell of [...table.header, ...table.rows.flat()]) {
        expect(cell).not.toMatch(/[\r\n]/);
      }
    });
  }
});

describe('parseCsv line endings beyond the shared case', () => {
  const parse = (text: string) => parseCsv(text, { source: 'ends.csv' });

  it('ends lines at a lone CR', () => {
    expect(parse('a,b\r1,2\r3,4').rows).toEqual([['1', '2'], ['3', '4']]);
  });

  it('skips a blank line in the middle and counts it for line numbers', () => {
    const table = parse('a,b\n1,2\n\r\n3,4\n');
    expect(table.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(table.cellLines[2]).toBe(4);
  });

  it('gives zero rows for an empty text or a header alone', () => {
    expect(parse('')).toMatchObject({ header: [], rows: [] });
    expect(parse('a,b\r\n\r\n')).toMatchObject({ header: ['a', 'b'], rows: [] });
  });

  it('names columns column1.. when the text has no header row', () => {
    const table = parseCsv('1,2\n3,4\n', { source: 'bare.csv', header: false });
    expect(table.header).toEqual(['column1', 'column2']);
    expect(table.rows).toEqual([['1', '2'], ['3', '4']]);
  });
});
