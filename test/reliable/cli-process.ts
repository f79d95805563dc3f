// Running the built `tapegrad` command as a child process, as a user would: optionally
// with the fault injector preloaded, and with a signal sent once a line of output shows.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/cases.js';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** tapegrad's own lines: Dawn's start-up warning about SwiftShader is not ours. */
  stderr: string;
}

export interface CliOptions {
  /** Send `signal` once stdout contains `after` (and again 20 ms later when `twice`). */
  interrupt?: { after: string; signal: NodeJS.Signals; twice?: boolean };
  /** TAPEGRAD_TEST_FAULT for fixtures/inject-fault.mjs, e.g. 'lose-device@220'. */
  fault?: string;
}

const BIN = path.join(REPO_ROOT, 'bin/tapegrad.mjs');
const INJECTOR = path.join(REPO_ROOT, 'test/reliable/fixtures/inject-fault.mjs');

export function tapegrad(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const preload = opts.fault ? ['--import', INJECTOR] : [];
  const env = { ...process.env, TAPEGRAD_TEST_FAULT: opts.fault ?? '' };
  const child = spawn(process.execPath, [...preload, BIN, ...args], { cwd: REPO_ROOT, env });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    if (opts.interrupt && !sent && stdout.includes(opts.interrupt.after)) {
      sent = true;
      child.kill(opts.interrupt.signal); // this child only
      if (opts.interrupt.twice) setTimeout(() => child.kill(opts.interrupt!.signal), 20);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const guard = setTimeout(() => child.kill('SIGKILL'), 100_000);
  return new Promise((resolve) => child.on('close', (code, signal) => {
    clearTimeout(guard);
    const ours = stderr.split('\n').filter((l) => l.startsWith('tapegrad')).join('\n');
    resolve({ code, signal, stdout, stderr: ours });
  }));
}

/** The (epoch, loss) pairs of a loss.csv, exactly as written. */
export function lossesIn(dir: string): string[] {
  return readFileSync(path.join(dir, 'loss.csv'), 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(',').slice(0, 2).join(','));
}

/** The epoch a checkpoint.json reached. */
export function checkpointEpoch(dir: string): number {
  return JSON.parse(readFileSync(path.join(dir, 'checkpoint.json'), 'utf8')).resume.epoch;
}
