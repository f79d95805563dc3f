// The tape rule of a user-defined op. The user's backward returns one gradient per
// input, made of other ops; this adapter checks them (count, type and shape, named
// after the op, before any is used) and hands each to the tape with emit(), adding
// it into a gradient the input already has (a tensor used twice) with addTo.
import { ShapeError, TensorError, fmtShape } from '../tensor/errors.js';
import { copy } from '../tensor/ops/elementwise.js';
import type { EntryBackward } from '../tensor/record.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor, scope } from '../tensor/tensor.js';
import type { GradInputs, OpAttrs } from './custom-op.js';

type UserBackward = (g: GradInputs) => (Tensor | null)[];

function checkGrads(op: string, names: readonly string[], inputs: Tensor[],
  grads: unknown): asserts grads is (Tensor | null)[] {
  if (!Array.isArray(grads) || grads.length !== inputs.length) {
    throw new TensorError(`${op} backward: must return one gradient (or null) per input, ` +
      `${inputs.length} (${names.join(', ')}); got ${Array.isArray(grads)
        ? `${grads.length} values` : typeof grads}`);
  }
  grads.forEach((g, k) => {
    if (g === null || g === undefined) return;
    if (!(g instanceof Tensor)) {
      throw new TensorError(`${op} backward: gradient ${k} (${names[k]}) must be a Tensor ` +
        `or null; got ${typeof g}`);
    }
    if (!sameShape(g.shape, inputs[k]!.shape)) {
      throw new ShapeError(`${op} backward: the gradient of ${names[k]} must have its shape ` +
        `${fmtShape(inputs[k]!.shape)}; got ${fmtShape(g.shape)}`);
    }
  });
}

export function customRule(op: string, names: readonly string[],
  backward: UserBackward): EntryBackward {
  return (dy, entry, emit) => {
    const needsGrad = entry.inputs.map((t) => t.requiresGrad);
    const attrs = entry.attrs as OpAttrs;
    const g = { dy, inputs: entry.inputs, output: entry.output, attrs, needsGrad };
    const grads = scope(() => backward(g)); // the backward's intermediates are freed
    checkGrads(op, names, entry.inputs, grads);
    // The tape keeps what emit returns; tensors it does not own (dy, the inputs, a
    // gradient already handed over) go in as copies.
    // NOTE: any other tensor is taken as the backward's own; one captured from outside
    // and returned as is would be owned, and later disposed, by the tape.
    const foreign = new Set<Tensor>([dy, entry.output, ...entry.inputs]);
    const handed = new Set<Tensor>();
    grads.forEach((grad, k) => {
      if (!grad || !needsGrad[k]) return;
      emit(k, (addTo) => {
        if (!addTo) {
          const owned = !foreign.has(grad) && !handed.has(grad);
          handed.add(grad);
          return owned ? grad : copy(grad);
        }
        const source = grad === addTo ? copy(grad) : grad; // x used twice by one call
        copy(source, { addTo });
        if (source !== grad) source.dispose();
        return addTo;
      });
    });
    for (const grad of new Set(grads)) {
      if (grad && !foreign.has(grad) && !handed.has(grad)) grad.dispose();
    }
  };
}
