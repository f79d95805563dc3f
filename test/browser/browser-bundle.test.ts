// dist/tapegrad.browser.mjs is the library for browsers: the same public API as the Node
// bundle, with nothing Node-only in it; and the pages and the examples reach the library
// only through it.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';
import { ensureBuilt } from './harness.js';

const BROWSER = path.join(REPO_ROOT, 'dist/tapegrad.browser.mjs');
const PAGE = path.join(REPO_ROOT, 'dist/web/app.mjs');
const EXAMPLES_PAGE = path.join(REPO_ROOT, 'dist/web/examples-page.mjs');
const EXAMPLES = path.join(REPO_ROOT, 'dist/web/examples');

/** The modules a bundle imports statically. */
function importsOf(file: string): Set<string> {
  return new Set([...readFileSync(file, 'utf8').matchAll(/\bfrom\s*["']([^"']+)["']/g)]
    .map((m) => m[1]));
}

/** Fails when a bundle carries a copy of the library's code. */
function expectNoLibraryCode(file: string): void {
  const code = readFileSync(file, 'utf8');
  expect(code, file).not.toContain('class Tensor');
  expect(code, file).not.toContain('@compute');
}

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

  it('is the pages\' only way to the library', () => {
    for (const page of [PAGE, EXAMPLES_PAGE]) {
      expect(importsOf(page), page).toEqual(new Set(['./tapegrad.browser.mjs']));
      expectNoLibraryCode(page);
    }
  });

  it('is the examples\' only way to the library: one bundle per file of examples/', () => {
    const sources = readdirSync(path.join(REPO_ROOT, 'examples'))
      .filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '.mjs'));
    const bundles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.mjs'));
    expect(bundles.sort()).toEqual(sources.sort());
    for (const bundle of bundles) {
      const file = path.join(EXAMPLES, bundle);
      expect(importsOf(file), bundle).toEqual(new Set(['../tapegrad.browser.mjs']));
      expectNoLibraryCode(file);
    }
  });
});
