// The column pipeline on generated tables and configs: a column named twice, columns
// that are not there, a categorical column of numbers, a missing target, NaN and empty
// cells, numbers at the edge of float64. Each run either encodes every row into finite
// values inside the range, or throws one CsvError or PipelineError naming the file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { CsvError, PipelineError } from '../../src/data/errors.js';
import { fitTransform } from '../../src/data/pipeline.js';
import type { PipelineConfig } from '../../src/data/pipeline-config.js';
import { pipelineFromJSON, pipelineToJSON } from '../../src/data/pipeline-json.js';
import { expectOneClearError, FUZZ } from './fuzz-helpers.js';

const NAMES = ['a', 'b', 'c', 'ID', 'label', 'two\nlines', 'n'.repeat(90), ''];
const CELLS = ['1', '-3.5', '0', '5e+05', '1e308', '-1e308', '1e-320', '', ' ', 'NaN', 'nan',
  'x', 'M', '1,000', 'Infinity', '0x10', '9'.repeat(400), '\u0000'];
// Numbers only, near the float64 limits among them: these must always encode.
const NUMBERS = ['1', '-3.5', '0', '1e308', '-1e308', '1.7976931348623157e308',
  '-1.7976931348623157e308', '1e-320', '', 'NaN'];

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

const scenario = fc.record({
  header: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 }),
  cells: fc.array(fc.constantFrom(...CELLS), { maxLength: 40 }),
  rows: fc.integer({ min: 0, max: 8 }),
  drop: fc.subarray([...NAMES, 'nope']),
  categorical: fc.subarray([...NAMES, 'nope']),
  target: fc.option(fc.constantFrom(...NAMES, 'nope')),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function csvText(s: Scenario): string {
  const lines = [s.header.map(quote).join(',')];
  for (let r = 0; r < s.rows; r++) {
    const row = s.header.map((_, f) => s.cells[(r * s.header.length + f) % s.cells.length] ?? '');
    lines.push(row.map(quote).join(','));
  }
  return lines.join('\n') + '\n';
}

function run(text: string, config: PipelineConfig): void {
  try {
    const { encoded } = fitTransform(parseCsv(text, { source: 'gen.csv' }), config);
    expect(encoded.data).toHaveLength(encoded.rows * encoded.cols);
    for (const v of encoded.data) {
      expect(Number.isFinite(v)).toBe(true);
      expect(Math.abs(v)).toBeLessThanOrEqual(2 + 1e-6); // the default range [-2, 2]
    }
  } catch (e) {
    if (!(e instanceof CsvError || e instanceof PipelineError)) throw e;
    expectOneClearError(e.message, 'gen.csv');
  }
}

describe('fitTransform on generated tables and configs', () => {
  it('encodes into finite values in range, or gives one clear error naming the file', () => {
    fc.assert(fc.property(scenario, (s) => run(csvText(s), {
      drop: s.drop, categorical: s.categorical, target: s.target,
    })), FUZZ);
  });

  it('encodes every table of numbers and missing cells, even near the float64 limits', () => {
    const table = fc.array(fc.array(fc.constantFrom(...NUMBERS), { minLength: 3, maxLength: 3 }),
      { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(table, (rows) => {
      const text = `a,b,c\n${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`;
      const { fitted } = fitTransform(parseCsv(text, { source: 'gen.csv' }), {});
      run(text, {});
      // what a model.json stores must read back (NaN and Infinity would become null)
      const saved = JSON.parse(JSON.stringify(pipelineToJSON(fitted)));
      expect(pipelineFromJSON(saved, 'model.json')).toEqual(fitted);
    }), FUZZ);
  });
});

describe('bad tables and configs, case by case', () => {
  const fail = (text: string, config: PipelineConfig, message: string | RegExp) => {
    const go = () => fitTransform(parseCsv(text, { source: 'gen.csv' }), config);
    expect(go).toThrow(message);
    run(text, config);
  };

  it('names a column named twice, even one with a line break in its name', () => {
    fail('"a\nb","a\nb"\n1,2\n', {},
      'gen.csv:2:4: duplicate column name "a\\nb" in fields 1 and 2');
  });

  it('names a missing target column, listing at most 20 of the columns there are', () => {
    const header = Array.from({ length: 30 }, (_, i) => `c${i}`).join(',');
    fail(`${header}\n${'1,'.repeat(29)}1\n`, { target: 'label' },
      new RegExp('^gen\\.csv: target column "label" is not in the header; the columns are: ' +
        '"c0", .*"c19", … \\(30 in all\\)$'));
  });

  it('names a target cell that is missing', () => {
    fail('x,label\n1,0\n2,\n', { target: 'label' },
      'gen.csv:3:3: column "label": the target is missing');
  });

  it('cuts a huge cell short in the message', () => {
    fail(`a\n1\n${'7'.repeat(5000)}x\n`, {},
      `gen.csv:3:1: column "a": "${'7'.repeat(40)}"… (5001 characters) is not a number`);
  });

  it('one-hot encodes a categorical column of numbers by value', () => {
    const text = 'n,k\n1,2\n2,2.0\n3,10\n4,\n';
    const { encoded } = fitTransform(parseCsv(text, { source: 'gen.csv' }), { categorical: ['k'] });
    expect(encoded.columns).toEqual(['n', 'k=2', 'k=10']);
    expect(Array.from(encoded.data)).toEqual([-2, 1, 0, -2 + 4 / 3, 1, 0, 2 - 4 / 3, 0, 1, 2, 0, 0]
      .map(Math.fround));
  });

  it('treats NaN and empty cells as missing: they take the column mean', () => {
    const text = 'x,y\n0,NaN\n2,1\n4,\n';
    const { encoded, fitted } = fitTransform(parseCsv(text, { source: 'gen.csv' }), {});
    expect(fitted.columns[1]).toMatchObject({ mean: 1, min: 1, max: 1 });
    expect(Array.from(encoded.data)).toEqual([-2, -2, 0, -2, 2, -2]);
  });
});
