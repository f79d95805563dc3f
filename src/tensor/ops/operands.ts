// Checks shared by every op: operands usable, on one device; in-place targets sane.
import { ShapeError, TensorError, fmtShape } from '../errors.js';
import type { Gpu } from '../gpu.js';
import { isRecording } from '../record.js';
import { sameShape, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

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

/** Checks an `addTo` target: the op's output shape, and not something the tape tracks. */
export function checkAddTo(op: string, addTo: Tensor, shape: Shape): void {
  if (!sameShape(addTo.shape, shape)) {
    throw new ShapeError(`${op}: addTo must have the result's shape ${fmtShape(shape)}; ` +
      `got addTo ${fmtShape(addTo.shape)}`);
  }
  if (addTo.requiresGrad && isRecording()) {
    throw new TensorError(`${op}: addTo writes ${addTo} in place, which the tape cannot ` +
      'record\nhint: use it inside noGrad(), or add the tensors with add()');
  }
}
