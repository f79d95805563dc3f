import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { CsvError, PipelineError } from '../../src/data/errors.js';
import { fitPipeline, transform } from '../../src/data/pipeline.js';

const csv = (text: string) => parseCsv(text, { source: 'data.csv' });
const table = csv('id,age,sex,label\n1,30,m,0\n2,41,f,1\n');

describe('fitPipeline refuses a config that does not fit the table', () => {
  it('names an unknown column and lists the ones there are', () => {
    expect(() => fitPipeline(table, { categorical: ['SEX'] })).toThrow(
      'data.csv: categorical column "SEX" is not in the header; '
        + 'the columns are: "id", "age", "sex", "label"',
    );
  });

  it('refuses a target that is also categorical or dropped', () => {
    const both = { target: 'label', categorical: ['sex', 'label'] };
    expect(() => fitPipeline(table, both)).toThrow(
      'data.csv: column "label" is both the target and categorical',
    );
    expect(() => fitPipeline(table, { target: 'label', drop: ['label'] })).toThrow(PipelineError);
  });

  it('refuses a range that is empty or reversed', () => {
    expect(() => fitPipeline(table, { drop: ['sex'], range: [1, 1] })).toThrow(/range must be/);
  });

  it('refuses to fit on zero data rows', () => {
    expect(() => fitPipeline(csv('a,b\n'), {})).toThrow('data.csv: no data rows');
  });
});

describe('cell errors point at the file, line, column and name the column', () => {
  it('names a non-numeric cell in a numeric column and hints at categorical', () => {
    let error: unknown;
    try {
      fitPipeline(table, { target: 'label' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).message).toBe(
      'data.csv:2:6: column "sex": "m" is not a number\n'
        + 'hint: if "sex" holds categories, list it as categorical (--categorical on the CLI)',
    );
  });

  it('names a missing target cell', () => {
    const noLabel = csv('x,label\n1,0\n2,\n');
    expect(() => fitPipeline(noLabel, { target: 'label' })).toThrow(
      'data.csv:3:3: column "label": the target is missing',
    );
  });

  it('names a non-numeric cell met only when transforming new rows', () => {
    const fitted = fitPipeline(csv('x\n1\n2\n'), {});
    const fresh = parseCsv('x\n3\n"1,000"\n', { source: 'new.csv' });
    expect(() => transform(fitted, fresh)).toThrow(
      'new.csv:3:1: column "x": "1,000" is not a number',
    );
  });

  it('needs every fitted column in a table to transform', () => {
    const fitted = fitPipeline(csv('x,y\n1,2\n'), {});
    expect(() => transform(fitted, csv('x\n1\n'))).toThrow(
      'data.csv: fitted column "y" is not in the header; the columns are: "x"',
    );
  });
});
