import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';

const parse = (text: string) => parseCsv(text, { source: 'quoting.csv' });

describe('parseCsv quoted fields', () => {
  it('keeps a comma inside quotes as part of the cell', () => {
    const table = parse('name,city\n"Smith, J.","Taipei"\n');
    expect(table.rows).toEqual([['Smith, J.', 'Taipei']]);
  });

  it('turns a doubled quote inside quotes into one quote', () => {
    const table = parse('a,b\n"say ""hi""",""""\n');
    expect(table.rows).toEqual([['say "hi"', '"']]);
  });

  it('keeps CR, LF and CRLF inside quotes as they are', () => {
    const table = parse('a,b\r\n"one\rtwo","three\nfour\r\nfive"\r\n');
    expect(table.rows).toEqual([['one\rtwo', 'three\nfour\r\nfive']]);
  });

  it('reads a quoted empty field as an empty cell', () => {
    const table = parse('a,b\n"",2\n');
    expect(table.rows).toEqual([['', '2']]);
  });

  it('returns header names without their quotes', () => {
    const table = parse('"ID","LIMIT_BAL"\n1,2\n');
    expect(table.header).toEqual(['ID', 'LIMIT_BAL']);
  });

  it('keeps an empty last field after a trailing comma', () => {
    const table = parse('a,b\n1,');
    expect(table.rows).toEqual([['1', '']]);
  });

  it('counts lines inside a quoted field when placing later cells', () => {
    const table = parse('a,b\n"x\ny",z\n');
    // Cell b of the first row starts on line 3, column 4 (after `y",`).
    expect(table.cellLines[1]).toBe(3);
    expect(table.cellColumns[1]).toBe(4);
  });
});
