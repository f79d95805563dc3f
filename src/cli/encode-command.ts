// tapegrad encode: a trained model.json applied to a CSV, codes written to a file.
import { readFileSync } from 'node:fs';
import { readNumericColumn } from '../data/columns.js';
import { transform } from '../data/pipeline.js';
import { readCsvFile } from '../data/read-file.js';
import { PipelineError } from '../data/errors.js';
import { modelFromJSON } from '../models/model-file.js';
import { TiedAutoencoder } from '../models/tied-autoencoder.js';
import { init, tensor } from '../tensor/runtime.js';
import type { CsvTable } from '../data/csv.js';
import type { EncodeArgs } from './args.js';
import { codesCsv, writeFileWhole } from './outputs.js';
import { checkInputFile, checkOutputFile } from './paths.js';

// A model trained without a pipeline (the digits) takes every column as given.
function rawInputs(table: CsvTable): Float32Array {
  const cols = table.header.length;
  const data = new Float32Array(table.rows.length * cols);
  for (let j = 0; j < cols; j++) {
    const column = readNumericColumn(table, j);
    column.forEach((v, r) => {
      if (Number.isNaN(v)) {
        throw new PipelineError(table.source, `row ${r + 1}, column ${table.header[j]} is ` +
          'empty; this model has no pipeline to fill it');
      }
      data[r * cols + j] = v;
    });
  }
  return data;
}

export async function encodeCommand(a: EncodeArgs): Promise<void> {
  checkInputFile('--model', a.model);
  checkInputFile('--data', a.data);
  checkOutputFile('--out', a.out, [a.model, a.data]);
  const saved = modelFromJSON(readFileSync(a.model, 'utf8'), a.model);
  const table = readCsvFile(a.data);
  const encoded = saved.pipeline ? transform(saved.pipeline, table) : null;
  const inputs = encoded ? encoded.data : rawInputs(table);
  const width = saved.config.layers[0]!;
  const rows = table.rows.length;
  if (inputs.length !== rows * width) {
    throw new PipelineError(a.data, `gives ${inputs.length / Math.max(rows, 1)} columns per ` +
      `row; the model takes ${width}`);
  }
  console.log(`adapter: ${(await init()).adapter}`);
  const x = tensor(inputs, [rows, width], { name: 'data' });
  const model = new TiedAutoencoder(saved.config, x.gpu, saved.weights);
  const codes = await model.codes(x);
  const targetName = saved.pipeline?.config.target ?? null;
  writeFileWhole(a.out, codesCsv(codes, model.codeWidth, encoded?.target ?? null, targetName));
  console.log(`wrote ${a.out} (${rows} codes of width ${model.codeWidth})`);
  x.dispose();
  model.dispose();
}
