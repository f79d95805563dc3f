// The command line, parsed by hand: a few flags do not need a dependency.
//   tapegrad train --data FILE.csv [--drop ID] [--target COL] [--categorical A,B]
//                  [--layers 20,10] [--activation linear] [--epochs N] [--batch 1000]
//                  [--lr 1e-4] [--l2 0] [--seed S] [--out DIR] [--checkpoint-every 10]
//   tapegrad train --resume DIR [--epochs N] [--checkpoint-every 10] [--data FILE.csv]
//   tapegrad encode --model DIR/model.json --data FILE.csv --out codes.csv
//   tapegrad digits [--layers 128,32] [--epochs 5] [--batch 100] [--lr 2e-3] [--out DIR]
import { quoted } from '../data/errors.js';
import { ACTIVATIONS, type Activation } from '../models/tied-autoencoder.js';
import type { RunSettings } from '../models/train.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface TrainArgs extends RunSettings {
  command: 'train';
  data: string;
  drop: string[];
  target: string | null;
  categorical: string[];
  out: string | null;
  /** Save checkpoint.json every this many epochs (0: only when stopped and at the end). */
  checkpointEvery: number;
}

/** `train --resume DIR`: continues the run whose checkpoint.json is in DIR. */
export interface ResumeArgs {
  command: 'resume';
  dir: string;
  /** null: the epochs the run was started with. */
  epochs: number | null;
  checkpointEvery: number;
  /** null: the file the checkpoint names (a moved file must be the same bytes). */
  data: string | null;
}

export interface EncodeArgs {
  command: 'encode';
  model: string;
  data: string;
  out: string;
}

export interface DigitsArgs extends Omit<RunSettings, 'l2'> {
  command: 'digits';
  out: string;
}

export type Args = TrainArgs | ResumeArgs | EncodeArgs | DigitsArgs | { command: 'help' };

type Flags = Map<string, string>;

// An option name as typed when it is plain, quoted and escaped when it is not, so that
// every message stays one readable line.
function plain(text: string): string {
  return /^[\w-]{1,40}$/.test(text) ? text : quoted(text);
}

const ALLOWED: Record<string, readonly string[]> = {
  train: ['data', 'drop', 'target', 'categorical', 'layers', 'activation', 'epochs', 'batch',
    'lr', 'l2', 'seed', 'out', 'checkpoint-every', 'resume'],
  encode: ['model', 'data', 'out'],
  digits: ['layers', 'activation', 'epochs', 'batch', 'lr', 'seed', 'out'],
};

function readFlags(command: string, argv: string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      throw new UsageError(`${command}: unexpected argument ${quoted(arg)}`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!ALLOWED[command]!.includes(name)) {
      throw new UsageError(`${command}: unknown option ${plain(`--${name}`)}; it takes ` +
        ALLOWED[command]!.map((f) => `--${f}`).join(' '));
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value.trim() === '' || (eq < 0 && value.startsWith('--'))) {
      throw new UsageError(`${command}: --${name} needs a value`);
    }
    if (flags.has(name)) throw new UsageError(`${command}: --${name} is given twice`);
    flags.set(name, value);
  }
  return flags;
}

