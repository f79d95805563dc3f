// `tapegrad train` (in this process, through runCli) on generated bad files: ragged and
// short rows, stray and unterminated quotes, binary bytes, huge fields, empty files, a
// column named twice, text in a numeric column, a missing target, unknown columns. Each
// ends with exit code 1 and one line naming the file or the option, no stack trace, and
// the output folder exactly as it was.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { FUZZ } from './fuzz-helpers.js';

const HEADER = ['ID', 'a', 'b', 'label'];
const GOOD_ROWS = [['1', '0.5', '2', '0'], ['2', '1.5', '-1', '1'], ['3', '2.5', '7', '0'],
  ['4', '3.5', '1e3', '1']];

interface Fault {
  what: string;
  /** The file's bytes, made from a good table and the fault's position. */
  bytes: (row: number, field: number) => Uint8Array;
  args?: string[];
}

const text = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
const utf8 = (s: string) => new TextEncoder().encode(s);
const withCell = (row: number, field: number, cell: string) =>
  [HEADER, ...GOOD_ROWS.map((r, i) => (i === row ? r.map((c, f) => (f === field ? cell : c)) : r))];

const FAULTS: Fault[] = [
  { what: 'a ragged row', bytes: (r) => utf8(text([HEADER, ...GOOD_ROWS.map((row, i) =>
    (i === r ? [...row, '9'] : row))])) },
  { what: 'a short row', bytes: (r) => utf8(text([HEADER, ...GOOD_ROWS.map((row, i) =>
    (i === r ? row.slice(1) : row))])) },
  { what: 'a stray quote', bytes: (r, f) => utf8(text(withCell(r, f, '1"2'))) },
  { what: 'an unterminated quote', bytes: (r, f) => utf8(text(withCell(r, f, '"12'))) },
  { what: 'binary bytes', bytes: (r, f) => {
    const [before, after] = text(withCell(r, f, '@')).split('@') as [string, string];
    return new Uint8Array([...utf8(before), 0x00, 0xff, 0xfe, 0x80, 0x01, ...utf8(after)]);
  } },
  { what: 'a huge field', bytes: (r, f) => utf8(text(withCell(r, f, 'x'.repeat(1_000_000)))) },
  { what: 'text in a numeric column', bytes: (r) => utf8(text(withCell(r, 1, 'M'))) },
  { what: 'an empty file', bytes: () => new Uint8Array(0) },
  { what: 'a header and no rows', bytes: () => utf8(text([HEADER])) },
  { what: 'a column named twice', bytes: (_r, f) => utf8(text([HEADER.map((h, i) =>
    (i === f ? HEADER[(f + 1) % 4]! : h)), ...GOOD_ROWS])) },
  { what: 'a missing target cell', bytes: (r) => utf8(text(withCell(r, 3, ''))),
    args: ['--target', 'label'] },
  { what: 'a target not in the file', bytes: () => utf8(text([HEADER, ...GOOD_ROWS])),
    args: ['--target', 'default'] },
  { what: 'an unknown categorical column', bytes: () => utf8(text([HEADER, ...GOOD_ROWS])),
    args: ['--categorical', 'SEX'] },
  { what: 'a target that is also dropped', bytes: () => utf8(text([HEADER, ...GOOD_ROWS])),
    args: ['--target', 'label', '--drop', 'label'] },
];

let dir = '';
let errors: string[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tapegrad-fuzz-cli-'));
  errors = [];
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    errors.push(parts.join(' '));
  });
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs train on `bytes` over an output folder holding an earlier run's file. */
async function trainOnBad(bytes: Uint8Array, args: string[], name: string) {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, bytes);
  const out = path.join(dir, `${name}-out`);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'loss.csv'), 'an earlier run\n');
  errors = [];
  const code = await runCli(['train', '--data', file, '--out', out, '--epochs', '1', ...args]);
  return { code, file, out };
}

function expectRefused(r: { code: number; file: string; out: string }, options: string[]): void {
  expect(r.code).toBe(1);
  expect(errors).toHaveLength(1);
  const line = errors[0]!;
  expect(line.split('\n')).toHaveLength(1);
  expect(line.startsWith('tapegrad: ')).toBe(true);
  expect(line).not.toMatch(/internal error|\n\s+at /);
  const namesWhere = line.includes(`${r.file}:`) || options.some((o) => line.includes(o));
  expect(namesWhere, line).toBe(true);
  expect(line.length).toBeLessThan(500);
  expect(readdirSync(r.out)).toEqual(['loss.csv']);
  expect(readFileSync(path.join(r.out, 'loss.csv'), 'utf8')).toBe('an earlier run\n');
}

describe('tapegrad train on generated bad files', () => {
  it('refuses each with one line naming where, and leaves the outputs as they were', async () => {
    const cases = fc.record({
      fault: fc.constantFrom(...FAULTS),
      row: fc.integer({ min: 0, max: GOOD_ROWS.length - 1 }),
      field: fc.integer({ min: 0, max: HEADER.length - 1 }),
      drop: fc.boolean(),
    });
    let n = 0;
    await fc.assert(fc.asyncProperty(cases, async ({ fault, row, field, drop }) => {
      const args = [...(drop ? ['--drop', 'ID'] : []), ...(fault.args ?? [])];
      const r = await trainOnBad(fault.bytes(row, field), args, `case${n++}`);
      expectRefused(r, fault.args?.filter((a) => a.startsWith('--')) ?? []);
    }), { ...FUZZ, numRuns: 60 });
  });

  it('names a categorical column of numbers with thousands of values', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => [String(i), String(i * 7), '1', '0']);
    const r = await trainOnBad(utf8(text([HEADER, ...rows])), ['--categorical', 'a'], 'wide');
    expectRefused(r, []);
    expect(errors[0]).toContain('categorical column "a" has 1500 distinct values, over 1000');
  });

  it('says that an empty file is empty', async () => {
    const r = await trainOnBad(new Uint8Array(0), ['--drop', 'ID'], 'empty');
    expectRefused(r, []);
    expect(errors[0]).toBe(`tapegrad: ${r.file}: the file is empty: no header, no rows`);
  });

  it('names the option of a bad argument, before reading any file', async () => {
    for (const args of [['--lr', 'fast'], ['--layers', '0'], ['--checkpoint-every', 'x']]) {
      const r = await trainOnBad(utf8(text([HEADER, ...GOOD_ROWS])), args, 'args');
      expect(r.code).toBe(1);
      expect(errors[0]).toMatch(new RegExp(`^tapegrad: ${args[0]} needs`));
    }
  });
});
