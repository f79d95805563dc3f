// What the page trains on: model inputs [rows, cols], the target that colours the codes,
// and the fitted pipeline that made the inputs. A CSV goes through the same pipeline as
// `tapegrad train`; the built-in digits are used as given, as by `tapegrad digits`.
import {
  PipelineError, fitTransform, type CsvTable, type FittedPipeline, type PipelineConfig,
} from '../src/index.js';

export interface Dataset {
  kind: 'csv' | 'digits';
  /** The file name, or "the mnist digits". */
  name: string;
  /** [rows, cols], row-major. */
  inputs: Float32Array;
  rows: number;
  cols: number;
  /** Names of the model's input columns. */
  columns: string[];
  target: Float64Array | null;
  targetName: string | null;
  /** How raw rows became inputs; null when they are used as given. */
  pipeline: FittedPipeline | null;
  /** The parsed CSV, kept so a loaded model can encode it with its own pipeline. */
  table: CsvTable | null;
}

/** Fits the pipeline on every row of `table` and encodes them, as `tapegrad train` does. */
export function csvDataset(table: CsvTable, config: PipelineConfig): Dataset {
  const { fitted, encoded } = fitTransform(table, config);
  if (encoded.cols === 0) {
    throw new PipelineError(table.source, 'no input columns are left after the dropped ' +
      'columns and the target', 'give at least one column the role numeric or categorical');
  }
  return {
    kind: 'csv', name: table.source, inputs: encoded.data, rows: encoded.rows,
    cols: encoded.cols, columns: encoded.columns, target: encoded.target,
    targetName: fitted.config.target, pipeline: fitted, table,
  };
}
