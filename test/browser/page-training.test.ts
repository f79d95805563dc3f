// The promise of the design, checked in a real browser: the page trains on the credit-card
// file with the library's own code and gets the losses Node gets, draws its chart and its
// scatter, and sends nothing of the file anywhere.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';
import {
  CREDIT_FLAGS, PALETTE, chooseCredit, csvNumbers, download,
  ensureBuilt, inBrowser, inkedPixels, openPage, setSettings, startDemo, tapegrad, trainInPage,
  worstRelative, type Browser, type Demo,
} from './harness.js';

const EPOCHS = 3;
const SCREENSHOT = path.join(REPO_ROOT, 'out/test-browser/credit-after-training.png');

inBrowser('the page trains on the credit-card file', () => {
  let demo: Demo;
  let browser: Browser;
  let node: { losses: number[]; codes: string };
  let page: { losses: number[]; codes: string; model: string; status: string };
  let loadedAt = 0;

  beforeAll(async () => {
    ensureBuilt();
    // Node: the command line with the same data, pipeline, settings and seed.
    const out = mkdtempSync(path.join(tmpdir(), 'tapegrad-node-'));
    tapegrad('train', ...CREDIT_FLAGS, '--epochs', String(EPOCHS), '--out', out);
    node = {
      losses: JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')).training.losses,
      codes: readFileSync(path.join(out, 'codes.csv'), 'utf8'),
    };

    demo = await startDemo();
    browser = await openPage(demo.url);
    loadedAt = browser.requests.length;
    await chooseCredit(browser.page);
    await setSettings(browser.page, { epochs: String(EPOCHS) });
    const status = await trainInPage(browser.page);
    const model = (await download(browser.page, '#download-model')).text;
    const codes = (await download(browser.page, '#download-codes')).text;
    page = { losses: JSON.parse(model).training.losses, codes, model, status };
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await browser.page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('matches the Node losses of each epoch within 1e-6 relative', () => {
    expect(page.losses).toHaveLength(EPOCHS);
    const rel = page.losses.map((l, e) => Math.abs(l - node.losses[e]!) / node.losses[e]!);
    const bitwise = page.losses.every((l, e) => Object.is(l, node.losses[e]));
    console.log(`losses, page: ${page.losses.join(', ')}\nlosses, Node: ` +
      `${node.losses.join(', ')}\nworst relative difference ${Math.max(...rel)}; ` +
      `bitwise identical: ${bitwise}; codes.csv identical text: ${page.codes === node.codes}`);
    for (const r of rel) expect(r).toBeLessThan(1e-6);
  });

  it('gives the codes Node gives', () => {
    expect(page.codes.split('\n')[0]).toBe(node.codes.split('\n')[0]);
    expect(worstRelative(csvNumbers(page.codes), csvNumbers(node.codes))).toBeLessThan(1e-5);
  });

  it('writes model.json in the command line\'s format', () => {
    const model = JSON.parse(page.model);
    expect(model.format).toBe('tapegrad-tied-autoencoder');
    expect(model.config).toEqual({ layers: [33, 20, 10], activation: 'linear', seed: 0 });
    expect(model.pipeline.config.target).toBe('default.payment.next.month');
    expect(model.training).toMatchObject({ epochs: EPOCHS, batch: 1000, lr: 1e-4, seed: 0 });
  });

  it('shows the epoch, the last and the best loss', () => {
    const last = page.losses[EPOCHS - 1]!.toPrecision(6);
    expect(page.status).toContain(`epoch ${EPOCHS}/${EPOCHS}`);
    expect(page.status).toContain(`last ${last}`);
    expect(page.status).toContain(`best ${Math.min(...page.losses).toPrecision(6)}`);
  });

  it('draws the loss curve and the scatter of the codes in both target colours', async () => {
    expect(readFileSync(SCREENSHOT).length).toBeGreaterThan(10_000);
    expect(await inkedPixels(browser.page, 'loss-chart', PALETTE.blue)).toBeGreaterThan(200);
    expect(await inkedPixels(browser.page, 'scatter', PALETTE.blue)).toBeGreaterThan(2000);
    expect(await inkedPixels(browser.page, 'scatter', PALETTE.orange)).toBeGreaterThan(500);
    expect(await browser.page.getAttribute('#scatter', 'data-points')).toBe('30000');
  });

  it('shows the fitted preprocessing', async () => {
    const text = await browser.page.textContent('#preprocessing');
    expect(text).toContain('30000 rows → 33 model inputs');
    expect(text).toContain('EDUCATION=0, EDUCATION=1');
    expect(text).toMatch(/LIMIT_BAL\s*numeric\s*outside \[/);
  });

  it('sends no request once loaded: the file never leaves the page', () => {
    const after = browser.requests.slice(loadedAt).filter((r) => /^https?:/.test(r.url()));
    expect(after.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
    for (const r of browser.requests) {
      expect(r.method()).toBe('GET');
      expect(r.postData()).toBeNull();
      if (/^https?:/.test(r.url())) expect(r.url().startsWith(demo.url)).toBe(true);
    }
    expect(browser.pageErrors).toEqual([]);
  });
});
