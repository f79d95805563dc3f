// The shared failure cases (../shared/cases next to the repository), read as JSON.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file is test/helpers/cases.ts. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const CASES_DIR = path.resolve(REPO_ROOT, '../shared/cases');

/** The parsed contents of `<id>.json`, e.g. loadCase<C01>('C01'). */
export function loadCase<T>(id: string): T {
  return JSON.parse(readFileSync(path.join(CASES_DIR, `${id}.json`), 'utf8')) as T;
}

export type Nested = number | Nested[];

/** Row-major values of a nested array such as [[1, 2], [3, 4]]. */
export function flat(values: Nested): number[] {
  return Array.isArray(values) ? values.flatMap(flat) : [values];
}
