// The browser tests' harness: the demo server as a user starts it (`node scripts/demo.mjs`),
// Debian's Chromium driven by playwright-core with WebGPU on SwiftShader, every request
// the page makes, downloads read back as text, and the CLI for the Node side.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';
import { describe } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';

export const CHROMIUM = '/usr/bin/chromium';
// Without Chromium the browser tests skip, saying why; never in CI, which installs it.
export const SKIP_BROWSER = !existsSync(CHROMIUM) && !process.env.CI;
export const NO_CHROMIUM = `skipped: ${CHROMIUM} is absent (Debian: apt-get install chromium; ` +
  '.ci/run installs it)';
if (SKIP_BROWSER) console.warn(`browser tests ${NO_CHROMIUM}`);

/** describe() for tests that need Chromium: skipped, saying why, when it is absent. */
export function inBrowser(name: string, body: () => void): void {
  describe.skipIf(SKIP_BROWSER)(SKIP_BROWSER ? `${name} (${NO_CHROMIUM})` : name, body);
}

export const CREDIT_CSV = path.resolve(REPO_ROOT, '../shared/data/UCI_Credit_Card.csv');
export const CREDIT_ROLES: Record<string, string> = {
  ID: 'drop', SEX: 'categorical', EDUCATION: 'categorical', MARRIAGE: 'categorical',
  'default.payment.next.month': 'target',
};
/** The same run on the command line. */
export const CREDIT_FLAGS = ['--data', CREDIT_CSV, '--drop', 'ID', '--target',
  'default.payment.next.month', '--categorical', 'SEX,EDUCATION,MARRIAGE'];

// The flags that give headless Chromium WebGPU on SwiftShader, and keep it off the network.
const FLAGS = ['--no-sandbox', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

function newest(dir: string): number {
  return Math.max(...readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => statSync(path.join(dir, f)).mtimeMs));
}

/** Builds the bundles when missing or older than src/, web/, examples/ (npm test builds). */
export function ensureBuilt(): void {
  const bundles = ['dist/web/app.mjs', 'dist/tapegrad.browser.mjs', 'dist/cli.mjs',
    'dist/web/examples-page.mjs'].map((f) => path.join(REPO_ROOT, f));
  const built = Math.min(...bundles.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(...['src', 'web', 'examples']
    .map((d) => newest(path.join(REPO_ROOT, d))));
  if (built < sources) execFileSync('node', ['scripts/build.mjs'], { cwd: REPO_ROOT });
}

export interface Demo {
  url: string;
  stop(): Promise<void>;
}

/** Starts `node scripts/demo.mjs` on a free port and reads the address it prints. */
export async function startDemo(): Promise<Demo> {
  const child: ChildProcess = spawn('node', ['scripts/demo.mjs'],
    { cwd: REPO_ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += String(d);
      const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
      if (found) resolve(found[0]);
    });
    child.stderr!.on('data', (d) => { output += String(d); });
    child.on('exit', (code) => reject(new Error(`demo server exited (${code}): ${output}`)));
  });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return { url, stop };
}

export interface Browser {
  page: Page;
  context: BrowserContext;
  /** Every request the page made, in order. */
  requests: Request[];
  /** Errors thrown in the page that nothing caught. */
  pageErrors: Error[];
  close(): Promise<void>;
}

/** A fresh Chromium profile with one page at `url`, WebGPU ready (or hidden, if asked). */
export async function openPage(url: string, opts: { hideWebGpu?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'tapegrad-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, acceptDownloads: true,
    viewport: { width: 1400, height: 1000 },
  });
  const requests: Request[] = [];
  const pageErrors: Error[] = [];
  context.on('request', (r) => requests.push(r));
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e));
  if (opts.hideWebGpu) {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });
    });
  }
  await page.goto(url);
  await page.waitForSelector('#gpu-status:not([data-state="checking"])');
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, context, requests, pageErrors, close };
}

