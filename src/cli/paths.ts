// Checks on the paths a command reads and writes, run before any work: a mistake in a
// path is reported at once, naming the option, not after an hour of training.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './args.js';

/** `path` (from option `--name`) must be a readable file. */
export function checkInputFile(option: string, path: string): void {
  if (!existsSync(path)) throw new UsageError(`${option} ${path}: no such file`);
  if (statSync(path).isDirectory()) {
    throw new UsageError(`${option} ${path}: is a folder, not a file`);
  }
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new UsageError(`${option} ${path}: permission denied`);
  }
}

// The nearest folder on the way up from `path` that exists must be a writable folder.
function checkCreatable(option: string, path: string): void {
  let dir = resolve(path);
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) {
    throw new UsageError(`${option} ${path}: ${dir} is a file, not a folder`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${option} ${path}: cannot write in ${dir}`);
  }
}

/** `dir` (from option `--name`) can take the files `names`. */
export function checkOutputDir(option: string, dir: string, names: string[]): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UsageError(`${option} ${dir}: is a file; give a folder for the outputs`);
  }
  checkCreatable(option, dir);
  for (const name of names) {
    const file = join(dir, name);
    if (existsSync(file) && statSync(file).isDirectory()) {
      throw new UsageError(`${option} ${dir}: ${file} is a folder; it would be replaced by a file`);
    }
  }
}

/** `path` (from option `--name`) can be written as a file, and is none of `inputs`. */
export function checkOutputFile(option: string, path: string, inputs: string[]): void {
  if (path.endsWith('/') || (existsSync(path) && statSync(path).isDirectory())) {
    throw new UsageError(`${option} ${path}: is a folder; give a file name such as codes.csv`);
  }
  if (inputs.some((p) => resolve(p) === resolve(path))) {
    throw new UsageError(`${option} ${path}: is also an input; it would be overwritten`);
  }
  checkCreatable(option, dirname(path) || '.');
}
