// Custom ops shared by the test files: softplus (with a CPU version and a WGSL
// backward kernel), the same without a CPU version, and helpers.
import { defineOp, type CustomOp } from '../../src/index.js';

export interface Softplus {
  softplus: CustomOp;
  softplusGrad: CustomOp;
}

// y = log(1 + eˣ), written so that exp never overflows; dy/dx = sigmoid(x)
const FORWARD = `fn compute(i: u32) {
  let v = x[i];
  out[i] = max(v, 0.0) + log(1.0 + exp(-abs(v)));
}`;

const GRAD = `fn compute(i: u32) {
  let e = exp(-abs(x[i]));
  let sigmoid = select(e / (1.0 + e), 1.0 / (1.0 + e), x[i] >= 0.0);
  out[i] = dy[i] * sigmoid;
}`;

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const softplusRef = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

/** softplus under `name`; withCpu=false leaves out the CPU versions. */
export async function defineSoftplus(name = 'softplus', withCpu = true): Promise<Softplus> {
  const softplusGrad = await defineOp({
    name: `${name}_grad`,
    inputs: ['x', 'dy'],
    shape: ([x]) => x,
    wgsl: GRAD,
    ...(withCpu && { cpu: (i, { x, dy, out }) => { out[i] = dy[i] * sigmoid(x[i]); } }),
  });
  const softplus = await defineOp({
    name,
    inputs: ['x'],
    shape: ([x]) => x,
    wgsl: FORWARD,
    ...(withCpu && { cpu: (i, { x, out }) => { out[i] = softplusRef(x[i]); } }),
    backward: ({ dy, inputs: [x] }) => [softplusGrad(x, dy)],
  });
  return { softplus, softplusGrad };
}

export { softplusRef, sigmoid };

/** The error `fn` throws (or rejects with); fails when there is none. */
export async function errorOf(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
