// Shared pieces of the fuzz tests: fixed seeds and bounded runs, generators of CSV-like
// text, and what "one clear error" means.
import fc from 'fast-check';
import { expect } from 'vitest';

/** Every property runs the same inputs on every machine, and not too many of them. */
export const FUZZ = { seed: 6, numRuns: 150 } as const;

/** Text made of the pieces CSV files go wrong with. */
export const csvPieces = fc.array(fc.constantFrom(
  'a', 'b', 'ID', '1', '-2.5e3', '5e+05', 'NaN', '', ' ', ',', ',', ',', '"', '""', '"x"',
  '\n', '\n', '\r', '\r\n', '\uFEFF', '\u0000', '\u00e9', '\ud83d\ude00', '1e999', 'x'.repeat(300),
), { maxLength: 40 }).map((pieces) => pieces.join(''));

/**
 * A message that a user can act on: it starts with `where` (a file, or an option), has
 * one line of reason and at most one `hint:` line, stays short, and is none of ours.
 */
export function expectOneClearError(message: string, where: string): void {
  const lines = message.split('\n');
  expect(message.startsWith(where), message.slice(0, 300)).toBe(true);
  expect(lines.length, message.slice(0, 300)).toBeLessThanOrEqual(2);
  if (lines.length === 2) expect(lines[1]!.startsWith('hint: '), message).toBe(true);
  expect(lines[0]!.length, lines[0]!.slice(0, 300)).toBeLessThan(400);
  expect(message).not.toMatch(/internal|undefined|\[object /);
}
