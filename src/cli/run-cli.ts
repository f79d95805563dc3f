// The tapegrad command line as a function of its arguments, so tests can run it in
// process. Progress and results go to stdout; a mistake in the input ends it with one
// clear line on stderr and exit code 1 (130 or 143 for a run stopped by a signal).
import '../autograd/tape.js'; // installs the tape as the ops' recorder
import { CsvError, PipelineError } from '../data/errors.js';
import { ModelFileError } from '../models/model-file.js';
import { DeviceError, TensorError } from '../tensor/errors.js';
import { close } from '../tensor/runtime.js';
import { USAGE, UsageError, parseArgs } from './args.js';
import { digitsCommand } from './digits-command.js';
import { encodeCommand } from './encode-command.js';
import { resumeCommand, trainCommand } from './train-command.js';
import { StoppedError } from './train-run.js';

const USER_ERRORS = [UsageError, CsvError, PipelineError, ModelFileError, TensorError, DeviceError,
  StoppedError];

// One line per error: a hint that follows on its own line joins it after a dash.
function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' — ');
}

// What a failed file operation means, for the errors Node reports with a code.
const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file', EACCES: 'permission denied', EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file', ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system', EMFILE: 'too many open files', EIO: 'input/output error',
};

/** One line (or, for our own bugs, a report with the stack) for an error. */
export function explain(e: unknown): string {
  if (USER_ERRORS.some((kind) => e instanceof kind)) return oneLine((e as Error).message);
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === 'string' && typeof err.syscall === 'string') {
    return `${err.path ?? 'file'}: ${FILE_PROBLEMS[err.code] ?? `${err.code} (${err.syscall})`}`;
  }
  return `internal error: ${err?.message ?? String(e)}\n${err?.stack ?? ''}\n` +
    'hint: this is a tapegrad bug; please report it with the command you ran';
}

/** Runs the command line `argv` (without "node tapegrad"); returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    console.error(`tapegrad: ${explain(e)} (see "tapegrad help")`);
    return 1;
  }
  if (args.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    // Each command acquires the device itself, once its inputs have passed their checks.
    if (args.command === 'train') await trainCommand(args);
    else if (args.command === 'resume') await resumeCommand(args);
    else if (args.command === 'encode') await encodeCommand(args);
    else await digitsCommand(args);
    return 0;
  } catch (e) {
    console.error(`tapegrad: ${explain(e)}`);
    return e instanceof StoppedError ? e.exitCode : 1;
  } finally {
    await close().catch(() => {});
  }
}
