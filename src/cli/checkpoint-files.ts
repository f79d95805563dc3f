// checkpoint.json on disk: reading one for --resume (checked whole before anything
// runs), telling one data file from another, and not overwriting an unfinished run.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CHECKPOINT_FILE, checkpointFromJSON, type Checkpoint, type DataIdentity,
} from '../models/checkpoint.js';
import { UsageError } from './args.js';

/** The file's absolute path, size and SHA-256: what a resumed run must train on again. */
export function identifyData(path: string): DataIdentity {
  const bytes = readFileSync(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { path: resolve(path), bytes: bytes.length, sha256 };
}

/** DIR/checkpoint.json, read and checked; `option` names the flag in errors. */
export function readCheckpoint(option: string, dir: string): Checkpoint {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`${option} ${dir}: no such folder`);
  }
  const file = join(dir, CHECKPOINT_FILE);
  if (!existsSync(file)) {
    throw new UsageError(`${option} ${dir}: has no ${CHECKPOINT_FILE}; it is saved by ` +
      '"tapegrad train" when it stops or ends');
  }
  return checkpointFromJSON(readFileSync(file, 'utf8'), file);
}

/** Where a resumed run finds its data: `given` (--data) or the saved path, same bytes. */
export function resumeDataPath(dir: string, saved: DataIdentity, given: string | null): string {
  const path = given ?? saved.path;
  if (!existsSync(path) || statSync(path).isDirectory()) {
    const option = given ? '--data' : `--resume ${dir}: its data file`;
    throw new UsageError(`${option} ${path}: no such file` +
      (given ? '' : '\nhint: give the moved file with --data'));
  }
  const found = identifyData(path);
  if (found.bytes !== saved.bytes || found.sha256 !== saved.sha256) {
    throw new UsageError(`${given ? '--data' : `--resume ${dir}: its data file`} ${path}: ` +
      `differs from the file the run trained on (${saved.bytes} bytes, sha256 ` +
      `${saved.sha256.slice(0, 12)}…)\nhint: resume on the same data, or start a new run`);
  }
  return path;
}

/** Refuses to start a new run in `dir` over the checkpoint of a run that did not end. */
export function refuseUnfinishedRun(dir: string): void {
  const file = join(dir, CHECKPOINT_FILE);
  if (!existsSync(file)) return;
  let reached: number;
  let epochs: number;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    [reached, epochs] = [saved.resume.epoch, saved.training.epochs];
  } catch {
    return; // not a checkpoint anyone can resume: nothing is lost by replacing it
  }
  if (typeof reached === 'number' && typeof epochs === 'number' && reached < epochs) {
    throw new UsageError(`--out ${dir}: holds the checkpoint of an unfinished run ` +
      `(epoch ${reached} of ${epochs})\nhint: continue it with: tapegrad train --resume ` +
      `${shellWord(dir)}, or choose another --out`);
  }
}

/** `word` as one shell word, quoted only when it needs to be. */
export function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
