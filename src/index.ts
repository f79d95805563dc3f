// tapegrad's public API.
import './autograd/tape.js'; // installs the tape as the ops' recorder

export { init, close, info, tensor, zeros, memory } from './tensor/runtime.js';
export type { RuntimeInfo, CreateOptions, Memory } from './tensor/runtime.js';
export { Tensor, scope, keep } from './tensor/tensor.js';
export type { Backend, TensorData } from './tensor/tensor.js';
export { noGrad } from './tensor/record.js';
export { matmul } from './tensor/ops/matmul.js';
export type { MatmulOptions } from './tensor/ops/matmul.js';
export { add, sub, mul, scale, copy, square, relu, tanh, sigmoid } from './tensor/ops/elementwise.js';
export { sum, mean, mse } from './tensor/ops/reduce.js';
export { gatherRows, rowIndex, RowIndex } from './tensor/ops/gather.js';
export { backward, clearTape, tapeEntries } from './autograd/tape.js';
export { Adam } from './optim/adam.js';
export type { AdamOptions, AdamState } from './optim/adam.js';
export { setDebug } from './tensor/debug.js';
export { TensorError, ShapeError, DeviceError, DeviceLostError } from './tensor/errors.js';
export { TiedAutoencoder, ACTIVATIONS } from './models/tied-autoencoder.js';
export type { AutoencoderConfig, Activation } from './models/tied-autoencoder.js';
export { train, NonFiniteError } from './models/train.js';
export type { TrainOptions, EpochReport, TrainPosition, TrainState } from './models/train.js';
export { Rng } from './models/random.js';
export { heNormal } from './models/init.js';
