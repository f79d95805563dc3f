// Row gather: a minibatch's rows picked out of a data set already on the device.
import { gatherGrid, gatherLabel, gatherWgsl } from '../../shaders/gather.js';
import { MAX_GROUPS_PER_DIM } from '../../shaders/grid.js';
import { BufferUsage } from '../pool.js';
import { ShapeError, TensorError, fmtShape } from '../errors.js';
import type { Gpu } from '../gpu.js';
import { gatherRowsRef } from '../reference.js';
import { requireRank } from '../shape.js';
import { emptyTensor, type Tensor } from '../tensor.js';
import { commonDevice } from './operands.js';

/** Row numbers uploaded once (e.g. an epoch's shuffled order) and read by gatherRows. */
export class RowIndex {
  readonly length: number;
  private buffer: GPUBuffer | null = null;

  constructor(readonly values: Uint32Array<ArrayBuffer>, readonly rowCount: number,
    readonly gpu: Gpu | null) {
    this.length = values.length;
    const bad = values.findIndex((r) => r >= rowCount);
    if (bad >= 0) {
      throw new TensorError(`rowIndex: entry ${bad} is row ${values[bad]}, but the tensor ` +
        `has ${rowCount} rows`);
    }
    if (gpu && values.length > 0) {
      this.buffer = gpu.device.createBuffer({
        size: Math.ceil(values.byteLength / 16) * 16,
        usage: BufferUsage.STORAGE | BufferUsage.COPY_DST,
        label: `row index (${values.length})`,
      });
      gpu.write(this.buffer, values);
    }
  }

  gpuBuffer(): GPUBuffer {
    if (!this.buffer) throw new TensorError('gatherRows: this row index was disposed or is empty');
    return this.buffer;
  }

  dispose(): void {
    if (this.buffer) this.gpu!.destroyBuffer(this.buffer);
    this.buffer = null;
  }
}

/** Uploads `rows` (row numbers of x) to x's device. */
export function rowIndex(x: Tensor, rows: ArrayLike<number>): RowIndex {
  requireRank('rowIndex', 'x', x.shape, 2);
  const count = x.shape[0]!;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!(Number.isInteger(r) && r >= 0 && r < count)) {
      throw new TensorError(`rowIndex: entry ${i} is ${r}; rows of x ${fmtShape(x.shape)} ` +
        `are whole numbers 0..${count - 1}`);
    }
  }
  return new RowIndex(Uint32Array.from(rows), count, commonDevice('rowIndex', [x]));
}

// x: [R, D], index: rows i..i+count of a RowIndex -> [count, D]
export function gatherRows(x: Tensor, index: RowIndex, start: number, count: number): Tensor {
  requireRank('gatherRows', 'x', x.shape, 2);
  if (x.requiresGrad) {
    throw new TensorError(`gatherRows: has no backward, and ${x} requires grad` +
      '\nhint: gather from data tensors, not from parameters');
  }
  if (!(start >= 0 && count >= 0 && start + count <= index.length)) {
    throw new ShapeError(`gatherRows: rows ${start}..${start + count} are outside an index ` +
      `of ${index.length} entries`);
  }
  const gpu = commonDevice('gatherRows', [x]);
  const grid = gatherGrid(count, x.shape[1]!);
  if (grid.some((g) => g > MAX_GROUPS_PER_DIM)) {
    throw new ShapeError(`gatherRows: ${count} rows of ${x.shape[1]} need ${grid.join(' x ')} ` +
      `workgroups, over the limit of ${MAX_GROUPS_PER_DIM} per dimension` +
      '\nhint: gather fewer rows at a time');
  }
  if (index.gpu !== gpu) throw new TensorError('gatherRows: index and x live on different devices');
  const cols = x.shape[1]!;

  const out = emptyTensor([count, cols], gpu, 'gatherRows');

  if (gpu) encodeGather(gpu, x, index, start, out);
  else gatherRowsRef(x.data, cols, index.values, start, count, out.data);
  return out;
}

function encodeGather(gpu: Gpu, x: Tensor, index: RowIndex, start: number, out: Tensor) {
  if (out.size === 0) return;
  const [rows, cols] = out.shape as [number, number];
  const label = gatherLabel(cols);
  const kernel = gpu.compile(label, () => gatherWgsl(cols));
  const params = gpu.uniform(new Uint32Array([rows, cols, start]));
  const buffers = [params, x.buffer, index.gpuBuffer(), out.buffer];
  gpu.dispatch(kernel, buffers, gatherGrid(rows, cols), label);
}
