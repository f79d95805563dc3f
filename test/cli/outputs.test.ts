// Output files are written whole or not at all.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { f32Text, writeAllOrNothing } from '../../src/cli/outputs.js';

describe('writeAllOrNothing', () => {
  it('writes every file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tapegrad-out-'));
    writeAllOrNothing(dir, { 'a.txt': 'A', 'b.bin': new Uint8Array([1, 2]) });
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.bin']);
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('A');
  });

  it('leaves the folder as it was when one file cannot be written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tapegrad-out-'));
    writeFileSync(path.join(dir, 'a.txt'), 'old');
    expect(() => writeAllOrNothing(dir, { 'a.txt': 'new', 'no/such/dir.txt': 'x' })).toThrow();
    expect(readdirSync(dir)).toEqual(['a.txt']);
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('old');
  });
});

describe('f32Text', () => {
  it('prints float32 values with digits enough to read back exactly', () => {
    for (const v of [0.1, -1 / 3, 1e-30, 123456.789, 2 ** -20]) {
      const f = Math.fround(v);
      expect(Math.fround(Number(f32Text(f)))).toBe(f);
    }
  });
});
