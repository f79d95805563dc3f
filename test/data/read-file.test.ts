import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile, readTextFile } from '../../src/data/read-file.js';
import { sharedPath } from './shared-cases.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'tapegrad-read-file-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('reading CSV files from disk', () => {
  it('decodes UTF-8 and strips nothing, leaving the byte-order mark to parseCsv', () => {
    const file = sharedPath('cases', 'C26_header.csv');
    expect(readTextFile(file).charCodeAt(0)).toBe(0xfeff);
    expect(readCsvFile(file).header).toEqual(['ID', 'LIMIT_BAL', 'SEX']);
  });

  it('names the file in errors, by the path it was given', () => {
    const file = path.join(scratch, 'ragged.csv');
    writeFileSync(file, 'a,b\n1\n');
    expect(() => readCsvFile(file)).toThrow(`${file}:2:2: line 2 has 1 fields; the header has 2`);
  });

  it('refuses bytes that are not UTF-8, naming the file', () => {
    const file = path.join(scratch, 'latin1.csv');
    writeFileSync(file, Buffer.from([0x61, 0x0a, 0xe9, 0x0a]));
    expect(() => readTextFile(file)).toThrow(`${file}: not valid UTF-8 text`);
  });
});
