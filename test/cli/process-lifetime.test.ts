// Case C11: a Node program that trains and closes the device exits by itself, an
// idle device does not keep a core busy, and init → close works twice in a process.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';

const IDLE_MS = 3000;

const script = (lib: string) => `
import { init, close, tensor, add, TiedAutoencoder, train } from ${JSON.stringify(lib)};
await init();
const u0 = process.cpuUsage();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, ${IDLE_MS}));
const used = process.cpuUsage(u0);
const idleCores = (used.user + used.system) / 1000 / (performance.now() - t0);
const x = tensor(new Float32Array(12).fill(1), [4, 3]);
const model = new TiedAutoencoder({ layers: [3, 2], activation: 'linear', seed: 0 }, x.gpu);
const [report] = await train(model, x, { epochs: 1, batch: 4, lr: 1e-3, seed: 0 });
await close();
await init();
const again = Array.from(await add(tensor([1, 2, 3], [3]), tensor([1, 2, 3], [3])).read());
await close();
console.log(JSON.stringify({ loss: report.loss, idleCores, again }));
`;

describe('process lifetime (C11)', () => {
  let file = '';
  beforeAll(() => {
    execFileSync('node', ['scripts/build.mjs'], { cwd: REPO_ROOT });
    file = path.join(mkdtempSync(path.join(tmpdir(), 'tapegrad-c11-')), 'main.mjs');
    writeFileSync(file, script(pathToFileURL(path.join(REPO_ROOT, 'dist/tapegrad.mjs')).href));
  });

  it('exits by itself soon after close(), idling below 0.2 cores', () => {
    const start = Date.now();
    const r = spawnSync('node', [file], { encoding: 'utf8', timeout: IDLE_MS + 20_000 });
    const seconds = (Date.now() - start) / 1000;
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(Number.isFinite(out.loss)).toBe(true);
    expect(out.idleCores).toBeLessThan(0.2);
    expect(out.again).toEqual([2, 4, 6]);
    expect(seconds).toBeLessThan(IDLE_MS / 1000 + 5);
  });
});
