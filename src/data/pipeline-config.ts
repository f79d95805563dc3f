// What a user asks of the column pipeline, and the checks that run before anything is
// fitted: every named column exists, no column has two roles, the range is usable.

import type { CsvTable } from './csv.js';
import { columnIndex } from './columns.js';
import { PipelineError, quoted } from './errors.js';
import type { OutlierRule } from './numeric-column.js';

export interface PipelineConfig {
  /** Columns to ignore (an id, say). */
  drop?: string[];
  /** The label column: read as numbers and kept aside, never an input (null: none). */
  target?: string | null;
  /** Columns one-hot encoded; every other column not dropped is numeric. */
  categorical?: string[];
  /** Output range of numeric columns on the training rows (default [-2, 2]). */
  range?: [number, number];
  /** 'iqr': values beyond Tukey's fences (k = 1.5) become missing (default); 'none'. */
  outliers?: OutlierRule;
  /** Throw on a category unseen in training instead of encoding all zeros (default false). */
  strictCategories?: boolean;
}

/** A config with every default filled in, as a fitted pipeline stores it. */
export interface ResolvedConfig {
  drop: string[];
  target: string | null;
  categorical: string[];
  range: [number, number];
  outliers: OutlierRule;
  strictCategories: boolean;
}

export const DEFAULT_RANGE: readonly [number, number] = [-2, 2];

/** Fills in defaults and checks the config's own consistency (no table needed). */
export function resolveConfig(config: PipelineConfig, source: string): ResolvedConfig {
  const resolved: ResolvedConfig = {
    drop: [...(config.drop ?? [])],
    target: config.target ?? null,
    categorical: [...(config.categorical ?? [])],
    range: [...(config.range ?? DEFAULT_RANGE)] as [number, number],
    outliers: config.outliers ?? 'iqr',
    strictCategories: config.strictCategories ?? false,
  };
  checkRange(resolved.range, source);
  if (resolved.outliers !== 'iqr' && resolved.outliers !== 'none') {
    throw new PipelineError(source, `outliers must be 'iqr' or 'none'; got ${resolved.outliers}`);
  }
  checkRoles(resolved, source);
  return resolved;
}

function checkRange(range: [number, number], source: string): void {
  const [lo, hi] = range;
  if (range.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new PipelineError(
      source, `range must be two finite numbers [lo, hi] with lo < hi; got [${range}]`,
    );
  }
}

/** A column may be dropped, the target, or categorical: at most one of them. */
function checkRoles(config: ResolvedConfig, source: string): void {
  const roles = new Map<string, string>();
  const claim = (name: string, role: string): void => {
    const earlier = roles.get(name);
    if (earlier !== undefined) {
      const both = earlier === role ? `listed twice as ${role}` : `both ${earlier} and ${role}`;
      throw new PipelineError(source, `column ${quoted(name)} is ${both}`);
    }
    roles.set(name, role);
  };
  if (config.target !== null) claim(config.target, 'the target');
  config.drop.forEach((name) => claim(name, 'dropped'));
  config.categorical.forEach((name) => claim(name, 'categorical'));
}

/** Checks that every column the config names is in the table's header. */
export function checkConfigColumns(config: ResolvedConfig, table: CsvTable): void {
  config.drop.forEach((name) => columnIndex(table, name, 'dropped column'));
  config.categorical.forEach((name) => columnIndex(table, name, 'categorical column'));
  if (config.target !== null) columnIndex(table, config.target, 'target column');
}
