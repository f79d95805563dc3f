// A model.json (from this page or from `tapegrad train` / `tapegrad digits`) applied to
// the chosen data, as `tapegrad encode` applies it: the file's own fitted pipeline turns
// the CSV's rows into inputs, so the codes match the command line's.
import {
  ModelFileError, TiedAutoencoder, init, modelFromJSON, tensor, transform,
  type ModelContents,
} from '../src/index.js';
import type { Dataset } from './dataset.js';
import { describeModel, type ModelResult } from './model-result.js';

// The data as the model's inputs: through its pipeline, or as given when it has none.
function modelInputs(source: string, data: Dataset, saved: ModelContents): Dataset {
  if (saved.pipeline) {
    if (!data.table) {
      throw new ModelFileError(`${source}: this model was trained on a CSV (it has a fitted ` +
        `pipeline), but the page holds ${data.name}\nhint: choose the CSV to encode first`);
    }
    const encoded = transform(saved.pipeline, data.table);
    return { ...data, inputs: encoded.data, cols: encoded.cols, columns: encoded.columns,
      target: encoded.target, targetName: saved.pipeline.config.target,
      pipeline: saved.pipeline };
  }
  if (data.kind !== 'digits') {
    // NOTE: `tapegrad encode` also applies a pipeline-less model to a CSV's raw numbers;
    // the page only pairs such a model (from `tapegrad digits`) with the built-in digits.
    throw new ModelFileError(`${source}: this model has no fitted pipeline, so it takes ` +
      'the digits as given\nhint: choose "Use the built-in digits" first');
  }
  return { ...data, pipeline: null };
}

/** Parses `text` (the file `source`) and encodes `data` with it, as the model sees it. */
export async function encodeWithModel(text: string, source: string,
  data: Dataset | null): Promise<{ result: ModelResult; inputs: Dataset }> {
  const saved = modelFromJSON(text, source);
  if (!data) {
    throw new ModelFileError(`${source}: choose the data to encode first (a CSV, or the ` +
      'digits), then load the model');
  }
  const inputs = modelInputs(source, data, saved);
  const width = saved.config.layers[0]!;
  if (inputs.cols !== width) {
    throw new ModelFileError(`${source}: the model takes ${width} columns; ${data.name} ` +
      `gives ${inputs.cols}`);
  }
  await init();
  const x = tensor(inputs.inputs, [inputs.rows, width], { name: 'data' });
  const model = new TiedAutoencoder(saved.config, x.gpu, saved.weights);
  try {
    const result = await describeModel(model, x, inputs, 1000, saved); // encode's batch
    return { result, inputs };
  } finally {
    x.dispose();
    model.dispose();
  }
}
