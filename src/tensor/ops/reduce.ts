// Reductions to one value: sum, mean, and the fused mean-squared error.
import {
  REDUCE_PARTS, reduceFinalLabel, reduceFinalWgsl, reducePartialGrid, reducePartialLabel,
  reducePartialWgsl, reducePer, type ReduceVariant,
} from '../../shaders/reduce.js';
import { ShapeError, fmtShape } from '../errors.js';
import type { Gpu } from '../gpu.js';
import { record, willRecord } from '../record.js';
import { reduceRef } from '../reference.js';
import { requireSameShape } from '../shape.js';
import { emptyTensor, keep, type Tensor } from '../tensor.js';
import { checkAddTo, commonDevice, requireTensors } from './operands.js';
import type { InPlaceOption } from './elementwise.js';

function reduce(op: string, f: ReduceVariant['f'], a: Tensor, b: Tensor | null, c: number,
  addTo?: Tensor, grad?: Tensor): Tensor {
  const operands = b ? [a, b] : [a];
  const gpu = commonDevice(op, addTo ? [...operands, addTo] : operands);
  if (addTo) checkAddTo(op, addTo, [], operands);

  const out = addTo ?? emptyTensor([], gpu, op);

  if (gpu) encodeReduce(gpu, { f }, operands, out, a.size, c, !!addTo, grad);
  else {
    const value = reduceRef(a.data, b ? b.data : null, c, grad?.data);
    out.data[0] = addTo ? out.data[0]! + value : value;
  }
  return out;
}

// sqdiff_grad also writes grad = 2c·(a − b), c = 1/n: mse's gradient.
function encodeReduce(gpu: Gpu, v: ReduceVariant, operands: Tensor[], out: Tensor, n: number,
  c: number, accumulate: boolean, grad?: Tensor): void {
  const parts = emptyTensor([REDUCE_PARTS], gpu, 'reduce parts');
  const partial = gpu.compile(reducePartialLabel(v), () => reducePartialWgsl(v));
  const words = new Uint32Array(grad ? 3 : 2);
  words.set([n, reducePer(n)]);
  if (grad) new Float32Array(words.buffer)[2] = 2 * c;
  gpu.dispatch(partial, [gpu.uniform(words), ...operands.map((t) => t.buffer), parts.buffer,
    ...(grad ? [grad.buffer] : [])], reducePartialGrid(), reducePartialLabel(v));
  const label = reduceFinalLabel(accumulate);
  const final = gpu.compile(label, () => reduceFinalWgsl(accumulate));
  // An empty input still writes c·0 = 0: the partial sums of no elements are 0.
  gpu.dispatch(final, [gpu.uniform(new Float32Array([c])), parts.buffer, out.buffer], [1], label);
  parts.dispose(); // back to the pool; later work on it is ordered after these dispatches
}

// x: [...S] -> []
export function sum(x: Tensor, opts: InPlaceOption = {}): Tensor {
  requireTensors('sum', { x, addTo: opts.addTo });
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
  requireTensors('mean', { x, addTo: opts.addTo });
  requireElements('mean', x);
  const out = reduce('mean', 'sum', x, null, 1 / x.size, opts.addTo);
  if (!opts.addTo) record('mean', [x], out);
  return out;
}

// pred, target: [...S] -> []: mean over all elements of (pred − target)²
// When it goes on the tape, the same pass writes its gradient 2(pred − target)/n (one
// read of pred and target, not two), which the tape keeps for the backward rule
// (rules.ts) and disposes when it clears; so the gradient is that of the values mse saw.
export function mse(pred: Tensor, target: Tensor, opts: InPlaceOption = {}): Tensor {
  requireTensors('mse', { pred, target, addTo: opts.addTo });
  requireSameShape('mse', ['pred', 'target'], pred.shape, target.shape);
  requireElements('mse', pred);
  commonDevice('mse', [pred, target]); // before the gradient exists: a refusal leaks nothing
  const recorded = !opts.addTo && willRecord([pred, target]);
  const grad = recorded ? keep(emptyTensor(pred.shape, pred.gpu, 'mse gradient')) : undefined;
  const out = reduce('mse', grad ? 'sqdiff_grad' : 'sqdiff', pred, target, 1 / pred.size,
    opts.addTo, grad);
  if (grad) record('mse', [pred, target], out, {}, undefined, [grad]);
  return out;
}
