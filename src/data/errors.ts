// Errors for data a user hands us. Both name the source (a file name, or whatever the caller
// passed as `source`) first, so a message reads like a compiler's: `data.csv:12:7: ...`.

/**
 * A problem at one place in a CSV text. `line` is the 1-based physical line of the text (a
 * CRLF, LF or lone CR each end one line); `column` is the 1-based character position in
 * that line, counted in UTF-16 code units after any byte-order mark.
 */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  readonly source: string;
  readonly line: number;
  readonly column: number;
  /** The message without the `source:line:column:` prefix and without the hint. */
  readonly reason: string;

  constructor(source: string, line: number, column: number, reason: string, hint?: string) {
    super(`${source}:${line}:${column}: ${reason}` + (hint === undefined ? '' : `\nhint: ${hint}`));
    this.source = source;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

const SHOWN_CHARACTERS = 40;
const SHOWN_NAMES = 20;

/**
 * `text` in double quotes for a message, escaped so that a newline or a control byte
 * stays on the line, and cut short so that a huge cell cannot flood the terminal:
 * `"xxxx…"… (5000000 characters)`.
 */
export function quoted(text: string): string {
  if (text.length <= SHOWN_CHARACTERS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, SHOWN_CHARACTERS))}… (${text.length} characters)`;
}

/**
 * A value as a message shows it: `missing`, `null`, `"x"`, `[1,2]`, cut short. Values
 * JSON cannot write (a user's code may pass anything) are named, never thrown on:
 * `NaN`, `10n`, `a function`, `an object` (a circular one).
 */
export function shownValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = typeof value === 'number' ? String(value)
    : typeof value === 'bigint' ? `${value}n` : json(value) ?? `a ${typeof value}`;
  return text.length <= SHOWN_CHARACTERS ? text : `${text.slice(0, SHOWN_CHARACTERS)}…`;
}

function json(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return typeof value === 'object' ? 'an object' : undefined;
  }
}

/** Names for a message, quoted, the first 20 of a long list and how many there are. */
export function listNames(names: readonly string[], quote = quoted): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, SHOWN_NAMES).map(quote).join(', ');
  return names.length > SHOWN_NAMES ? `${shown}, … (${names.length} in all)` : shown;
}

/**
 * A problem with a pipeline's configuration or a saved pipeline that has no single place in
 * a CSV text: an unknown column name, no rows to fit on, a malformed model file.
 */
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  readonly source: string;
  readonly reason: string;

  constructor(source: string, reason: string, hint?: string) {
    super(`${source}: ${reason}` + (hint === undefined ? '' : `\nhint: ${hint}`));
    this.source = source;
    this.reason = reason;
  }
}
