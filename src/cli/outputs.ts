// Output files are written whole or not at all: everything goes to a temporary folder
// beside the destination, and only when every file is complete are they renamed into
// place. A failure (or Ctrl-C) on the way leaves the destination as it was.
// NOTE: each rename is atomic, the set is not: a process killed between two renames
// (a window of microseconds) leaves new files beside old ones, each of them whole.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const STAGING_PREFIX = '.tapegrad-partial-';

// Errors from the staging folder name the file the user asked for.
function named(e: unknown, staging: string, dir: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.path === 'string') err.path = err.path.replace(staging, dir);
  if (typeof err?.message === 'string') err.message = err.message.split(staging).join(dir);
  return e;
}

export type Contents = string | Uint8Array;

/** Writes `files` (name -> contents) into `dir`, all or none. */
export function writeAllOrNothing(dir: string, files: Record<string, Contents>): void {
  mkdirSync(dir, { recursive: true });
  // A run killed while writing leaves its staging folder: clear those first.
  for (const old of readdirSync(dir).filter((n) => n.startsWith(STAGING_PREFIX))) {
    rmSync(join(dir, old), { recursive: true, force: true });
  }
  const staging = join(dir, `${STAGING_PREFIX}${process.pid}`);
  mkdirSync(staging);
  try {
    for (const [name, contents] of Object.entries(files)) {
      writeFileSync(join(staging, name), contents);
    }
    for (const name of Object.keys(files)) renameSync(join(staging, name), join(dir, name));
  } catch (e) {
    throw named(e, staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes one file whole or not at all. */
export function writeFileWhole(path: string, contents: Contents): void {
  writeAllOrNothing(dirname(path) || '.', { [basename(path)]: contents });
}

// codes.csv and f32Text moved to src/models/codes-csv.ts, where the browser page can reach
// them without node:fs; re-exported so the CLI's imports stay as they were.
export { codesCsv, f32Text } from '../models/codes-csv.js';

export function lossCsv(losses: { epoch: number; loss: number; ms: number }[]): string {
  const lines = ['epoch,loss,ms'];
  for (const r of losses) lines.push(`${r.epoch},${r.loss},${r.ms.toFixed(1)}`);
  return lines.join('\n') + '\n';
}
