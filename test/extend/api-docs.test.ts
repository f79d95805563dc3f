// docs/api.md is generated from the source (scripts/api-docs.mjs); it must be what the
// generator writes now, and name every export of src/index.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { REPO_ROOT } from '../helpers/cases.js';
import { runNode } from './run-in-node.js';

it('docs/api.md is up to date with the source', async () => {
  const run = await runNode(['scripts/api-docs.mjs', '--check']);
  expect(run.code, run.stderr).toBe(0);
});

it('has a section for every value src/index.ts exports', () => {
  const reference = readFileSync(path.join(REPO_ROOT, 'docs/api.md'), 'utf8');
  const missing = Object.keys(api).filter((name) => !reference.includes(`\n### ${name}\n`));
  expect(missing).toEqual([]);
});
