// Long runs meet signals, hard kills, lost devices and NaN. Here the real command meets
// them on 1000 rows of the credit-card data (50 steps an epoch), and each time it saves
// the last good epoch, says so on one line, and resumes to the very losses, weights and
// codes of a run that never stopped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';
import { checkpointEpoch, lossesIn, tapegrad } from './cli-process.js';

const OUTPUTS = ['checkpoint.json', 'codes.csv', 'loss.csv', 'loss.svg', 'model.json'];
// Two weights, so two Adam writes a step: write 220 is in step 10 of epoch 3.
const IN_EPOCH_3 = 2 * (2 * 50 + 10);

let dir = '';
let args: string[] = [];
let baseline = { losses: [] as string[], model: '', codes: '' };

const out = (name: string) => path.join(dir, name);
const read = (name: string, file: string) => readFileSync(path.join(out(name), file), 'utf8');

/** Resumes the run in `name` to its end; it must match the run that never stopped. */
async function expectResumesToBaseline(name: string): Promise<void> {
  const r = await tapegrad(['train', '--resume', out(name)]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(lossesIn(out(name))).toEqual(baseline.losses);
  expect(read(name, 'model.json')).toBe(baseline.model);
  expect(read(name, 'codes.csv')).toBe(baseline.codes);
}

beforeAll(async () => {
  execFileSync('node', ['scripts/build.mjs'], { cwd: REPO_ROOT });
  dir = mkdtempSync(path.join(tmpdir(), 'tapegrad-resume-'));
  const csv = path.resolve(REPO_ROOT, '../shared/data/UCI_Credit_Card.csv');
  const credit = readFileSync(csv, 'utf8');
  const data = out('credit-1000.csv');
  writeFileSync(data, credit.split('\n').slice(0, 1001).join('\n') + '\n');
  args = ['--data', data, '--drop', 'ID', '--target', 'default.payment.next.month',
    '--categorical', 'SEX,EDUCATION,MARRIAGE', '--layers', '12,6', '--epochs', '6',
    '--batch', '20', '--lr', '1e-3', '--seed', '7'];
  const r = await tapegrad(['train', ...args, '--out', out('baseline')]);
  expect(r.code, r.stderr).toBe(0);
  baseline = { losses: lossesIn(out('baseline')), model: read('baseline', 'model.json'),
    codes: read('baseline', 'codes.csv') };
  expect(baseline.losses).toHaveLength(6);
});

// Where a signal lands depends on how fast this machine reads the child's output: the
// message says where, and the saved epoch must be the last one finished before it.
function stopPosition(stderr: string, signal: string): { epoch: number; steps: number } {
  const m = new RegExp(`^tapegrad: ${signal}: stopped (?:in epoch (\\d) after (\\d+) of 50 ` +
    'steps|before epoch (\\d)); saved the checkpoint and outputs of epoch (\\d) in ').exec(stderr);
  expect(m, stderr).not.toBeNull();
  const epoch = Number(m![1] ?? m![3]);
  expect(Number(m![4])).toBe(epoch - 1);
  return { epoch, steps: Number(m![2] ?? 0) };
}

describe('interrupted by signals', () => {
  it('SIGINT mid-epoch saves the last epoch and exits 130 with one line on resuming', async () => {
    const r = await tapegrad(['train', ...args, '--out', out('signals')],
      { interrupt: { after: 'epoch 1/6', signal: 'SIGINT' } });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(new RegExp(`in ${out('signals')} — hint: resume with: ` +
      `npx tapegrad train --resume ${out('signals')}$`));
    const at = stopPosition(r.stderr, 'SIGINT');
    expect(at.steps).toBeGreaterThan(0); // within an epoch, not between two
    expect(readdirSync(out('signals')).sort()).toEqual(OUTPUTS);
    expect(lossesIn(out('signals'))).toEqual(baseline.losses.slice(0, at.epoch - 1));
  });

  it('a second SIGINT ends the process by that signal at once, never by a crash', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await tapegrad(['train', ...args, '--out', out(`twice-${i}`)],
        { interrupt: { after: 'epoch 1/6', signal: 'SIGINT', twice: true } });
      // The shell shows a death by SIGINT as 130; a crash would be SIGSEGV (139).
      expect(r.code === 130 || r.signal === 'SIGINT', `${r.code} ${r.signal}`).toBe(true);
    }
  });

  it('SIGTERM in the resumed run saves again and exits 143', async () => {
    const r = await tapegrad(['train', '--resume', out('signals')],
      { interrupt: { after: 'epoch 3/6', signal: 'SIGTERM' } });
    expect(r.code).toBe(143);
    const at = stopPosition(r.stderr, 'SIGTERM');
    expect(checkpointEpoch(out('signals'))).toBe(at.epoch - 1);
  });

  it('resumed twice, it reaches the losses, weights and codes of a run never stopped', async () => {
    await expectResumesToBaseline('signals');
  });
});

