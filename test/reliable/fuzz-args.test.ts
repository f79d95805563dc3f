// The command-line parser on generated argument lists: every list gives either settings
// that training can use as they are, or one UsageError line naming the option.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs, type Args } from '../../src/cli/args.js';
import { FUZZ } from './fuzz-helpers.js';

const OPTIONS = ['data', 'drop', 'target', 'categorical', 'layers', 'activation', 'epochs',
  'batch', 'lr', 'l2', 'seed', 'out', 'checkpoint-every', 'resume', 'model', 'epoch', ''];
const VALUES = ['1', '0', '-1', '3', '1e-4', '.5', '1e999', 'abc', '', ' ', 'NaN', 'Infinity',
  '0x10', '1,2', ',,', '20,10', '4294967296', '99999999999999999999', 'x.csv', 'out/x',
  'relu', '--lr', '\u0000', 'é', 'two\nlines'];

const arg = fc.oneof(
  fc.tuple(fc.constantFrom(...OPTIONS), fc.constantFrom(...VALUES))
    .map(([name, value]) => [`--${name}`, value]),
  fc.tuple(fc.constantFrom(...OPTIONS), fc.constantFrom(...VALUES))
    .map(([name, value]) => [`--${name}=${value}`]),
  fc.constantFrom(...VALUES).map((v) => [v]),
);
const argv = fc.tuple(
  fc.constantFrom('train', 'encode', 'digits', 'help', '--help', 'fit', ''),
  fc.array(arg, { maxLength: 6 }),
).map(([command, rest]) => [command, ...rest.flat()]);

const whole = (v: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  Number.isInteger(v) && v >= min && v <= max;

/** Settings that passed the parser are usable as they are. */
function expectUsable(a: Args): void {
  if (a.command === 'help') return;
  if (a.command === 'encode') {
    expect([a.model, a.data, a.out].every((s) => s.trim() !== '')).toBe(true);
    return;
  }
  if (a.command === 'resume') {
    expect(a.dir.trim()).not.toBe('');
    expect(a.epochs === null || whole(a.epochs, 1)).toBe(true);
    expect(whole(a.checkpointEvery, 0)).toBe(true);
    return;
  }
  expect(whole(a.epochs, 1) && whole(a.batch, 1) && whole(a.seed, 0, 2 ** 32 - 1)).toBe(true);
  expect(a.lr > 0 && Number.isFinite(a.lr)).toBe(true);
  expect(a.layers.length > 0 && a.layers.every((n) => whole(n, 1))).toBe(true);
  if (a.command === 'train') {
    expect(a.l2 >= 0 && Number.isFinite(a.l2) && whole(a.checkpointEvery, 0)).toBe(true);
    expect(a.data.trim()).not.toBe('');
  }
}

describe('parseArgs on generated argument lists', () => {
  it('gives usable settings or one UsageError line naming the option or command', () => {
    fc.assert(fc.property(argv, (list) => {
      let parsed: Args;
      try {
        parsed = parseArgs(list);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        const message = (e as Error).message;
        expect(message).not.toContain('\n');
        expect(message).toMatch(/^(train|encode|digits): |^--[\w-]+|^unknown command /);
        return;
      }
      expectUsable(parsed);
    }), { ...FUZZ, numRuns: 400 });
  });

  it.each([
    [['train', '--resume', 'out/x', '--lr', '1'],
      'train: --lr cannot be combined with --resume; the run keeps its settings'],
    [['train', '--resume', 'out/x', '--epochs', '0'], '--epochs needs a whole number >= 1'],
    [['train', '--data', 'x.csv', '--checkpoint-every', '-1'],
      '--checkpoint-every needs a whole number >= 0; got "-1"'],
  ])('refuses %j', (list, message) => {
    expect(() => parseArgs(list)).toThrow(message);
  });

  it('takes --resume with --epochs, --checkpoint-every and --data', () => {
    expect(parseArgs(['train', '--resume', 'out/x', '--epochs', '80', '--checkpoint-every', '0',
      '--data', 'moved.csv'])).toEqual({ command: 'resume', dir: 'out/x', epochs: 80,
      checkpointEvery: 0, data: 'moved.csv' });
  });
});
