// Checks shared by every op: operands usable, on one device; in-place targets sane.
import { ShapeError, TensorError, fmtShape } from '../errors.js';
import type { Gpu } from '../gpu.js';
import { isRecording } from '../record.js';
import { sameShape, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';

/** Throws, naming the op and the argument, when an operand is not a Tensor (say an array). */
export function requireTensors(op: string, operands: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(operands)) {
    if (value === undefined && name === 'addTo') continue;
    if (!(value instanceof Tensor)) {
      const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
      throw new TensorError(`${op}: ${name} must be a Tensor; got ${got}` +
        '\nhint: make one with tensor(values, shape)');
    }
  }
}

/** The device all `tensors` live on (null: the cpu backend). */
export function commonDevice(op: string, tensors: Tensor[]): Gpu | null {
  for (const t of tensors) t.assertUsable(op);
  const gpu = tensors[0]?.gpu ?? null;
  const stray = tensors.find((t) => t.gpu !== gpu);
  if (stray) {
    throw new TensorError(`${op}: operands live on different devices; got ${tensors[0]} on ` +
      `${tensors[0]!.backend} and ${stray} on ${stray.backend}` +
      (stray.backend === tensors[0]!.backend ? ' (another device instance)' : ''));
  }
  return gpu;
}

/**
 * Checks an `addTo` target: the op's output shape, none of the op's operands (a kernel
 * cannot read and write one buffer), and not something the tape tracks.
 */
export function checkAddTo(op: string, addTo: Tensor, shape: Shape, operands: Tensor[]): void {
  if (!sameShape(addTo.shape, shape)) {
    throw new ShapeError(`${op}: addTo must have the result's shape ${fmtShape(shape)}; ` +
      `got addTo ${fmtShape(addTo.shape)}`);
  }
  if (operands.includes(addTo)) {
    throw new TensorError(`${op}: addTo ${addTo} is also an operand; an op cannot read and ` +
      'write one tensor\nhint: add into a copy(), or compute into a new tensor and add()');
  }
  if (addTo.requiresGrad && isRecording()) {
    throw new TensorError(`${op}: addTo writes ${addTo} in place, which the tape cannot ` +
      'record\nhint: use it inside noGrad(), or add the tensors with add()');
  }
}
