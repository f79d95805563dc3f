// dist/tapegrad.browser.mjs is the library for browsers: the same public API as the Node
// bundle, with nothing Node-only in it; and the page reaches the library only through it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';
import { ensureBuilt } from './harness.js';

const BROWSER = path.join(REPO_ROOT, 'dist/tapegrad.browser.mjs');
const PAGE = path.join(REPO_ROOT, 'dist/web/app.mjs');

describe('the browser bundle', () => {
  beforeAll(() => ensureBuilt());

  it('imports nothing: no node: module, no Dawn, no require', () => {
    const code = readFileSync(BROWSER, 'utf8');
    expect(code).not.toMatch(/\bfrom\s*["']/);
    expect(code).not.toMatch(/\bimport\s*\(\s*["']/);
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).not.toMatch(/["']node:/);
  });

  it('exports what the Node bundle exports', async () => {
    const forBrowsers = await import(pathToFileURL(BROWSER).href);
    const forNode = await import(pathToFileURL(path.join(REPO_ROOT, 'dist/tapegrad.mjs')).href);
    expect(Object.keys(forBrowsers).sort()).toEqual(Object.keys(forNode).sort());
  });

  it('reads a CSV and fits the pipeline as in Node', async () => {
    const lib = await import(pathToFileURL(BROWSER).href);
    const table = lib.parseCsv('id,x,c\n1,2,a\n2,4,b\n', { source: 't.csv' });
    const { encoded } = lib.fitTransform(table, { drop: ['id'], categorical: ['c'] });
    expect(encoded.columns).toEqual(['x', 'c=a', 'c=b']);
    expect(Array.from(encoded.data)).toEqual([-2, 1, 0, 2, 0, 1]);
  });

  it('is the page\'s only way to the library', () => {
    const page = readFileSync(PAGE, 'utf8');
    const sources = [...page.matchAll(/\bfrom\s*["']([^"']+)["']/g)].map((m) => m[1]);
    expect(new Set(sources)).toEqual(new Set(['./tapegrad.browser.mjs']));
    expect(page).not.toContain('class Tensor');
    expect(page).not.toContain('@compute');
  });
});
