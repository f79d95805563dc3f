// Trains a fresh tied autoencoder on `data` [rows, cols] and returns its loss per epoch,
// disposing of the model and the data tensor whatever happens.
import {
  TiedAutoencoder, tensor, train, type AutoencoderConfig, type Backend, type TrainOptions,
} from '../../src/index.js';

export async function trainLosses(data: ArrayLike<number>, shape: [number, number],
  config: AutoencoderConfig, opts: TrainOptions, backend?: Backend): Promise<number[]> {
  const x = tensor(data, shape, backend ? { backend } : {});
  const model = new TiedAutoencoder(config, x.gpu);
  try {
    const reports = await train(model, x, opts);
    return reports.map((r) => r.loss);
  } finally {
    model.dispose();
    x.dispose();
  }
}
