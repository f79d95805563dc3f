// The tapegrad command line. Progress and results go to stdout; a mistake in the input
// ends the process with one clear line on stderr and exit code 1.
import '../autograd/tape.js'; // installs the tape as the ops' recorder
import { CsvError, PipelineError } from '../data/errors.js';
import { ModelFileError } from '../models/model-file.js';
import { DeviceError, TensorError } from '../tensor/errors.js';
import { close, init } from '../tensor/runtime.js';
import { USAGE, UsageError, parseArgs } from './args.js';
import { digitsCommand } from './digits-command.js';
import { encodeCommand } from './encode-command.js';
import { trainCommand } from './train-command.js';

const USER_ERRORS = [UsageError, CsvError, PipelineError, ModelFileError, TensorError, DeviceError];

// One line per error: a hint that follows on its own line joins it after a dash.
function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' — ');
}

function explain(e: unknown): string {
  if (USER_ERRORS.some((kind) => e instanceof kind)) return oneLine((e as Error).message);
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return `${(e as NodeJS.ErrnoException).path ?? 'file'}: ${code === 'ENOENT' ? 'no such file'
      : code === 'EISDIR' ? 'is a folder, not a file' : 'permission denied'}`;
  }
  const err = e as Error;
  return `internal error: ${err?.message ?? String(e)}\n${err?.stack ?? ''}\n` +
    'hint: this is a tapegrad bug; please report it with the command you ran';
}

async function main(argv: string[]): Promise<number> {
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
    await init();
    if (args.command === 'train') await trainCommand(args);
    else if (args.command === 'encode') await encodeCommand(args);
    else await digitsCommand(args);
    return 0;
  } catch (e) {
    console.error(`tapegrad: ${explain(e)}`);
    return 1;
  } finally {
    await close().catch(() => {});
  }
}

process.exitCode = await main(process.argv.slice(2));
