// Saving a fitted pipeline inside a model file and loading it back. A loaded object is
// checked field by field, so a hand-edited or truncated file fails at load time with the
// path of the bad field, not later as NaN in the encoded data.

import { PipelineError, shownValue } from './errors.js';
import type { NumericColumnStats } from './numeric-column.js';
import type { CategoricalColumnStats } from './onehot.js';
import { resolveConfig, type ResolvedConfig } from './pipeline-config.js';
import type { FittedColumn, FittedPipeline } from './pipeline.js';
import type { Fences } from './quantile.js';

/** The saved form: a fitted pipeline plus the version of this layout. */
export interface PipelineJSON extends FittedPipeline {
  version: 1;
}

/** A deep copy of the fitted pipeline, ready for JSON.stringify. */
export function pipelineToJSON(fitted: FittedPipeline): PipelineJSON {
  return { version: 1, ...structuredClone(fitted) };
}

/**
 * Checks a parsed object and returns it as a fitted pipeline. `source` names the file in
 * messages and `path` where the object sits in it: `model.json: pipeline.columns[3].mean
 * is not a number`.
 */
export function pipelineFromJSON(
  value: unknown, source: string, path = 'pipeline',
): FittedPipeline {
  const check = new Checker(source);
  const root = check.object(value, path);
  if (root.version !== 1) {
    check.fail(`${path}.version`, `is ${shownValue(root.version)}; this reader knows 1`);
  }
  const config = readConfig(check, root.config, `${path}.config`);
  const columns = check.array(root.columns, `${path}.columns`)
    .map((c, i) => readColumn(check, c, `${path}.columns[${i}]`));
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (seen.has(c.name)) check.fail(`${path}.columns[${i}].name`, `repeats "${c.name}"`);
    seen.add(c.name);
  });
  return { config, columns };
}

function readConfig(check: Checker, value: unknown, path: string): ResolvedConfig {
  const o = check.object(value, path);
  const range = check.array(o.range, `${path}.range`);
  if (range.length !== 2) check.fail(`${path}.range`, 'does not hold two numbers');
  const outliers = check.string(o.outliers, `${path}.outliers`);
  if (outliers !== 'iqr' && outliers !== 'none') {
    check.fail(`${path}.outliers`, `is "${outliers}", not "iqr" or "none"`);
  }
  const config: ResolvedConfig = {
    drop: check.strings(o.drop, `${path}.drop`),
    target: o.target === null ? null : check.string(o.target, `${path}.target`),
    categorical: check.strings(o.categorical, `${path}.categorical`),
    range: [check.number(range[0], `${path}.range[0]`), check.number(range[1], `${path}.range[1]`)],
    outliers,
    strictCategories: check.boolean(o.strictCategories, `${path}.strictCategories`),
  };
  // The same consistency checks as a config given in code.
  return resolveConfig(config, check.source);
}

function readColumn(check: Checker, value: unknown, path: string): FittedColumn {
  const o = check.object(value, path);
  const name = check.string(o.name, `${path}.name`);
  if (o.kind === 'categorical') {
    const categories = check.strings(o.categories, `${path}.categories`);
    if (new Set(categories).size !== categories.length) {
      check.fail(`${path}.categories`, 'has a category twice');
    }
    const numeric = check.boolean(o.numeric, `${path}.numeric`);
    const stats: CategoricalColumnStats = { kind: 'categorical', name, numeric, categories };
    return stats;
  }
  if (o.kind !== 'numeric') {
    check.fail(`${path}.kind`, `is ${shownValue(o.kind)}, not "numeric" or "categorical"`);
  }
  const stats: NumericColumnStats = {
    kind: 'numeric',
    name,
    fences: o.fences === null ? null : readFences(check, o.fences, `${path}.fences`),
    mean: check.number(o.mean, `${path}.mean`),
    min: check.number(o.min, `${path}.min`),
    max: check.number(o.max, `${path}.max`),
  };
  if (stats.min > stats.max) check.fail(`${path}.min`, `is above max (${stats.max})`);
  return stats;
}

function readFences(check: Checker, value: unknown, path: string): Fences {
  const o = check.object(value, path);
  const fences: Fences = {
    q1: check.number(o.q1, `${path}.q1`),
    q3: check.number(o.q3, `${path}.q3`),
    lo: check.number(o.lo, `${path}.lo`),
    hi: check.number(o.hi, `${path}.hi`),
  };
  if (fences.lo > fences.hi) check.fail(`${path}.lo`, `is above hi (${fences.hi})`);
  return fences;
}

/** Type checks that throw PipelineError naming the source and the field's path. */
class Checker {
  constructor(readonly source: string) {}

  fail(path: string, what: string): never {
    throw new PipelineError(this.source, `${path} ${what}`);
  }

  object(value: unknown, path: string): { [key: string]: unknown } {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'is not an object');
    }
    return value as { [key: string]: unknown };
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'is not an array');
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'is not a number');
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'is not a string');
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'is not true or false');
    return value;
  }

  strings(value: unknown, path: string): string[] {
    return this.array(value, path).map((s, i) => this.string(s, `${path}[${i}]`));
  }
}
