// One categorical column as a block of 0/1 columns, one per category seen in training, in
// sorted order so that the same training data always gives the same layout. A category not
// seen in training, and a missing cell, encode as all zeros.

import { parseNumber } from './number.js';

/** Everything needed to encode new cells of one categorical column; plain JSON. */
export interface CategoricalColumnStats {
  kind: 'categorical';
  name: string;
  /**
   * True when every training category was a number: then categories are compared as
   * numbers (`1`, `1.0` and ` 1` are one category, written `1`) and sorted numerically.
   */
  numeric: boolean;
  /** Sorted categories; output column j is `${name}=${categories[j]}`. */
  categories: string[];
}

/**
 * The category a cell names, or null when the cell is missing (empty or blank). Spaces
 * around the text do not count. In a numeric column the key is the number's shortest text.
 */
export function categoryKey(numeric: boolean, cell: string): string | null {
  const text = cell.trim();
  if (text === '') return null;
  if (!numeric) return text;
  const value = parseNumber(text);
  // Text that is not a number can never match a numeric category; keep it for messages.
  return typeof value === 'number' ? String(value) : text;
}

/** Fits the sorted categories of a column's training cells. */
export function fitCategoricalColumn(
  name: string, cells: readonly string[],
): CategoricalColumnStats {
  const texts = new Set<string>();
  for (const cell of cells) {
    const key = categoryKey(false, cell);
    if (key !== null) texts.add(key);
  }
  const numbers = [...texts].map(parseNumber);
  const numeric = texts.size > 0 && numbers.every((v) => typeof v === 'number');
  if (!numeric) {
    // Code-unit order, not localeCompare, so the layout does not depend on the locale.
    const categories = [...texts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { kind: 'categorical', name, numeric, categories };
  }
  const distinct = [...new Set(numbers as number[])].sort((a, b) => a - b);
  return { kind: 'categorical', name, numeric, categories: distinct.map(String) };
}

/** Output column names of the block: `SEX=1`, `SEX=2`. */
export function oneHotNames(stats: CategoricalColumnStats): string[] {
  return stats.categories.map((category) => `${stats.name}=${category}`);
}

/** Looks up a category's position in the block; built once per transform. */
export function categoryIndex(stats: CategoricalColumnStats): Map<string, number> {
  return new Map(stats.categories.map((category, j) => [category, j]));
}
