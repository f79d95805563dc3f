// A strict RFC 4180 reader: comma-separated, `"` quotes, `""` for a quote inside quotes.
// It takes text, not a path, so it runs in browsers as well as Node. Every cell keeps the
// line and column where it starts, so later stages (numbers, categories) can point at it.

import { CsvError, quoted } from './errors.js';

export interface CsvOptions {
  /** Names the text in error messages, usually the file name. */
  source: string;
  /** Whether the first row holds column names (default true). */
  header?: boolean;
}

/** Raw cells of a CSV text, all rows as wide as the header. */
export interface CsvTable {
  source: string;
  /** Column names, unquoted; `column1`, `column2`, ... when the text has no header row. */
  header: string[];
  /** Data rows of raw cell text, quotes removed; the header row is not among them. */
  rows: string[][];
  /** 1-based line where cell (row, field) starts, at index row * header.length + field. */
  cellLines: Int32Array;
  /** 1-based column where cell (row, field) starts, indexed like cellLines. */
  cellColumns: Int32Array;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BYTE_ORDER_MARK = 0xfeff;

/** Where the reader stands in the text; `lineStart` is the index of the line's first char. */
interface Cursor {
  text: string;
  source: string;
  i: number;
  line: number;
  lineStart: number;
}

/** One record as read, before it is checked against the header's width. */
interface RawRecord {
  cells: string[];
  lines: number[];
  columns: number[];
  /** Line and column just past the record's last character, for "too few fields". */
  endLine: number;
  endColumn: number;
}

/**
 * Parses CSV text into a header and rows of raw cell strings.
 *
 * Accepts a UTF-8 byte-order mark, CRLF, LF and lone CR line ends (mixed too), a missing
 * final line end, and line ends inside quoted fields. Empty lines are skipped wherever they
 * are. NOTE: so a one-column file cannot express an empty cell as an empty line; it must be
 * written as `""`.
 *
 * Throws CsvError for an unterminated quote, a quote inside an unquoted field, text after a
 * closing quote, a row whose width differs from the header's, and duplicate column names.
 */
export function parseCsv(text: string, options: CsvOptions): CsvTable {
  const hasBom = text.length > 0 && text.charCodeAt(0) === BYTE_ORDER_MARK;
  const cursor: Cursor = {
    text: hasBom ? text.slice(1) : text,
    source: options.source,
    i: 0,
    line: 1,
    lineStart: 0,
  };
  const records = readRecords(cursor);
  const hasHeader = options.header ?? true;
  if (records.length === 0) {
    return emptyTable(options.source);
  }
  const first = records[0]!;
  const header = hasHeader ? first.cells : first.cells.map((_, f) => `column${f + 1}`);
  if (hasHeader) {
    checkUniqueNames(first, options.source);
  }
  const data = hasHeader ? records.slice(1) : records;
  return assembleTable(options.source, header, data, hasHeader ? 'the header has' : 'row 1 has');
}

function emptyTable(source: string): CsvTable {
  const none = new Int32Array(0);
  return { source, header: [], rows: [], cellLines: none, cellColumns: none };
}

function readRecords(cursor: Cursor): RawRecord[] {
  const records: RawRecord[] = [];
  const { text } = cursor;
  while (cursor.i < text.length) {
    const c = text.charCodeAt(cursor.i);
    if (c === LF || c === CR) {
      skipLineEnd(cursor);
      continue;
    }
    records.push(readRecord(cursor));
    if (cursor.i < text.length) {
      skipLineEnd(cursor);
    }
  }
  return records;
}

/** Steps over one CRLF, LF or CR at the cursor and starts the next line. */
function skipLineEnd(cursor: Cursor): void {
  const { text } = cursor;
  const isCrLf = text.charCodeAt(cursor.i) === CR && text.charCodeAt(cursor.i + 1) === LF;
  cursor.i += isCrLf ? 2 : 1;
  cursor.line += 1;
  cursor.lineStart = cursor.i;
}

/** Reads fields up to (not over) the record's line end or the end of the text. */
function readRecord(cursor: Cursor): RawRecord {
  const record: RawRecord = { cells: [], lines: [], columns: [], endLine: 0, endColumn: 0 };
  const { text } = cursor;
  for (;;) {
    record.lines.push(cursor.line);
    record.columns.push(cursor.i - cursor.lineStart + 1);
    const quoted = cursor.i < text.length && text.charCodeAt(cursor.i) === QUOTE;
    record.cells.push(quoted ? readQuotedField(cursor) : readPlainField(cursor));
    if (cursor.i < text.length && text.charCodeAt(cursor.i) === COMMA) {
      cursor.i += 1;
      continue;
    }
    record.endLine = cursor.line;
    record.endColumn = cursor.i - cursor.lineStart + 1;
    return record;
  }
}

function readPlainField(cursor: Cursor): string {
  const { text } = cursor;
  const start = cursor.i;
  let j = start;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === COMMA || c === LF || c === CR) break;
    if (c === QUOTE) {
      throw new CsvError(
        cursor.source, cursor.line, j - cursor.lineStart + 1,
        'stray quote inside an unquoted field',
        'quote the whole field and double the quotes inside it: "say ""hi"""',
      );
    }
  }
  cursor.i = j;
  return text.slice(start, j);
}

