// model.json is one format: a model trained in the page encodes the credit-card file in
// Node (`tapegrad encode`) to the page's own codes, and a model trained in Node
// (`tapegrad train`) loads in the page and gives Node's codes there.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CREDIT_CSV, CREDIT_FLAGS, chooseCredit, csvNumbers, download,
  ensureBuilt, inBrowser, errorText, openPage, setSettings, startDemo, tapegrad, trainInPage,
  worstRelative, type Browser, type Demo,
} from './harness.js';

const EPOCHS = 2;

inBrowser('model.json between the page and Node', () => {
  let demo: Demo;
  let browser: Browser;
  let dir = '';

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'tapegrad-round-trip-'));
    tapegrad('train', ...CREDIT_FLAGS, '--epochs', String(EPOCHS), '--lr', '1e-3', '--seed', '7',
      '--out', path.join(dir, 'node'));
    demo = await startDemo();
    browser = await openPage(demo.url);
    await chooseCredit(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('page → Node: tapegrad encode gives the codes the page gave', async () => {
    const { page } = browser;
    await setSettings(page, { epochs: String(EPOCHS), layers: '12,3', seed: '3' });
    await trainInPage(page);
    const model = await download(page, '#download-model');
    const codes = await download(page, '#download-codes');
    expect([model.name, codes.name]).toEqual(['model.json', 'codes.csv']);
    const modelFile = path.join(dir, 'page-model.json');
    writeFileSync(modelFile, model.text);
    const again = path.join(dir, 'page-codes-in-node.csv');
    tapegrad('encode', '--model', modelFile, '--data', CREDIT_CSV, '--out', again);
    const nodeCodes = readFileSync(again, 'utf8');
    console.log(`page → Node: codes.csv identical text: ${nodeCodes === codes.text}`);
    expect(nodeCodes.split('\n')[0]).toBe('code1,code2,code3,default.payment.next.month');
    expect(worstRelative(csvNumbers(nodeCodes), csvNumbers(codes.text))).toBeLessThan(1e-5);
  });

  it('Node → page: a model from tapegrad train gives its codes in the page', async () => {
    const { page } = browser;
    await page.setInputFiles('#model-file', path.join(dir, 'node/model.json'));
    const status = await page.waitForSelector(
      '#run-status[data-state="done"]:has-text("Encoded"), #run-status[data-state="error"]');
    if (await status.getAttribute('data-state') === 'error') expect.fail(await errorText(page));
    expect(await status.textContent()).toContain('Encoded 30000 rows with model.json');
    expect(await page.textContent('#preprocessing')).toContain('From model.json');
    const codes = (await download(page, '#download-codes')).text;
    const nodeCodes = readFileSync(path.join(dir, 'node/codes.csv'), 'utf8');
    console.log(`Node → page: codes.csv identical text: ${nodeCodes === codes}`);
    expect(codes.split('\n')[0]).toBe(nodeCodes.split('\n')[0]);
    expect(worstRelative(csvNumbers(codes), csvNumbers(nodeCodes))).toBeLessThan(1e-5);
    expect(browser.pageErrors).toEqual([]);
  });
});
