// The command line as a user runs it: train on the credit-card file, encode it again,
// and one clear line (exit code 1, no outputs) for bad input.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';

const CSV = path.resolve(REPO_ROOT, '../shared/data/UCI_Credit_Card.csv');
const CREDIT = ['--data', CSV, '--drop', 'ID', '--target', 'default.payment.next.month',
  '--categorical', 'SEX,EDUCATION,MARRIAGE', '--layers', '20,10'];

function tapegrad(...args: string[]) {
  const r = spawnSync('node', [path.join(REPO_ROOT, 'bin/tapegrad.mjs'), ...args],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  // Dawn's own start-up warning about SwiftShader is not ours to judge.
  const stderr = r.stderr.split('\n').filter((l) => l.startsWith('tapegrad')).join('\n');
  return { code: r.status, stdout: r.stdout, stderr };
}

let dir = '';
beforeAll(() => {
  execFileSync('node', ['scripts/build.mjs'], { cwd: REPO_ROOT });
  dir = mkdtempSync(path.join(tmpdir(), 'tapegrad-cli-'));
});

describe('tapegrad train and encode', () => {
  it('trains on the credit-card file and writes the four outputs and its checkpoint', () => {
    const out = path.join(dir, 'credit');
    const r = tapegrad('train', ...CREDIT, '--epochs', '3', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('adapter: ');
    expect(r.stdout).toMatch(/epoch 3\/3 {2}loss [\d.]+ {2}best [\d.]+ {2}\d+ ms\/epoch/);
    expect(readdirSync(out).sort()).toEqual(['checkpoint.json', 'codes.csv', 'loss.csv',
      'loss.svg', 'model.json']);
    const codes = readFileSync(path.join(out, 'codes.csv'), 'utf8').trim().split('\n');
    expect(codes).toHaveLength(30001);
    expect(codes[0]).toBe('code1,code2,code3,code4,code5,code6,code7,code8,code9,code10,' +
      'default.payment.next.month');
    expect(codes[1]!.split(',')).toHaveLength(11);
    const losses = readFileSync(path.join(out, 'loss.csv'), 'utf8').trim().split('\n');
    expect(losses).toHaveLength(4);
    expect(readFileSync(path.join(out, 'loss.svg'), 'utf8')).toContain('epoch 3, last');
    const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
    expect(model.config.layers).toEqual([33, 20, 10]);
  });

  it('encode reproduces the codes written by train', () => {
    const out = path.join(dir, 'credit');
    const again = path.join(dir, 'codes-again.csv');
    const r = tapegrad('encode', '--model', path.join(out, 'model.json'), '--data', CSV,
      '--out', again);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(path.join(out, 'codes.csv'), 'utf8'));
  });
});

describe('tapegrad on bad input', () => {
  const bad = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it.each([
    ['an unknown option', ['train', '--data', 'x.csv', '--epoch', '3'],
      'tapegrad: train: unknown option --epoch'],
    ['a missing value', ['train', '--data'], 'tapegrad: train: --data needs a value'],
    ['a bad number', ['train', '--data', 'x.csv', '--lr', 'fast'],
      'tapegrad: --lr needs a number > 0; got "fast"'],
    ['an unknown command', ['fit'], 'tapegrad: unknown command "fit"'],
    ['a missing file', ['train', '--data', 'nope.csv'], 'tapegrad: --data nope.csv: no such file'],
    ['a folder as data', ['train', '--data', 'src'],
      'tapegrad: --data src: is a folder, not a file'],
    ['an empty value', ['train', '--data', 'x.csv', '--out='],
      'tapegrad: train: --out needs a value'],
    ['empty layers', ['train', '--data', 'x.csv', '--layers', ',,'],
      'tapegrad: --layers needs sizes'],
    ['a hex number', ['train', '--data', 'x.csv', '--lr', '0x1'],
      'tapegrad: --lr needs a number > 0'],
    ['a seed past 32 bits', ['train', '--data', 'x.csv', '--seed', '4294967296'],
      'tapegrad: --seed needs a whole number from 0 to 4294967295'],
    ['--out naming a file', ['train', '--data', CSV, '--out', 'package.json'],
      'tapegrad: --out package.json: is a file; give a folder for the outputs'],
    ['encode over its own model', ['encode', '--model', 'package.json', '--data', CSV, '--out',
      'package.json'], 'tapegrad: --out package.json: is also an input; it would be overwritten'],
  ])('%s gives one line and exit code 1', (_what, args, message) => {
    const r = tapegrad(...args);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it('names the file, line and column of a ragged row, and writes nothing', () => {
    const csv = bad('ragged.csv', 'a,b\n1,2\n3,4,5\n');
    const out = path.join(dir, 'ragged-out');
    const r = tapegrad('train', '--data', csv, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ragged\.csv:3:\d+: /);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a model too large for the adapter before drawing its weights', () => {
    const csv = bad('small.csv', 'a,b\n1,2\n3,4\n');
    const r = tapegrad('train', '--data', csv, '--layers', '70000,70000',
      '--out', path.join(dir, 'huge-out'));
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr)
      .toMatch(/^tapegrad: W2: shape \[70000, 70000\] needs 19600000000 bytes, over /);
  });

  it('names the column of text in a numeric column, with a hint', () => {
    const csv = bad('text.csv', 'a,b\n1,2\n3,x\n');
    const r = tapegrad('train', '--data', csv, '--out', path.join(dir, 'text-out'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/text\.csv:3:3: .*"b".*"x"|text\.csv:3:3: .*b.*x/);
  });

  it('refuses a corrupted model.json before it reads any data', () => {
    const model = bad('model.json', '{"format": "tapegrad-tied-autoencoder", "version": 1');
    const r = tapegrad('encode', '--model', model, '--data', CSV, '--out',
      path.join(dir, 'never.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('model.json: not valid JSON');
    expect(existsSync(path.join(dir, 'never.csv'))).toBe(false);
  });
});
