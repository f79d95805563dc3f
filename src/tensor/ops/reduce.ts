// Reductions to one value: sum, mean, and the fused mean-squared error.
import { reduceLabel, reduceWgsl, type ReduceVariant } from '../../shaders/reduce.js';
import { ShapeError, fmtShape } from '../errors.js';
import type { Gpu } from '../gpu.js';
import { record } from '../record.js';
import { reduceRef } from '../reference.js';
import { requireSameShape } from '../shape.js';
import { emptyTensor, type Tensor } from '../tensor.js';
import { checkAddTo, commonDevice } from './operands.js';
import type { InPlaceOption } from './elementwise.js';

function reduce(op: string, f: ReduceVariant['f'], a: Tensor, b: Tensor | null, c: number,
  addTo?: Tensor): Tensor {
  const operands = b ? [a, b] : [a];
  const gpu = commonDevice(op, addTo ? [...operands, addTo] : operands);
  if (addTo) checkAddTo(op, addTo, [], operands);

  const out = addTo ?? emptyTensor([], gpu, op);

  if (gpu) encodeReduce(gpu, { f, accumulate: !!addTo }, operands, out, a.size, c);
  else {
    const value = reduceRef(a.data, b ? b.data : null, c);
    out.data[0] = addTo ? out.data[0]! + value : value;
  }
  return out;
}

function encodeReduce(gpu: Gpu, v: ReduceVariant, operands: Tensor[], out: Tensor, n: number,
  c: number): void {
  const label = reduceLabel(v);
  const kernel = gpu.compile(label, () => reduceWgsl(v));
  const params = new Uint32Array(2);
  params[0] = n;
  new Float32Array(params.buffer, 4, 1)[0] = c;
  const buffers = [gpu.uniform(params), ...operands.map((t) => t.buffer), out.buffer];
  gpu.dispatch(kernel, buffers, [1], label); // an empty input still writes c·0 = 0
}

// x: [...S] -> []
export function sum(x: Tensor, opts: InPlaceOption = {}): Tensor {
  const out = reduce('sum', 'sum', x, null, 1, opts.addTo);
  if (!opts.addTo) record('sum', [x], out);
  return out;
}

function requireElements(op: string, x: Tensor): void {
  if (x.size === 0) {
    throw new ShapeError(`${op}: needs at least one element; got shape ${fmtShape(x.shape)}`);
  }
}

// x: [...S] -> []
export function mean(x: Tensor, opts: InPlaceOption = {}): Tensor {
  requireElements('mean', x);
  const out = reduce('mean', 'sum', x, null, 1 / x.size, opts.addTo);
  if (!opts.addTo) record('mean', [x], out);
  return out;
}

// pred, target: [...S] -> []: mean over all elements of (pred − target)²
export function mse(pred: Tensor, target: Tensor, opts: InPlaceOption = {}): Tensor {
  requireSameShape('mse', ['pred', 'target'], pred.shape, target.shape);
  requireElements('mse', pred);
  const out = reduce('mse', 'sqdiff', pred, target, 1 / pred.size, opts.addTo);
  if (!opts.addTo) record('mse', [pred, target], out);
  return out;
}
