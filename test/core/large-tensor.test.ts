// Case C07: one tensor over the default 128 MiB storage-binding limit. tapegrad asks
// for the adapter's own limits, so it binds whole; one past the adapter's limit is
// refused up front, naming the limit, never a validation error at submit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TensorError, close, init, matmul, tensor, zeros } from '../../src/index.js';
import { currentGpu } from '../../src/tensor/runtime.js';
import { loadCase } from '../helpers/cases.js';

beforeAll(() => init());
afterAll(() => close());

interface C07 {
  X_shape: [number, number];
  Y_spots: Record<string, number>;
  Y_sum: number;
}

describe('case C07: a 188 MB tensor', () => {
  it('multiplies X [60000, 784] by W [784, 1] with the exact spots and sum', async () => {
    const { X_shape: [rows, cols], Y_spots, Y_sum } = loadCase<C07>('C07');
    const xv = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) xv[i * cols + j] = ((31 * i + j) % 256) / 256;
    }
    const x = tensor(xv, [rows, cols]);
    const w = tensor(new Float32Array(cols).fill(1 / 1024), [cols, 1]);
    const y = await matmul(x, w).read();
    for (const [row, value] of Object.entries(Y_spots)) expect(y[Number(row)]).toBe(value);
    let sum = 0;
    for (const v of y) sum += v;
    expect(Math.abs(sum - Y_sum) / Y_sum).toBeLessThan(1e-6);
    x.dispose();
    w.dispose();
  });

  it('refuses a tensor past the adapter\'s binding limit before allocating it', () => {
    const limit = currentGpu()!.device.limits.maxStorageBufferBindingSize;
    const rows = Math.floor(limit / 4 / 1024) + 1;
    expect(() => zeros([rows, 1024])).toThrow(TensorError);
    expect(() => zeros([rows, 1024])).toThrow(`over this adapter's storage binding limit of ` +
      `${limit} bytes`);
  });
});
