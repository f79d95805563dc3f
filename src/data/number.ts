// Strict reading of numeric cells. JavaScript's own readers are lenient in ways that corrupt
// data silently: parseInt('5e+05') is 5, parseFloat('12abc') is 12, Number('') and
// Number(' ') are 0, Number('0x10') is 16. Here a cell is a decimal number, missing, or wrong.

/** What parseNumber returns for a cell that is neither a number nor missing. */
export const NOT_A_NUMBER: unique symbol = Symbol('not a number');

export type ParsedNumber = number | null | typeof NOT_A_NUMBER;

// Optional sign, digits with an optional point (`1.`, `.5`, `1.5`), optional exponent.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MISSING_WORD = /^nan$/i;

/**
 * Reads one cell as a number.
 *
 * Returns the number for decimal text such as `5e+05`, `-1.5E-03`, `+2.5e2`, `.5`, `1.`
 * (spaces around it allowed; `-0` gives 0, not -0); null for a missing value: an empty or
 * blank cell, or `NaN` in any case; NOT_A_NUMBER for anything else, including `Infinity`,
 * `0x10`, `1,000`, `12abc` and numbers too large for float64.
 */
export function parseNumber(cell: string): ParsedNumber {
  const text = cell.trim();
  if (text === '' || MISSING_WORD.test(text)) return null;
  if (!DECIMAL.test(text)) return NOT_A_NUMBER;
  const value = Number(text);
  if (!Number.isFinite(value)) return NOT_A_NUMBER;
  // `value + 0` turns -0 into 0 and leaves every other number as it is.
  return value + 0;
}
