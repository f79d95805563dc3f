// Nothing fails silently on the page: without WebGPU it says so and how to enable it, and
// a bad CSV, a bad choice of columns, a bad setting or a bad model.json each show the
// library's message (file, line and column for data) in the page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ensureBuilt, inBrowser, errorText, openPage, setSettings, startDemo,
  type Browser, type Demo,
} from './harness.js';

let dir = '';
function file(name: string, text: string): string {
  const where = path.join(dir, name);
  writeFileSync(where, text);
  return where;
}

async function shownError(page: Page): Promise<string> {
  await page.waitForSelector('#error:not([hidden])');
  const text = await errorText(page);
  await page.click('#error-close');
  return text;
}

inBrowser("the page's errors", () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'tapegrad-page-errors-'));
    demo = await startDemo();
    browser = await openPage(demo.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('names the file, line and column of a stray quote', async () => {
    const { page } = browser;
    await page.setInputFiles('#csv-file', file('quote.csv', 'a,b\n1,2\n3,x"y\n'));
    expect(await shownError(page)).toContain('quote.csv:3:4: stray quote inside an ' +
      'unquoted field');
    expect(await page.getAttribute('#run-status', 'data-state')).toBe('error');
    expect(await page.isDisabled('#train')).toBe(true);
  });

  it('refuses a file that is not UTF-8, naming it', async () => {
    const { page } = browser;
    await page.setInputFiles('#csv-file', { name: 'latin1.csv', mimeType: 'text/csv',
      buffer: Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x2c, 0x31, 0x0a]) });
    expect(await shownError(page)).toContain('latin1.csv: not valid UTF-8 text');
  });

  it('names the cell when the chosen target has a missing value', async () => {
    const { page } = browser;
    await page.setInputFiles('#csv-file', file('gap.csv', 'a,y\n1,0\n2,\n3,1\n'));
    await page.waitForSelector('#run-status[data-state="ready"]');
    await page.selectOption('select[data-column="y"]', 'target');
    expect(await shownError(page)).toContain('gap.csv:3:3: column "y": the target is missing');
    expect(await page.isDisabled('#train')).toBe(true);
  });

  it('refuses a bad setting, naming it', async () => {
    const { page } = browser;
    await page.setInputFiles('#csv-file', file('small.csv', 'a,b\n1,2\n3,4\n5,7\n'));
    await page.waitForSelector('#run-status[data-state="ready"]');
    await setSettings(page, { epochs: 'many' });
    await page.click('#train');
    expect(await shownError(page)).toContain('epochs needs a whole number >= 1; got "many"');
    await setSettings(page, { epochs: '1', layers: '2,0' });
    await page.click('#train');
    expect(await shownError(page)).toContain('layers needs hidden sizes >= 1');
    await setSettings(page, { layers: '1' });
  });

  it('refuses a truncated model.json, and one made for other columns', async () => {
    const { page } = browser;
    await page.setInputFiles('#model-file', file('cut.json', '{"format": "tapegrad-tied'));
    expect(await shownError(page)).toContain('cut.json: not valid JSON');
    const digitsModel = JSON.stringify({ format: 'tapegrad-tied-autoencoder', version: 1,
      config: { layers: [3, 1], activation: 'linear', seed: 0 },
      weights: [{ shape: [3, 1], values: [1, 2, 3] }], pipeline: null, training: null });
    await page.setInputFiles('#model-file', file('raw.json', digitsModel));
    expect(await shownError(page)).toContain('raw.json: this model has no fitted pipeline');
    expect(browser.pageErrors).toEqual([]);
  });
});

inBrowser('the page without WebGPU', () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    demo = await startDemo();
    browser = await openPage(demo.url, { hideWebGpu: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('says so and how to enable it, and keeps Train off', async () => {
    const { page } = browser;
    expect(await page.getAttribute('#gpu-status', 'data-state')).toBe('missing');
    expect(await page.isVisible('#no-webgpu')).toBe(true);
    const banner = await page.textContent('#no-webgpu');
    expect(banner).toContain('navigator.gpu is missing');
    expect(banner).toContain('chrome://flags/#enable-unsafe-webgpu');
    await page.setInputFiles('#csv-file', {
      name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3,4\n'),
    });
    await page.waitForSelector('#run-status[data-state="ready"]');
    expect(await page.isDisabled('#train')).toBe(true);
  });
});
