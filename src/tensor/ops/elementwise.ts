// Elementwise ops: one `map` kernel per expression (see src/shaders/elementwise.ts).
import {
  mapGrid, mapInvocations, mapLabel, mapOperands, mapWgsl, type MapName,
} from '../../shaders/elementwise.js';
import { ShapeError, fmtShape } from '../errors.js';
import type { Gpu } from '../gpu.js';
import { record } from '../record.js';
import { mapRef } from '../reference.js';
import { requireSameShape, type Shape } from '../shape.js';
import { emptyTensor, type Tensor } from '../tensor.js';
import { checkAddTo, commonDevice, requireTensors } from './operands.js';

export interface InPlaceOption {
  /** Add the result into this tensor instead of making a new one. */
  addTo?: Tensor;
}

interface MapOperands {
  a?: Tensor;
  b?: Tensor;
  d?: Tensor;
  /** A one-element tensor broadcast to every element. */
  s?: Tensor;
}

/** Runs the `map` expression `name` over `shape`; no recording. */
export function mapExpression(op: string, name: MapName, x: MapOperands, shape: Shape,
  c = 0, addTo?: Tensor): Tensor {
  const arrays = mapOperands(name).arrays.map((k) => x[k as 'a' | 'b' | 'd']!);
  for (const t of arrays) requireSameShape(op, ['result', 'operand'], shape, t.shape);
  if (x.s && x.s.size !== 1) {
    throw new ShapeError(`${op}: the gradient must have one element; got ${fmtShape(x.s.shape)}`);
  }
  const operands = x.s ? [...arrays, x.s] : arrays;
  const gpu = commonDevice(op, addTo ? [...operands, addTo] : operands);
  if (addTo) checkAddTo(op, addTo, shape, operands);

  const out = addTo ?? emptyTensor(shape, gpu, op);

  if (gpu) encodeMap(gpu, name, operands, out, c, !!addTo);
  else {
    const values = { a: x.a?.data, b: x.b?.data, d: x.d?.data, s: x.s?.data[0] };
    mapRef(name, values, c, out.data, !!addTo);
  }
  return out;
}

function encodeMap(gpu: Gpu, name: MapName, operands: Tensor[], out: Tensor, c: number,
  accumulate: boolean): void {
  if (out.size === 0) return;
  const variant = { name, accumulate };
  const label = mapLabel(variant);
  const kernel = gpu.compile(label, () => mapWgsl(variant));
  const params = new Uint32Array(2);
  params[0] = mapInvocations(out.size);
  new Float32Array(params.buffer, 4, 1)[0] = c;
  const buffers = [gpu.uniform(params), ...operands.map((t) => t.buffer), out.buffer];
  gpu.dispatch(kernel, buffers, mapGrid(out.size), label);
}

function unary(name: MapName, x: Tensor, c = 0, opts: InPlaceOption = {}): Tensor {
  requireTensors(name, { x, addTo: opts.addTo });
  const out = mapExpression(name, name, { a: x }, x.shape, c, opts.addTo);
  if (!opts.addTo) record(name, [x], out, { c });
  return out;
}

function binary(name: MapName, a: Tensor, b: Tensor, opts: InPlaceOption = {}): Tensor {
  requireTensors(name, { a, b, addTo: opts.addTo });
  requireSameShape(name, ['a', 'b'], a.shape, b.shape);
  const out = mapExpression(name, name, { a, b }, a.shape, 0, opts.addTo);
  if (!opts.addTo) record(name, [a, b], out);
  return out;
}

// a, b: [...S] -> [...S]
export const add = (a: Tensor, b: Tensor, opts?: InPlaceOption) => binary('add', a, b, opts);
export const sub = (a: Tensor, b: Tensor, opts?: InPlaceOption) => binary('sub', a, b, opts);
export const mul = (a: Tensor, b: Tensor, opts?: InPlaceOption) => binary('mul', a, b, opts);

// x: [...S] -> [...S]
export const scale = (x: Tensor, c: number, opts?: InPlaceOption) => unary('scale', x, c, opts);
export const copy = (x: Tensor, opts?: InPlaceOption) => unary('copy', x, 0, opts);
export const square = (x: Tensor, opts?: InPlaceOption) => unary('square', x, 0, opts);
export const relu = (x: Tensor, opts?: InPlaceOption) => unary('relu', x, 0, opts);
export const tanh = (x: Tensor, opts?: InPlaceOption) => unary('tanh', x, 0, opts);
export const sigmoid = (x: Tensor, opts?: InPlaceOption) => unary('sigmoid', x, 0, opts);
