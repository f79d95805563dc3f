// Helpers for tests that read the shared cases and data beside the repository, in
// ../shared relative to the repository root. Nothing from there is copied into the repo.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseCsv, type CsvTable } from '../../src/data/csv.js';
import type { EncodedTable } from '../../src/data/pipeline.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A path under /work/shared (the `shared` folder next to the repository). */
export function sharedPath(...parts: string[]): string {
  return path.resolve(repoRoot, '../shared', ...parts);
}

/** Absolute tolerance for values that went through float32 output. */
export const FLOAT32_TOLERANCE = 1e-6;

/** The JSON of a case such as 'C23', typed by the caller. */
export function readCase<T>(id: string): T {
  return JSON.parse(readFileSync(sharedPath('cases', `${id}.json`), 'utf8')) as T;
}

/** The raw text of a case's CSV file, nothing stripped. */
export function readCaseText(file: string): string {
  return readFileSync(sharedPath('cases', file), 'utf8');
}

/** A case's CSV file parsed, with the file name as the source. */
export function readCaseCsv(file: string, header = true): CsvTable {
  return parseCsv(readCaseText(file), { source: file, header });
}

/** The encoded rows as nested arrays, for comparing with a case's expected matrix. */
export function encodedRows(encoded: EncodedTable): number[][] {
  const rows: number[][] = [];
  for (let r = 0; r < encoded.rows; r++) {
    rows.push(Array.from(encoded.data.subarray(r * encoded.cols, (r + 1) * encoded.cols)));
  }
  return rows;
}

/** Checks shape and every value within `tolerance`, naming the first cell that differs. */
export function expectMatrixClose(
  actual: number[][], expected: number[][], tolerance = FLOAT32_TOLERANCE,
): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => {
    expect(row.length, `row ${r} width`).toBe(expected[r]!.length);
    row.forEach((value, c) => {
      const want = expected[r]![c]!;
      expect(Number.isFinite(value), `[${r}][${c}] is ${value}`).toBe(true);
      expect(Math.abs(value - want), `[${r}][${c}] is ${value}, want ${want}`)
        .toBeLessThanOrEqual(tolerance);
    });
  });
}
