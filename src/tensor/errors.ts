// Typed errors. User mistakes throw ShapeError / TensorError with messages worded
// `op: requirement; got values`; broken invariants of our own say `internal:`.

export class TensorError extends Error {
  override name = 'TensorError';
}

export class ShapeError extends TensorError {
  override name = 'ShapeError';
}

export class DeviceError extends Error {
  override name = 'DeviceError';
}

export class DeviceLostError extends DeviceError {
  override name = 'DeviceLostError';
}

export function internal(message: string): Error {
  return new Error(`internal: ${message}`);
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
