// Pause acts between epochs and stop at the next step: a paused run trains no further
// epoch, a resumed one goes on, and a stopped one keeps its model, saved with the epochs
// it finished.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  download, ensureBuilt, inBrowser, openPage, setSettings, startDemo,
  type Browser, type Demo,
} from './harness.js';

const EPOCHS = 100_000; // far more than the test waits for

// 400 rows of three related columns: an epoch is one quick step.
function smallCsv(): Buffer {
  const lines = ['a,b,c'];
  for (let i = 0; i < 400; i++) lines.push(`${i % 17},${(i * 7) % 23},${(i % 17) + (i % 5)}`);
  return Buffer.from(lines.join('\n'));
}

async function epochShown(page: Page): Promise<number> {
  const text = (await page.textContent('#run-status')) ?? '';
  const found = /epoch (\d+)\//.exec(text);
  if (!found) throw new Error(`no epoch in the status line "${text}"`);
  return Number(found[1]);
}

inBrowser('pause and stop', () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    demo = await startDemo();
    browser = await openPage(demo.url);
    const { page } = browser;
    await page.setInputFiles('#csv-file',
      { name: 'small.csv', mimeType: 'text/csv', buffer: smallCsv() });
    await page.waitForSelector('#run-status[data-state="ready"]');
    await setSettings(page, { layers: '2', epochs: String(EPOCHS), lr: '1e-3' });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('pauses after the running epoch and trains no further until resumed', async () => {
    const { page } = browser;
    await page.click('#train');
    await page.waitForSelector('#run-status:has-text("ms/epoch")');
    await page.click('#pause');
    await page.waitForSelector('#run-status:has-text("(paused)")');
    expect(await page.textContent('#pause')).toBe('Resume');
    const paused = await epochShown(page);
    await page.waitForTimeout(400);
    expect(await epochShown(page)).toBe(paused);
    await page.click('#pause');
    await page.waitForFunction((n) => {
      const m = /epoch (\d+)\//.exec(document.getElementById('run-status')!.textContent ?? '');
      return m !== null && Number(m[1]) > n;
    }, paused);
  });

  it('stops, keeping the model and the epochs it finished', async () => {
    const { page } = browser;
    await page.click('#stop');
    await page.waitForSelector('#run-status[data-state="stopped"]');
    expect(await page.isEnabled('#train')).toBe(true);
    const model = JSON.parse((await download(page, '#download-model')).text);
    const ran = model.training.losses.length;
    expect(ran).toBeGreaterThan(1);
    expect(ran).toBeLessThan(EPOCHS);
    expect(model.training.epochs).toBe(ran);
    expect(await page.textContent('#run-status')).toContain(`epoch ${ran}/${EPOCHS}`);
    expect(browser.pageErrors).toEqual([]);
  });
});
