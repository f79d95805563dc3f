// The built-in digits in the page: served with it, trained with `tapegrad digits`'s loss,
// and drawn beside their reconstructions. A one-layer model keeps the epoch short.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  PALETTE, countPixels, download, ensureBuilt, inBrowser, inkedPixels,
  openPage, setSettings, startDemo, tapegrad, trainInPage, type Browser, type Demo,
} from './harness.js';

const SETTINGS = { layers: '16', epochs: '1', batch: '500' };

inBrowser('the built-in digits', () => {
  let demo: Demo;
  let browser: Browser;
  let nodeLosses: number[] = [];
  let pageLosses: number[] = [];

  beforeAll(async () => {
    ensureBuilt();
    const out = mkdtempSync(path.join(tmpdir(), 'tapegrad-digits-'));
    tapegrad('digits', ...Object.entries(SETTINGS).flatMap(([k, v]) => [`--${k}`, v]),
      '--out', out);
    nodeLosses = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')).training.losses;
    demo = await startDemo();
    browser = await openPage(demo.url);
    await browser.page.click('#use-digits');
    await browser.page.waitForSelector('#run-status[data-state="ready"]', { timeout: 60_000 });
    await setSettings(browser.page, SETTINGS);
    await trainInPage(browser.page);
    pageLosses = JSON.parse((await download(browser.page, '#download-model')).text)
      .training.losses;
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('uses the CLI digits defaults and trains to the loss of tapegrad digits', async () => {
    expect(await browser.page.textContent('#settings-note')).toContain('tapegrad digits');
    expect(await browser.page.inputValue('#settings [name="lr"]')).toBe('2e-3');
    console.log(`digits, page: ${pageLosses.join(', ')}; Node: ${nodeLosses.join(', ')}`);
    expect(pageLosses).toHaveLength(1);
    expect(Math.abs(pageLosses[0]! - nodeLosses[0]!) / nodeLosses[0]!).toBeLessThan(1e-6);
  });

  it('draws digits beside their reconstructions, and the codes in ten colours', async () => {
    const { page } = browser;
    expect(await page.isVisible('#digits-section')).toBe(true);
    // Strokes of digits and reconstructions: light greys on the dark grid.
    expect(await countPixels(page, 'digits', { greyAbove: 150 })).toBeGreaterThan(2000);
    expect(await inkedPixels(page, 'scatter', PALETTE.blue)).toBeGreaterThan(100);
    expect(await inkedPixels(page, 'scatter', PALETTE.orange)).toBeGreaterThan(100);
    expect(await page.textContent('#preprocessing')).toContain('used as given');
    expect(browser.pageErrors).toEqual([]);
  });
});
