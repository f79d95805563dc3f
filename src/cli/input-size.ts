// Checks on the size of the encoded data, run between fitting the pipeline and encoding
// the rows. A column of numbers listed as categorical one-hot encodes into a column per
// distinct value: tens of thousands of columns, gigabytes of input. Said up front, with
// the column named, instead of as a failed allocation or a GPU limit after the fact.
import { PipelineError } from '../data/errors.js';
import type { FittedPipeline } from '../data/pipeline.js';
import { outputColumnNames } from '../data/pipeline.js';

/** More categories than this in one column is taken for a column of numbers. */
export const MAX_CATEGORIES = 1000;
/** Above this, the encoded rows cannot be one tensor on any adapter we know of. */
const MAX_INPUT_BYTES = 2 ** 31;

export function checkEncodedSize(fitted: FittedPipeline, rows: number, source: string): void {
  for (const c of fitted.columns) {
    if (c.kind === 'categorical' && c.categories.length > MAX_CATEGORIES) {
      throw new PipelineError(source, `categorical column ${JSON.stringify(c.name)} has ` +
        `${c.categories.length} distinct values, over ${MAX_CATEGORIES}; one-hot would make ` +
        'a column of each', `if it holds numbers, leave it out of --categorical`);
    }
  }
  const cols = outputColumnNames(fitted).length;
  const bytes = rows * cols * 4;
  if (bytes > MAX_INPUT_BYTES) {
    throw new PipelineError(source, `encodes to ${rows} rows of ${cols} columns, ` +
      `${(bytes / 2 ** 30).toFixed(1)} GiB of float32: more than one GPU tensor can hold`,
    'use fewer rows, or fewer categorical columns');
  }
}
