// The examples run unchanged in a page: web/examples.html imports each examples/<name>.ts
// bundle (its import of the library resolved to dist/tapegrad.browser.mjs), calls main(log)
// and shows what it logs and returns. On the same SwiftShader, the page shows the lines and
// values that `npm run example` prints in Node, with the same numbers; the custom kernel
// passes gradcheck in the page; and an example that fails shows its error in the page.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';
import { runNode } from '../extend/run-in-node.js';
import { ensureBuilt, inBrowser, openPage, startDemo, type Browser, type Demo } from './harness.js';

const NAMES = readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

/** What an example logged, line by line, and what its main() returned, as JSON. */
interface ExampleRun {
  lines: string[];
  returned: string;
}

async function inNode(name: string): Promise<ExampleRun> {
  const run = await runNode(['scripts/run-example.mjs', name, '--json']);
  if (run.code !== 0) throw new Error(`${name} failed in Node: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  const { result } = JSON.parse(lines.pop()!) as { result: unknown };
  return { lines, returned: JSON.stringify(result) };
}

async function inPage(page: Page, name: string): Promise<ExampleRun> {
  await page.click(`#run-${name}`);
  const status = await page.waitForSelector(`#status-${name}:is([data-state="done"], ` +
    '[data-state="error"])', { timeout: 60_000 });
  if (await status.getAttribute('data-state') === 'error') {
    throw new Error(`${name} failed in the page: ${await page.textContent(`#error-${name}`)}`);
  }
  const lines = (await page.textContent(`#log-${name}`))!.trim().split('\n');
  return { lines, returned: (await page.textContent(`#returned-${name}`))! };
}

const NUMBER = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;

/**
 * Checks that two texts say the same thing: equal once numbers are masked, and each number
 * within `rtol` of its counterpart, relative to the larger of the two.
 */
function expectSameNumbers(page: string, node: string, rtol: number): void {
  expect(page.replace(NUMBER, '#')).toBe(node.replace(NUMBER, '#'));
  const ours = (page.match(NUMBER) ?? []).map(Number);
  const theirs = (node.match(NUMBER) ?? []).map(Number);
  ours.forEach((v, i) => {
    const w = theirs[i]!;
    const scale = Math.max(Math.abs(v), Math.abs(w));
    expect(Math.abs(v - w), `number ${i}: page ${v}, Node ${w}\n${page}`)
      .toBeLessThanOrEqual(rtol * scale);
  });
}

// The first line names the adapter, which each engine describes in its own words.
const withoutAdapter = (line: string) => line.replace(/ on .*$/, ' on <adapter>');

inBrowser('the examples page', () => {
  let demo: Demo;
  let browser: Browser;
  const runs = new Map<string, { page: ExampleRun; node: ExampleRun }>();
  let demoPageRequests = 0; // those the demo page made before the link was followed

  beforeAll(async () => {
    ensureBuilt();
    demo = await startDemo();
    browser = await openPage(demo.url);
    demoPageRequests = browser.requests.length;
    await browser.page.click('a[href="examples.html"]'); // as a user reaches it
    await browser.page.waitForSelector('#gpu-status:not([data-state="checking"])');
    for (const name of NAMES) {
      runs.set(name, { page: await inPage(browser.page, name), node: await inNode(name) });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('is linked from the demo page, with WebGPU, and a Run button for every example', async () => {
    const { page } = browser;
    expect(page.url()).toBe(`${demo.url}examples.html`);
    expect(await page.getAttribute('#gpu-status', 'data-state')).toBe('ready');
    const shown = await page.$$eval('[data-example]', (s) => s.map((e) => e.dataset.example));
    expect(shown.sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) expect(await page.isEnabled(`#run-${name}`), name).toBe(true);
  });

  it.each(NAMES)('%s logs and returns in the page the numbers it gives in Node', (name) => {
    const { page, node } = runs.get(name)!;
    expect(page.lines.length, page.lines.join('\n')).toBe(node.lines.length);
    expect(withoutAdapter(page.lines[0]!)).toBe(withoutAdapter(node.lines[0]!));
    expectSameNumbers(page.lines.slice(1).join('\n'), node.lines.slice(1).join('\n'), 1e-6);
    expectSameNumbers(page.returned, node.returned, 1e-6);
  });

  it('custom-kernel: gradcheck passes in the page, on the GPU in float32', () => {
    const { page } = runs.get('custom-kernel')!;
    expect(page.lines[1]).toMatch(/^gradcheck passed on webgpu \(float32\), 15 elements; worst/);
    const returned = JSON.parse(page.returned) as { gradcheck: string };
    expect(returned.gradcheck).toBe(page.lines[1]);
  });

  it('loads one copy of the library, from this server alone, and throws nothing uncaught', () => {
    const urls = browser.requests.slice(demoPageRequests).map((r) => r.url());
    expect(urls.filter((u) => u.endsWith('/tapegrad.browser.mjs'))).toHaveLength(1);
    for (const name of NAMES) expect(urls).toContain(`${demo.url}examples/${name}.mjs`);
    expect(urls.filter((u) => !u.startsWith(demo.url) && !u.startsWith('data:'))).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('shows the error an example throws, here: no WebGPU', async () => {
    const bare = await openPage(`${demo.url}examples.html`, { hideWebGpu: true });
    try {
      const { page } = bare;
      expect(await page.isVisible('#no-webgpu')).toBe(true);
      await page.click('#run-tied-autoencoder');
      await page.waitForSelector('#status-tied-autoencoder[data-state="error"]');
      const shown = (await page.textContent('#error-tied-autoencoder'))!;
      expect(shown).toContain('DeviceError: this browser has no WebGPU (navigator.gpu is ' +
        'missing)\nhint: use a recent Chrome or Edge');
      expect(await page.isVisible('#error-tied-autoencoder')).toBe(true);
      expect(await page.isEnabled('#run-tied-autoencoder')).toBe(true);
      expect(bare.pageErrors).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