function list(flags: Flags, name: string): string[] {
  const v = flags.get(name);
  return v === undefined ? [] : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function whole(flags: Flags, name: string, fallback: number, min: number,
  max = Number.MAX_SAFE_INTEGER): number {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} needs a whole number ${range}; got ${quoted(v)}`);
  }
  return n;
}

// Plain decimal notation only (1e-4, 0.001), as in the CSV reader: no hex, no Infinity.
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function real(flags: Flags, name: string, fallback: number, positive: boolean): number {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!DECIMAL.test(v) || !Number.isFinite(n) || n < 0 || (positive && n === 0)) {
    throw new UsageError(`--${name} needs a number ${positive ? '> 0' : '>= 0'}; got ${quoted(v)}`);
  }
  return n;
}

function layers(flags: Flags, fallback: number[]): number[] {
  if (!flags.has('layers')) return fallback;
  const raw = flags.get('layers')!.split(',').map((s) => s.trim());
  const sizes = raw.map(Number);
  if (!sizes.every((n, i) => /^\d+$/.test(raw[i]!) && n >= 1)) {
    throw new UsageError(`--layers needs sizes >= 1 separated by commas, like 20,10; ` +
      `got ${quoted(flags.get('layers')!)}`);
  }
  return sizes;
}

function activation(flags: Flags): Activation {
  const v = flags.get('activation') ?? 'linear';
  if (!(ACTIVATIONS as readonly string[]).includes(v)) {
    throw new UsageError(`--activation must be one of ${ACTIVATIONS.join(', ')}; got ${quoted(v)}`);
  }
  return v as Activation;
}

function required(flags: Flags, command: string, name: string): string {
  const v = flags.get(name);
  if (!v) throw new UsageError(`${command}: --${name} is required`);
  return v;
}

export const DEFAULT_CHECKPOINT_EVERY = 10;

// A resumed run keeps its settings: only its length, its checkpoints and a moved data
// file may change, so that it reaches the losses the run would have had.
const WITH_RESUME = ['resume', 'epochs', 'checkpoint-every', 'data'];

function resumeArgs(f: Flags): ResumeArgs {
  const other = [...f.keys()].find((name) => !WITH_RESUME.includes(name));
  if (other) {
    throw new UsageError(`train: --${other} cannot be combined with --resume; the run keeps ` +
      `its settings (with --resume: ${WITH_RESUME.slice(1).map((n) => `--${n}`).join(' ')})`);
  }
  return {
    command: 'resume', dir: f.get('resume')!,
    epochs: f.has('epochs') ? whole(f, 'epochs', 0, 1) : null,
    checkpointEvery: whole(f, 'checkpoint-every', DEFAULT_CHECKPOINT_EVERY, 0),
    data: f.get('data') ?? null,
  };
}

export function parseArgs(argv: string[]): Args {
  const [command = 'digits', ...rest] = argv;
  if (['help', '--help', '-h'].includes(command)) return { command: 'help' };
  if (!ALLOWED[command]) {
    throw new UsageError(`unknown command ${quoted(command)}; commands: train, encode, ` +
      'digits, help');
  }
  const f = readFlags(command, rest);
  if (command === 'train' && f.has('resume')) return resumeArgs(f);
  if (command === 'encode') {
    return { command, model: required(f, command, 'model'), data: required(f, command, 'data'),
      out: required(f, command, 'out') };
  }
  const common = {
    activation: activation(f),
    epochs: whole(f, 'epochs', command === 'train' ? 50 : 5, 1),
    // Digits: small batches give 100 updates an epoch, so a one-minute run already draws
    // recognisable digits.
    batch: whole(f, 'batch', command === 'train' ? 1000 : 100, 1),
    seed: whole(f, 'seed', 0, 0, 2 ** 32 - 1),
  };
  if (command === 'digits') {
    return { command, ...common, layers: layers(f, [128, 32]), lr: real(f, 'lr', 2e-3, true),
      out: f.get('out') ?? 'out/digits' };
  }
  return {
    command: 'train', ...common, data: required(f, command, 'data'), drop: list(f, 'drop'),
    target: f.get('target') ?? null, categorical: list(f, 'categorical'),
    layers: layers(f, [20, 10]), lr: real(f, 'lr', 1e-4, true), l2: real(f, 'l2', 0, false),
    out: f.get('out') ?? null,
    checkpointEvery: whole(f, 'checkpoint-every', DEFAULT_CHECKPOINT_EVERY, 0),
  };
}

export const USAGE = `tapegrad: a tied-weight autoencoder on WebGPU

  tapegrad train --data FILE.csv [--drop ID] [--target COL] [--categorical A,B,C]
                 [--layers 20,10] [--activation linear|relu|tanh|sigmoid]
                 [--epochs 50] [--batch 1000] [--lr 1e-4] [--l2 0] [--seed 0] [--out DIR]
                 [--checkpoint-every 10]
      trains on the CSV's rows and writes DIR/loss.csv, loss.svg, model.json, codes.csv
      and checkpoint.json (DIR defaults to out/<file name>); checkpoint.json is also
      saved every --checkpoint-every epochs (0: only at the end), and Ctrl-C saves it
      with the outputs of the last finished epoch
  tapegrad train --resume DIR [--epochs N] [--checkpoint-every 10] [--data FILE.csv]
      continues the run saved in DIR/checkpoint.json (to N epochs), to the same losses
  tapegrad encode --model DIR/model.json --data FILE.csv --out codes.csv
      applies a trained model (and its fitted preprocessing) to a CSV
  tapegrad digits [--layers 128,32] [--activation linear] [--epochs 5] [--batch 100]
                  [--lr 2e-3] [--seed 0] [--out out/digits]
      trains on the mnist package's digits and draws digits beside their
      reconstructions (the default when no command is given)

Set TAPEGRAD_DEBUG=1 (2, 3) to see the adapter, compiles (WGSL, dispatches).`;
