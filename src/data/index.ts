// The browser-safe data API: CSV parsing and the column pipeline. Reading files from disk
// is Node-only and lives apart, in ./read-file.ts.

export { CsvError, PipelineError } from './errors.js';
export { parseCsv, type CsvOptions, type CsvTable } from './csv.js';
export { NOT_A_NUMBER, parseNumber, type ParsedNumber } from './number.js';
export {
  cellPosition, columnIndex, readNumericColumn, sliceRows, toNumericColumns,
} from './columns.js';
export { iqrFences, quantileLinear, IQR_FACTOR, type Fences } from './quantile.js';
export { type NumericColumnStats, type OutlierRule } from './numeric-column.js';
export { type CategoricalColumnStats } from './onehot.js';
export { DEFAULT_RANGE, type PipelineConfig, type ResolvedConfig } from './pipeline-config.js';
export {
  fitPipeline, fitTransform, outputColumnNames, transform,
  type EncodedTable, type FittedColumn, type FittedPipeline,
} from './pipeline.js';
export { pipelineFromJSON, pipelineToJSON, type PipelineJSON } from './pipeline-json.js';
