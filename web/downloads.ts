// Saving files from the page: the text is made here and handed to the browser as a
// download (a blob URL), so nothing goes over the network.
// NOTE: no loss.csv or loss.svg as the CLI writes; the losses are in model.json's training.
import { codesCsv, modelToJSON } from '../src/index.js';
import { byId } from './dom.js';
import type { ModelResult } from './model-result.js';

function save(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** model.json exactly as `tapegrad train` writes it. */
export function modelJsonText(result: ModelResult): string {
  return JSON.stringify(modelToJSON(result.contents));
}

/** codes.csv exactly as `tapegrad train` (and `encode`) write it. */
export function codesCsvText(result: ModelResult): string {
  return codesCsv(result.codes, result.codeWidth, result.target, result.targetName);
}

let current: ModelResult | null = null;

/** Offers the downloads of `result` (null: none). */
export function offerDownloads(result: ModelResult | null): void {
  current = result;
  byId<HTMLButtonElement>('download-model').disabled = !result;
  byId<HTMLButtonElement>('download-codes').disabled = !result;
}

export function installDownloads(onError: (e: unknown) => void): void {
  const on = (id: string, make: (r: ModelResult) => [string, string, string]) =>
    byId(id).addEventListener('click', () => {
      try {
        if (current) save(...make(current));
      } catch (e) {
        onError(e);
      }
    });
  on('download-model', (r) => ['model.json', modelJsonText(r), 'application/json']);
  on('download-codes', (r) => ['codes.csv', codesCsvText(r), 'text/csv']);
}
