// tapegrad's public API.
import './autograd/tape.js'; // installs the tape as the ops' recorder

export { init, close, info, tensor, zeros, memory } from './tensor/runtime.js';
export type { RuntimeInfo, CreateOptions, Memory } from './tensor/runtime.js';
export { Tensor, scope, keep } from './tensor/tensor.js';
export type { Backend, TensorData } from './tensor/tensor.js';
export { noGrad } from './tensor/record.js';
export { matmul } from './tensor/ops/matmul.js';
export type { MatmulOptions } from './tensor/ops/matmul.js';
export {
  add, sub, mul, scale, copy, square, relu, tanh, sigmoid,
} from './tensor/ops/elementwise.js';
export { sum, mean, mse } from './tensor/ops/reduce.js';
export { gatherRows, rowIndex, RowIndex } from './tensor/ops/gather.js';
export { backward, clearTape, tapeEntries } from './autograd/tape.js';
export type { TapeEntry } from './tensor/record.js';
export { defineOp, WgslError } from './autograd/custom-op.js';
export type { OpSpec, CustomOp, OpAttrs, GradInputs } from './autograd/custom-op.js';
export { gradcheck } from './autograd/gradcheck.js';
export type { GradcheckOptions, GradcheckReport, GradcheckWorst } from './autograd/gradcheck.js';
export { formatTape } from './autograd/print-tape.js';
export { setNanCheck, NonFiniteError } from './tensor/nan-check.js';
export type { Shape } from './tensor/shape.js';
export { Adam } from './optim/adam.js';
export type { AdamOptions, AdamState } from './optim/adam.js';
export { setDebug } from './tensor/debug.js';
export { joinDigits, DIGIT_PIXELS, type Digits } from './data/digits.js';
export { TensorError, ShapeError, DeviceError, DeviceLostError } from './tensor/errors.js';
export { TiedAutoencoder, ACTIVATIONS, CHAIN_ORDERS } from './models/tied-autoencoder.js';
export type {
  AutoencoderConfig, Activation, ActivationFn, ChainOrder,
} from './models/tied-autoencoder.js';
export { train, NonFiniteLossError } from './models/train.js';
export type {
  TrainOptions, EpochReport, TrainPosition, TrainState, RunSettings,
} from './models/train.js';
export { Rng } from './models/random.js';
export { heNormal } from './models/init.js';
// Data, model file and codes: pure text in, text out, so a browser page gets the very
// same CSV reader, pipeline and file formats as the command line.
export * from './data/index.js';
export { modelFromJSON, modelToJSON, ModelFileError, MODEL_FORMAT, MODEL_VERSION }
  from './models/model-file.js';
export type { ModelContents, TrainingRecord } from './models/model-file.js';
export { codesCsv, f32Text } from './models/codes-csv.js';
