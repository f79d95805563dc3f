// The device's life: losing it while a read is in flight (C10), and a Node process
// that trains, closes and exits by itself without a busy core (C11).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeviceLostError, add, close, info, init, scale, tensor, type Tensor,
} from '../../src/index.js';
import { REPO_ROOT } from '../helpers/cases.js';
import { values, within } from '../helpers/gpu.js';

beforeAll(() => init());
afterAll(() => close());

/** Destroys the device `t` lives on, standing in for a real device loss. */
function loseDevice(t: Tensor): void {
  t.gpu!.device.destroy();
}

describe('case C10: device loss while a read is in flight', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('rejects the read promptly, refuses later ops clearly, and init() recovers', async () => {
    const t = tensor([1, 2, 3], [3]);
    const u = scale(t, 2);
    const pending = u.read();
    loseDevice(t);

    const error = await within(1000, pending.then(() => null, (e: unknown) => e), 'C10 read');
    expect(error).toBeInstanceOf(DeviceLostError);
    expect((error as Error).message).toMatch(/^read: the GPU device was lost \(destroyed.*\)\n/);
    expect((error as Error).message).toContain('hint: call init() again to get a new device');
    expect(t.gpu!.lost).toBe(true);

    expect(() => add(t, t)).toThrow(DeviceLostError);
    expect(() => add(t, t)).toThrow(/^add: the GPU device was lost/);
    expect(() => tensor([1], [1])).toThrow(/^tensor: the GPU device was lost/);
    await expect(t.read()).rejects.toThrow(DeviceLostError);

    await init();
    expect(info().backend).toBe('webgpu');
    const w = scale(tensor([1, 2, 3], [3]), 2);
    expect(await values(w)).toEqual([2, 4, 6]);
    expect(() => add(t, w)).toThrow(DeviceLostError); // old tensors stay refused
  });

  it('rejects a read issued after the loss, before the loss was noticed', async () => {
    const t = tensor([4, 5], [2]);
    loseDevice(t);
    const error = await within(1000, t.read().then(() => null, (e: unknown) => e), 'late read');
    expect(error).toBeInstanceOf(DeviceLostError);
    await init();
    expect(await values(tensor([1], [1]))).toEqual([1]);
  });

  it('after a loss, close() settles within 1 s and init() gives a working device', async () => {
    loseDevice(tensor([1], [1]));
    await within(1000, close().catch(() => undefined), 'close after loss');
    await init();
    expect(await values(scale(tensor([1, 2, 3], [3]), 2))).toEqual([2, 4, 6]);
  });

  it('close() right after a loss resolves without an error', async () => {
    loseDevice(tensor([1], [1]));
    try {
      await expect(within(1000, close(), 'close after loss')).resolves.toBeUndefined();
    } finally {
      await init();
    }
  });

  it('left no unhandled rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(unhandled).toEqual([]);
  });
});

// The child trains the tied autoencoder one step on a 4×3 input of ones, measures
// its own CPU use for 3 s while the device is held and idle, closes, runs
// init → close once more, and returns from main without process.exit().
const CHILD = `
import * as tg from './tapegrad.mjs';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const report = (what) => console.log(JSON.stringify({ ...what, at: performance.now() }));
await tg.init();
const x = tg.tensor(new Array(12).fill(1), [4, 3]);
const w = tg.tensor([0.1, -0.2, 0.3, 0.05, -0.15, 0.25], [3, 2], { requiresGrad: true });
const adam = new tg.Adam([w], { lr: 0.01 });
const code = tg.matmul(x, w);
const loss = tg.mse(tg.matmul(code, w, { transB: true }), x);
tg.backward(loss);
adam.step();
report({ loss: await loss.item() });
const before = process.cpuUsage();
const start = performance.now();
await sleep(3000);
const used = process.cpuUsage(before);
report({ idleCores: (used.user + used.system) / 1000 / (performance.now() - start) });
await tg.close();
await tg.init();
const again = await tg.scale(tg.tensor([1, 2, 3], [3]), 2).read();
await tg.close();
report({ again: Array.from(again), closed: true });
`;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Record<string, unknown>[];
  stderr: string;
  exitedAt: number;
  startedAt: number;
}

/** Bundles src/ into `dir` (webgpu left to the repository's copy) and runs CHILD there. */
async function runChild(dir: string): Promise<ChildResult> {
  const webgpu = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  await build({
    entryPoints: [path.join(REPO_ROOT, 'src/index.ts')],
    bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent',
    outfile: path.join(dir, 'tapegrad.mjs'),
    plugins: [{
      name: 'webgpu-from-repo',
      setup(b) {
        b.onResolve({ filter: /^webgpu$/ }, () => ({ path: webgpu, external: true }));
      },
    }],
  });
  writeFileSync(path.join(dir, 'child.mjs'), CHILD);
  const child = spawn(process.execPath, ['child.mjs'], { cwd: dir, env: process.env });
  const startedAt = performance.now();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000); // this child only
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (c, s) => resolve([c, s])));
  clearTimeout(killer);
  const lines = stdout.split('\n').filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, signal, lines, stderr, exitedAt: performance.now(), startedAt };
}

describe('case C11: a Node process that trained exits by itself', () => {
  let dir = '';
  let result: ChildResult;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tapegrad-c11-'));
    result = await runChild(dir);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits with code 0 and no signal (no crash)', () => {
    expect({ code: result.code, signal: result.signal }, result.stderr).toEqual(
      { code: 0, signal: null });
  });

  it('prints a finite loss', () => {
    expect(Number.isFinite(result.lines[0]?.loss)).toBe(true);
  });

  it('uses under 0.2 cores while the device is held and idle', () => {
    console.log(`C11: idle ${Number(result.lines[1]?.idleCores).toFixed(3)} cores; exit ` +
      `${(result.exitedAt - result.startedAt - Number(result.lines[2]?.at)).toFixed(0)} ms ` +
      'after the last close');
    expect(result.lines[1]?.idleCores).toBeLessThan(0.2);
  });

  it('runs init → close a second time in the same process', () => {
    expect(result.lines[2]).toMatchObject({ again: [2, 4, 6], closed: true });
  });

  it('exits within 5 s of its last close', () => {
    const closedAt = result.startedAt + Number(result.lines[2]?.at ?? Infinity);
    // the child's clock starts a little after spawn, so this overestimates the wait
    expect(result.exitedAt - closedAt).toBeLessThan(5000);
  });
});