/** Chooses the credit-card file and gives its columns the roles of the CLI run. */
export async function chooseCredit(page: Page): Promise<void> {
  await page.setInputFiles('#csv-file', CREDIT_CSV);
  await page.waitForSelector('select[data-column="SEX"]');
  for (const [column, role] of Object.entries(CREDIT_ROLES)) {
    await page.selectOption(`select[data-column="${column}"]`, role);
  }
  await page.waitForSelector('#run-status[data-state="ready"]');
}

export async function setSettings(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    await page.fill(`#settings [name="${name}"]`, value);
  }
}

/** Clicks Train and waits for the run to end; returns the run's final status line. */
export async function trainInPage(page: Page): Promise<string> {
  await page.click('#train');
  const status = await page.waitForSelector(
    '#run-status[data-state="done"], #run-status[data-state="stopped"], ' +
    '#run-status[data-state="error"]', { timeout: 110_000 });
  const state = await status.getAttribute('data-state');
  if (state === 'error') throw new Error(`training failed in the page: ${await errorText(page)}`);
  return (await status.textContent()) ?? '';
}

export async function errorText(page: Page): Promise<string> {
  return (await page.textContent('#error'))?.trim() ?? '';
}

/** Clicks a download button and returns the file's name and text. */
export async function download(page: Page,
  button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const saved = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(saved, 'utf8') };
}

/** What a pixel must look like to count: near one of some colours, or a light grey. */
export type PixelRule = { near: number[][] } | { greyAbove: number };

// '#rrggbb' drawn with opacity `alpha` over white.
function blended(colour: string, alpha: number): number[] {
  return [1, 3, 5].map((i) => alpha * parseInt(colour.slice(i, i + 2), 16) + (1 - alpha) * 255);
}

/** How many pixels of a canvas in the page follow `rule` (counted in the page). */
export async function countPixels(page: Page, canvasId: string, rule: PixelRule): Promise<number> {
  return page.evaluate(([id, r]) => {
    const canvas = document.getElementById(id) as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let p = 0; p < data.length; p += 4) {
      const [red, green, blue] = [data[p]!, data[p + 1]!, data[p + 2]!];
      if ('near' in r) {
        const close = (t: number[]) =>
          Math.abs(red - t[0]!) < 24 && Math.abs(green - t[1]!) < 24 && Math.abs(blue - t[2]!) < 24;
        if (r.near.some(close)) count++;
      } else if (red === green && green === blue && red > r.greyAbove && red < 255) {
        count++;
      }
    }
    return count;
  }, [canvasId, rule] as const);
}

/**
 * How many pixels of a canvas are close to `colour`, drawn opaque or half transparent (as
 * the scatter's dots are): a chart drew its line or dots when this is large; a blank
 * canvas, or one showing only its placeholder text, gives 0.
 */
export function inkedPixels(page: Page, canvasId: string, colour: string): Promise<number> {
  return countPixels(page, canvasId, { near: [blended(colour, 1), blended(colour, 0.55)] });
}

/** Runs the built CLI; throws with its stderr when it fails. */
export function tapegrad(...args: string[]): string {
  const r = spawnSync('node', [path.join(REPO_ROOT, 'bin/tapegrad.mjs'), ...args],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 110_000 });
  if (r.status !== 0) throw new Error(`tapegrad ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** The numbers of a CSV text, row by row, header dropped. */
export function csvNumbers(text: string): number[][] {
  return text.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
}

/** The largest |a − b| / max(|b|, floor) over two tables of the same shape. */
export function worstRelative(a: number[][], b: number[][], floor = 1e-3): number {
  if (a.length !== b.length) throw new Error(`${a.length} rows against ${b.length}`);
  let worst = 0;
  a.forEach((row, r) => row.forEach((v, j) => {
    const w = b[r]![j]!;
    worst = Math.max(worst, Math.abs(v - w) / Math.max(Math.abs(w), floor));
  }));
  return worst;
}

export const PALETTE = { blue: '#1f77b4', orange: '#ff7f0e' };
