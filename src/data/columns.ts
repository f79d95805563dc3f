// Reading whole columns out of a CsvTable: finding a column by name, turning its cells into
// numbers with errors that point at the bad cell, and cutting a table into row ranges.

import type { CsvTable } from './csv.js';
import { CsvError, PipelineError, listNames, quoted } from './errors.js';
import { NOT_A_NUMBER, parseNumber } from './number.js';

/** Index of the named column; throws PipelineError listing the names there are. */
export function columnIndex(table: CsvTable, name: string, role = 'column'): number {
  const field = table.header.indexOf(name);
  if (field < 0) {
    throw new PipelineError(
      table.source,
      `${role} ${quoted(name)} is not in the header; the columns are: ${listNames(table.header)}`,
    );
  }
  return field;
}

/** Line and column where a cell starts in the table's text. */
export function cellPosition(
  table: CsvTable, row: number, field: number,
): { line: number; column: number } {
  const at = row * table.header.length + field;
  return { line: table.cellLines[at]!, column: table.cellColumns[at]! };
}

/** A CsvError at the cell (row, field), its message naming the column. */
export function cellError(
  table: CsvTable, row: number, field: number, reason: string, hint?: string,
): CsvError {
  const { line, column } = cellPosition(table, row, field);
  const name = quoted(table.header[field]!);
  return new CsvError(table.source, line, column, `column ${name}: ${reason}`, hint);
}

/**
 * The cells of one column as float64 numbers, NaN where a cell is missing. (parseNumber
 * reads the text `NaN` as missing too, so NaN here never means anything else.)
 * Throws CsvError at the first cell that is not a number.
 */
export function readNumericColumn(table: CsvTable, field: number): Float64Array {
  const values = new Float64Array(table.rows.length);
  for (let r = 0; r < values.length; r++) {
    const cell = table.rows[r]![field]!;
    const parsed = parseNumber(cell);
    if (parsed === NOT_A_NUMBER) {
      const name = quoted(table.header[field]!);
      throw cellError(
        table, r, field, `${quoted(cell)} is not a number`,
        `if ${name} holds categories, list it as categorical (--categorical on the CLI)`,
      );
    }
    values[r] = parsed === null ? NaN : parsed;
  }
  return values;
}

/** The named columns as numbers (NaN = missing), in the order of `names`. */
export function toNumericColumns(table: CsvTable, names: readonly string[]): Float64Array[] {
  return names.map((name) => readNumericColumn(table, columnIndex(table, name)));
}

/** Rows [start, end) of a table, keeping each cell's position in the original text. */
export function sliceRows(table: CsvTable, start: number, end: number): CsvTable {
  const width = table.header.length;
  return {
    source: table.source,
    header: table.header,
    rows: table.rows.slice(start, end),
    cellLines: table.cellLines.slice(start * width, end * width),
    cellColumns: table.cellColumns.slice(start * width, end * width),
  };
}