/** Reads from an opening quote past its closing quote; line ends inside are kept as-is. */
function readQuotedField(cursor: Cursor): string {
  const { text } = cursor;
  const openLine = cursor.line;
  const openColumn = cursor.i - cursor.lineStart + 1;
  let value = '';
  let pieceStart = cursor.i + 1;
  let j = pieceStart;
  for (;;) {
    if (j >= text.length) {
      throw new CsvError(cursor.source, openLine, openColumn, 'unterminated quoted field');
    }
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      if (text.charCodeAt(j + 1) !== QUOTE) break;
      value += text.slice(pieceStart, j + 1);
      j += 2;
      pieceStart = j;
      continue;
    }
    if (c === CR || c === LF) {
      if (c === CR && text.charCodeAt(j + 1) === LF) j += 1;
      cursor.line += 1;
      cursor.lineStart = j + 1;
    }
    j += 1;
  }
  value += text.slice(pieceStart, j);
  cursor.i = j + 1;
  checkFieldEnds(cursor);
  return value;
}

function checkFieldEnds(cursor: Cursor): void {
  if (cursor.i >= cursor.text.length) return;
  const c = cursor.text.charCodeAt(cursor.i);
  if (c === COMMA || c === LF || c === CR) return;
  throw new CsvError(
    cursor.source, cursor.line, cursor.i - cursor.lineStart + 1,
    'text after a closing quote',
    'a quote inside a quoted field must be doubled: ""',
  );
}

function checkUniqueNames(header: RawRecord, source: string): void {
  const firstField = new Map<string, number>();
  header.cells.forEach((name, field) => {
    const earlier = firstField.get(name);
    if (earlier !== undefined) {
      throw new CsvError(
        source, header.lines[field]!, header.columns[field]!,
        `duplicate column name ${quoted(name)} in fields ${earlier + 1} and ${field + 1}`,
      );
    }
    firstField.set(name, field);
  });
}

/** Checks every record's width and packs cell positions into flat arrays. */
function assembleTable(
  source: string, header: string[], records: RawRecord[], widthOwner: string,
): CsvTable {
  const width = header.length;
  const cellLines = new Int32Array(records.length * width);
  const cellColumns = new Int32Array(records.length * width);
  const rows: string[][] = new Array(records.length);
  records.forEach((record, r) => {
    checkWidth(source, record, width, widthOwner);
    cellLines.set(record.lines, r * width);
    cellColumns.set(record.columns, r * width);
    rows[r] = record.cells;
  });
  return { source, header, rows, cellLines, cellColumns };
}

function checkWidth(source: string, record: RawRecord, width: number, widthOwner: string): void {
  const count = record.cells.length;
  if (count === width) return;
  // Point at the first extra field, or at the end of a short row.
  const line = count > width ? record.lines[width]! : record.endLine;
  const column = count > width ? record.columns[width]! : record.endColumn;
  throw new CsvError(
    source, line, column,
    `line ${record.lines[0]} has ${count} fields; ${widthOwner} ${width}`,
  );
}