describe('killed hard', () => {
  let saved = 0;

  it('keeps the checkpoint saved every 2 epochs, and nothing half-written', async () => {
    const r = await tapegrad(['train', ...args, '--out', out('killed'), '--checkpoint-every', '2'],
      { interrupt: { after: 'epoch 3/6', signal: 'SIGKILL' } });
    expect(r.signal).toBe('SIGKILL');
    // a staging folder cut short is cleared by the next write; no output is half there
    const files = readdirSync(out('killed')).filter((f) => !f.startsWith('.tapegrad-partial-'));
    expect(files).toEqual(['checkpoint.json']);
    saved = checkpointEpoch(out('killed'));
    expect([2, 4]).toContain(saved); // 4 only when this machine was slow to send the signal
  });

  it('refuses a new run over that unfinished one', async () => {
    const r = await tapegrad(['train', ...args, '--out', out('killed')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tapegrad: --out ${out('killed')}: holds the checkpoint of an ` +
      `unfinished run (epoch ${saved} of 6) — hint: continue it with: tapegrad train ` +
      `--resume ${out('killed')}, or choose another --out`);
  });

  it('resumes from it to the same end', async () => {
    await expectResumesToBaseline('killed');
  });
});

describe('faults injected at the GPU', () => {
  it('a device lost mid-epoch: the checkpoint of epoch 2 is saved and named', async () => {
    const r = await tapegrad(['train', ...args, '--out', out('lost'), '--checkpoint-every', '0'],
      { fault: `lose-device@${IN_EPOCH_3}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp('^tapegrad: the GPU device was lost \\(destroyed.*\\) ' +
      'in epoch 3 after \\d+ of 50 steps; saved the checkpoint of epoch 2 in .* — hint: ' +
      'resume with: npx tapegrad train --resume '));
    expect(readdirSync(out('lost'))).toEqual(['checkpoint.json']);
    await expectResumesToBaseline('lost');
  });

  it('a NaN update mid-epoch: named by epoch and step, the last good epoch kept', async () => {
    const r = await tapegrad(['train', ...args, '--out', out('nan')],
      { fault: `nan-update@${IN_EPOCH_3}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('tapegrad: train: the loss became NaN in epoch 3, step 11 of 50; ' +
      `saved the checkpoint and outputs of epoch 2, the last good state, in ${out('nan')} — ` +
      'hint: lower --lr, or check the data for extreme values');
    expect(readdirSync(out('nan')).sort()).toEqual(OUTPUTS);
    expect(lossesIn(out('nan'))).toEqual(baseline.losses.slice(0, 2));
    await expectResumesToBaseline('nan'); // the fault was ours, not the run's
  });

  it('a run that diverges at once keeps the untrained model', async () => {
    const r = await tapegrad(['train', ...args.map((a) => (a === '1e-3' ? '1e6' : a)),
      '--out', out('diverged')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp('^tapegrad: train: the (loss|weights|Adam [mv]) became ' +
      '(NaN|-?Infinity) in epoch 1(, step \\d+ of 50|, after its last step.*); saved the ' +
      'checkpoint and outputs of the untrained model, the last good state, in '));
    expect(checkpointEpoch(out('diverged'))).toBe(0);
  });
});
