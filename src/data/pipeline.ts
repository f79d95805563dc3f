// The column pipeline, in the manner of scikit-learn's ColumnTransformer: fitted once on
// training rows, then applied unchanged to those rows and to any new ones. Numeric columns
// go through outliers -> mean imputation -> min-max scaling; categorical ones are one-hot.
// Output columns follow the input's file order, each categorical column's block in place.

import type { CsvTable } from './csv.js';
import { cellError, columnIndex, readNumericColumn } from './columns.js';
import { PipelineError, listNames, quoted } from './errors.js';
import { encodeNumeric, fitNumericColumn, type NumericColumnStats } from './numeric-column.js';
import {
  categoryIndex, categoryKey, fitCategoricalColumn, oneHotNames,
  type CategoricalColumnStats,
} from './onehot.js';
import {
  checkConfigColumns, resolveConfig, type PipelineConfig, type ResolvedConfig,
} from './pipeline-config.js';

export type FittedColumn = NumericColumnStats | CategoricalColumnStats;

/** A fitted pipeline: the resolved config and each input column's statistics. Plain JSON. */
export interface FittedPipeline {
  config: ResolvedConfig;
  /** The input columns used, in file order (neither dropped nor the target). */
  columns: FittedColumn[];
}

/** The pipeline's output for a table: rows x cols float32, row-major. */
export interface EncodedTable {
  columns: string[];
  data: Float32Array;
  rows: number;
  cols: number;
  /** The target column's values, or null when no target is configured or present. */
  target: Float64Array | null;
}

/** Fits every column's statistics on the table's rows. Throws on zero rows. */
export function fitPipeline(table: CsvTable, config: PipelineConfig): FittedPipeline {
  const resolved = resolveConfig(config, table.source);
  if (table.header.length === 0) {
    throw new PipelineError(table.source, 'the file is empty: no header, no rows');
  }
  checkConfigColumns(resolved, table);
  if (table.rows.length === 0) {
    throw new PipelineError(table.source, 'no data rows; fitting needs at least one');
  }
  readTarget(table, resolved);
  const skipped = new Set(resolved.drop);
  if (resolved.target !== null) skipped.add(resolved.target);
  const categorical = new Set(resolved.categorical);
  const columns: FittedColumn[] = [];
  table.header.forEach((name, field) => {
    if (skipped.has(name)) return;
    if (categorical.has(name)) {
      columns.push(fitCategoricalColumn(name, table.rows.map((row) => row[field]!)));
    } else {
      columns.push(fitNumericColumn(name, readNumericColumn(table, field), resolved.outliers));
    }
  });
  return { config: resolved, columns };
}

/** Names of the output columns, in output order. */
export function outputColumnNames(fitted: FittedPipeline): string[] {
  return fitted.columns.flatMap((c) => (c.kind === 'numeric' ? [c.name] : oneHotNames(c)));
}

/**
 * Encodes a table with fitted statistics. The table needs every fitted input column (in
 * any order); columns the pipeline does not know are ignored. The target is read when the
 * table has it, so a file without labels can still be encoded.
 */
export function transform(fitted: FittedPipeline, table: CsvTable): EncodedTable {
  const columns = outputColumnNames(fitted);
  const fields = fitted.columns.map((c) => columnIndex(table, c.name, 'fitted column'));
  const rows = table.rows.length;
  const cols = columns.length;
  const data = new Float32Array(rows * cols);
  let offset = 0;
  fitted.columns.forEach((stats, i) => {
    if (stats.kind === 'numeric') {
      encodeNumericInto(data, cols, offset, stats, fitted.config, table, fields[i]!);
      offset += 1;
    } else {
      encodeOneHotInto(data, cols, offset, stats, fitted.config, table, fields[i]!);
      offset += stats.categories.length;
    }
  });
  const hasTarget = fitted.config.target !== null && table.header.includes(fitted.config.target);
  const target = hasTarget ? readTarget(table, fitted.config) : null;
  return { columns, data, rows, cols, target };
}

/** fitPipeline then transform on the same table. */
export function fitTransform(
  table: CsvTable, config: PipelineConfig,
): { fitted: FittedPipeline; encoded: EncodedTable } {
  const fitted = fitPipeline(table, config);
  return { fitted, encoded: transform(fitted, table) };
}

// data: [rows, cols]; writes column `offset` of every row.
function encodeNumericInto(
  data: Float32Array, cols: number, offset: number, stats: NumericColumnStats,
  config: ResolvedConfig, table: CsvTable, field: number,
): void {
  const values = readNumericColumn(table, field);
  for (let r = 0; r < values.length; r++) {
    data[r * cols + offset] = encodeNumeric(stats, values[r]!, config.range);
  }
}

// data: [rows, cols]; writes columns offset .. offset + categories - 1 of every row.
function encodeOneHotInto(
  data: Float32Array, cols: number, offset: number, stats: CategoricalColumnStats,
  config: ResolvedConfig, table: CsvTable, field: number,
): void {
  const index = categoryIndex(stats);
  for (let r = 0; r < table.rows.length; r++) {
    const key = categoryKey(stats.numeric, table.rows[r]![field]!);
    if (key === null) continue;
    const j = index.get(key);
    if (j !== undefined) {
      data[r * cols + offset + j] = 1;
    } else if (config.strictCategories) {
      const seen = listNames(stats.categories, asSeen);
      throw cellError(
        table, r, field, `category ${quoted(key)} was not seen in training; seen: ${seen}`,
        'without strictCategories an unseen category encodes as all zeros',
      );
    }
  }
}

// Categories as written when they are plain text (`green, red`), quoted when a comma,
// a control character or their length would make the list unreadable.
function asSeen(category: string): string {
  return /^[^\x00-\x1f",]{1,40}$/.test(category) ? category : quoted(category);
}

/** The target column as numbers; throws at a missing or non-numeric cell. */
function readTarget(table: CsvTable, config: ResolvedConfig): Float64Array | null {
  if (config.target === null) return null;
  const field = columnIndex(table, config.target, 'target column');
  const values = readNumericColumn(table, field);
  const missing = values.findIndex((v) => Number.isNaN(v));
  if (missing >= 0) {
    throw cellError(table, missing, field, 'the target is missing');
  }
  return values;
}
