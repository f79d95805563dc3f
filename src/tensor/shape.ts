// Shapes and the checks every op runs before it allocates or encodes anything.
import { ShapeError, fmtShape } from './errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  return shape.reduce((n, d) => n * d, 1);
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function checkShape(op: string, shape: Shape): void {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`${op}: dimensions must be whole numbers >= 0; got ${fmtShape(shape)}`);
  }
}

export function requireSameShape(op: string, names: [string, string], a: Shape, b: Shape) {
  if (!sameShape(a, b)) {
    throw new ShapeError(`${op}: ${names[0]} and ${names[1]} must have the same shape; ` +
      `got ${names[0]} ${fmtShape(a)} and ${names[1]} ${fmtShape(b)}` +
      '\nhint: tapegrad does not broadcast; make the shapes equal first');
  }
}

export function requireRank(op: string, name: string, shape: Shape, rank: number): void {
  if (shape.length !== rank) {
    throw new ShapeError(`${op}: ${name} must be ${rank}-D; got ${name} ${fmtShape(shape)}`);
  }
}

export interface MatmulDims {
  M: number;
  K: number;
  N: number;
}

/** Sizes of C[M, N] = op(A)[M, K] · op(B)[K, N], where op transposes when its flag is set. */
export function matmulDims(a: Shape, b: Shape, transA: boolean, transB: boolean): MatmulDims {
  const flags = `transA=${transA}, transB=${transB}`;
  if (a.length !== 2 || b.length !== 2) {
    throw new ShapeError(`matmul: needs 2-D tensors; got a ${fmtShape(a)} and ` +
      `b ${fmtShape(b)} with ${flags}`);
  }
  const [M, Ka] = transA ? [a[1]!, a[0]!] : [a[0]!, a[1]!];
  const [Kb, N] = transB ? [b[1]!, b[0]!] : [b[0]!, b[1]!];
  if (Ka !== Kb) {
    throw new ShapeError(`matmul: inner sizes differ; got a ${fmtShape(a)} and ` +
      `b ${fmtShape(b)} with ${flags} (op(a) has ${Ka} columns, op(b) has ${Kb} rows)`);
  }
  return { M, K: Ka, N };
}
