// One backward rule per op. A rule gets the incoming gradient dy and the tape entry,
// and emits each input's gradient through `emit(k, make)`: `make(addTo)` computes dx
// and, when the input already has a gradient, adds into it in place (addTo). So a
// tensor used twice, like a tied weight, sums its contributions without extra passes.
import { matmul } from '../tensor/ops/matmul.js';
import { copy, mapExpression, mul, scale } from '../tensor/ops/elementwise.js';
import type { MapName } from '../shaders/elementwise.js';
import { unitGradients, type TapeEntry } from '../tensor/record.js';
import type { Tensor } from '../tensor/tensor.js';

export type Emit = (input: number, make: (addTo?: Tensor) => Tensor) => void;
export type BackwardRule = (dy: Tensor, entry: TapeEntry, emit: Emit) => void;

// y = f(x): dx = f'(x, y) · dy, one map kernel
function activation(grad: MapName): BackwardRule {
  return (dy, { op, inputs: [x], output: y }, emit) =>
    emit(0, (addTo) => mapExpression(`${op} backward`, grad, { a: x, b: y, d: dy },
      x!.shape, 0, addTo));
}

// y = c · Σx: dx = c · dy everywhere
function spread(c: (x: Tensor) => number): BackwardRule {
  return (dy, { op, inputs: [x] }, emit) =>
    emit(0, (addTo) => mapExpression(`${op} backward`, 'fill', { s: dy }, x!.shape, c(x!), addTo));
}

export const RULES: Record<string, BackwardRule> = {
  // C = op(A)·op(B): d op(A) = dC·op(B)ᵀ and d op(B) = op(A)ᵀ·dC, as flags, never copies.
  matmul: (dy, { inputs: [a, b], attrs: { transA, transB } }, emit) => {
    const tA = !!transA;
    const tB = !!transB;
    emit(0, (addTo) => tA
      ? matmul(b!, dy, { transA: tB, transB: true, addTo })
      : matmul(dy, b!, { transB: !tB, addTo }));
    emit(1, (addTo) => tB
      ? matmul(dy, a!, { transA: true, transB: tA, addTo })
      : matmul(a!, dy, { transA: !tA, addTo }));
  },
  add: (dy, _e, emit) => {
    emit(0, (addTo) => copy(dy, { addTo }));
    emit(1, (addTo) => copy(dy, { addTo }));
  },
  sub: (dy, _e, emit) => {
    emit(0, (addTo) => copy(dy, { addTo }));
    emit(1, (addTo) => scale(dy, -1, { addTo }));
  },
  mul: (dy, { inputs: [a, b] }, emit) => {
    emit(0, (addTo) => mul(dy, b!, { addTo }));
    emit(1, (addTo) => mul(dy, a!, { addTo }));
  },
  copy: (dy, _e, emit) => emit(0, (addTo) => copy(dy, { addTo })),
  scale: (dy, { attrs: { c } }, emit) => emit(0, (addTo) => scale(dy, Number(c), { addTo })),
  square: activation('square_grad'),
  relu: activation('relu_grad'),
  tanh: activation('tanh_grad'),
  sigmoid: activation('sigmoid_grad'),
  sum: spread(() => 1),
  mean: spread((x) => 1 / x.size),
  // L = Σ(p − t)²/n: dp = 2(p − t)/n · dy and dt = −dp. The forward pass saved
  // g = 2(p − t)/n: dp is g itself when dy is backward's seed 1 (and p is not also t,
  // whose −g must then be added into dp), else g · dy.
  mse: (dy, { inputs: [p, t], saved }, emit) => {
    const g = saved![0]!;
    emit(0, (addTo) => !addTo && unitGradients.has(dy) && p !== t ? g
      : mapExpression('mse backward', 'scale_by', { a: g, s: dy }, p!.shape, 1, addTo));
    emit(1, (addTo) =>
      mapExpression('mse backward', 'scale_by', { a: g, s: dy }, p!.shape, -1, addTo));
  },
};
