import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { CsvError } from '../../src/data/errors.js';

/** The CsvError that parsing `text` throws; fails the test when it throws none. */
function csvErrorOf(text: string): CsvError {
  try {
    parseCsv(text, { source: 'data.csv' });
  } catch (error) {
    expect(error).toBeInstanceOf(CsvError);
    return error as CsvError;
  }
  throw new Error('expected parseCsv to throw a CsvError');
}

describe('parseCsv errors name the file, line and column', () => {
  it('rejects a row with more fields than the header at its first extra field', () => {
    const error = csvErrorOf('a,b\n1,2\n3,4,5\n');
    expect(error.message).toBe('data.csv:3:5: line 3 has 3 fields; the header has 2');
    expect([error.source, error.line, error.column]).toEqual(['data.csv', 3, 5]);
  });

  it('rejects a row with fewer fields than the header at its end', () => {
    const error = csvErrorOf('a,b,c\r\n1,2,3\r\n4,5\r\n');
    expect(error.message).toBe('data.csv:3:4: line 3 has 2 fields; the header has 3');
  });

  it('rejects an unterminated quote at the opening quote', () => {
    const error = csvErrorOf('a,b\n1,"two\n3,4\n');
    expect(error.message).toBe('data.csv:2:3: unterminated quoted field');
  });

  it('rejects a stray quote inside an unquoted field at the quote', () => {
    const error = csvErrorOf('a,b\n1,tw"o\n');
    expect(error.message).toMatch(/^data\.csv:2:5: stray quote inside an unquoted field\nhint: /);
  });

  it('rejects text after a closing quote', () => {
    const error = csvErrorOf('a,b\n1,"two"x\n');
    expect(error.message).toMatch(/^data\.csv:2:8: text after a closing quote\nhint: /);
  });

  it('rejects a duplicate header name, naming both fields', () => {
    const error = csvErrorOf('"ID","SEX","AGE","SEX"\n1,2,3,4\n');
    expect(error.message).toBe('data.csv:1:18: duplicate column name "SEX" in fields 2 and 4');
  });

  it('measures the width without a header from the first row', () => {
    const error = parseErrorWithoutHeader('1,2\n3\n');
    expect(error.message).toBe('bare.csv:2:2: line 2 has 1 fields; row 1 has 2');
  });
});

function parseErrorWithoutHeader(text: string): CsvError {
  try {
    parseCsv(text, { source: 'bare.csv', header: false });
  } catch (error) {
    return error as CsvError;
  }
  throw new Error('expected parseCsv to throw');
}
