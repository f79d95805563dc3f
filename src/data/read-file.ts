// The one Node-only file of src/data: reading a CSV file from disk. Everything else here
// takes text, so it runs in browsers unchanged.

import { readFileSync } from 'node:fs';
import { parseCsv, type CsvTable } from './csv.js';
import { PipelineError } from './errors.js';

/**
 * The file's bytes decoded as UTF-8, with nothing stripped (a byte-order mark stays, for
 * parseCsv to remove). Throws PipelineError naming the file when the bytes are not UTF-8.
 */
export function readTextFile(path: string): string {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new PipelineError(path, 'not valid UTF-8 text', 'save the file as UTF-8');
  }
}

/** Reads and parses a CSV file; messages name the file by the path given. */
export function readCsvFile(path: string, options: { header?: boolean } = {}): CsvTable {
  return parseCsv(readTextFile(path), { source: path, header: options.header ?? true });
}
