// A model the page can show and save: trained here or loaded from a model.json, with the
// codes of the current data and, for the digits, some reconstructions.
import {
  TiedAutoencoder, noGrad, scope, tensor, type ModelContents, type Tensor,
} from '../src/index.js';
import type { Dataset } from './dataset.js';
import { exampleRows } from './digits.js';

export interface ModelResult {
  /** What model.json holds: config, weights, fitted pipeline, training record. */
  contents: ModelContents;
  /** [rows, codeWidth], row-major. */
  codes: Float32Array;
  codeWidth: number;
  target: Float64Array | null;
  targetName: string | null;
  /** Digits only: the rows shown, and their reconstructions [rows.length, 784]. */
  examples: { rows: number[]; recon: Float32Array } | null;
}

/** Codes of every row of `x` (and reconstructions of example digits) from `model`. */
export async function describeModel(model: TiedAutoencoder, x: Tensor, data: Dataset,
  batch: number, contents: ModelContents): Promise<ModelResult> {
  let examples: ModelResult['examples'] = null;
  if (data.kind === 'digits' && data.target) {
    const rows = exampleRows(data.target);
    const width = data.cols;
    const picked = new Float32Array(rows.length * width);
    rows.forEach((r, i) => picked.set(data.inputs.subarray(r * width, (r + 1) * width), i * width));
    const sample = tensor(picked, [rows.length, width], { name: 'examples' });
    const recon = noGrad(() => scope(() => model.decode(model.encode(sample))));
    examples = { rows, recon: Float32Array.from(await recon.read()) };
    sample.dispose();
    recon.dispose();
  }
  const codes = await model.codes(x, batch);
  return {
    contents, codes, codeWidth: model.codeWidth, target: data.target,
    targetName: data.targetName, examples,
  };
}
