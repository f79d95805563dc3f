// matmul: C = op(A)·op(B), optionally added into an existing tensor.
import {
  matmulGrid, matmulLabel, matmulWgsl, vec4Aligned, workgroupShape, type MatmulKind,
  type MatmulVariant,
} from '../../shaders/matmul.js';
import { MAX_GROUPS_PER_DIM } from '../../shaders/grid.js';
import { ShapeError, fmtShape } from '../errors.js';
import type { Gpu } from '../gpu.js';
import { record } from '../record.js';
import { matmulRef } from '../reference.js';
import { matmulDims, type MatmulDims } from '../shape.js';
import { emptyTensor, type Tensor } from '../tensor.js';
import { checkAddTo, commonDevice } from './operands.js';

export interface MatmulOptions {
  /** Use Aᵀ: a is stored [K, M]. */
  transA?: boolean;
  /** Use Bᵀ: b is stored [N, K]. */
  transB?: boolean;
  /** Add the product into this [M, N] tensor instead of making a new one. */
  addTo?: Tensor;
  /**
   * Kernel variant: 'auto' (the default) takes 'vec4' when the shapes allow it, else
   * 'blocked'; 'naive' is the slow baseline kept for testing.
   */
  kernel?: MatmulKind | 'auto';
}

// a: [M, K] (transA: [K, M]), b: [K, N] (transB: [N, K]) -> [M, N]
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  const transA = opts.transA ?? false;
  const transB = opts.transB ?? false;
  const dims = matmulDims(a.shape, b.shape, transA, transB);
  const gpu = commonDevice('matmul', opts.addTo ? [a, b, opts.addTo] : [a, b]);
  if (opts.addTo) checkAddTo('matmul', opts.addTo, [dims.M, dims.N], [a, b]);
  const kind = pickKind(opts.kernel ?? 'auto', dims, transA, transB);
  const variant: MatmulVariant = {
    kind, transA, transB, accumulate: !!opts.addTo,
    group: workgroupShape(kind, dims.N, gpu?.cpuAdapter ?? false),
  };
  if (gpu) checkGrid(variant, dims);

  const out = opts.addTo ?? emptyTensor([dims.M, dims.N], gpu, 'matmul');

  if (gpu) encodeMatmul(gpu, variant, a, b, out, dims);
  else matmulRef(a.data, b.data, dims.M, dims.K, dims.N, transA, transB, out.data, !!opts.addTo);

  if (!opts.addTo) record('matmul', [a, b], out, { transA, transB });
  return out;
}

function pickKind(asked: MatmulKind | 'auto', { M, K, N }: MatmulDims, transA: boolean,
  transB: boolean): MatmulKind {
  const aligned = vec4Aligned(M, K, N, transA, transB);
  if (asked === 'auto') return aligned ? 'vec4' : 'blocked';
  if (asked === 'vec4' && !aligned) {
    throw new ShapeError(`matmul: the vec4 kernel needs the sizes it loads along to be ` +
      `multiples of 4; got M=${M}, K=${K}, N=${N} with transA=${transA}, transB=${transB}` +
      "\nhint: use kernel: 'auto'");
  }
  return asked;
}

function checkGrid(v: MatmulVariant, { M, N }: MatmulDims): void {
  const grid = matmulGrid(v, M, N);
  if (grid[0] > MAX_GROUPS_PER_DIM || grid[1] > MAX_GROUPS_PER_DIM) {
    throw new ShapeError(`matmul: result ${fmtShape([M, N])} needs ${grid.join(' x ')} ` +
      `workgroups, over the limit of ${MAX_GROUPS_PER_DIM} per dimension` +
      '\nhint: use smaller layers or fewer rows per batch');
  }
}

function encodeMatmul(gpu: Gpu, v: MatmulVariant, a: Tensor, b: Tensor, out: Tensor,
  { M, K, N }: MatmulDims): void {
  if (M === 0 || N === 0) return;
  if (K === 0) {
    // The empty sum is 0: C = 0, or C unchanged when accumulating. No empty binding.
    if (!v.accumulate) gpu.clear(out.buffer, M * N * 4);
    return;
  }
  const grid = matmulGrid(v, M, N);
  const label = matmulLabel(v);
  const kernel = gpu.compile(label, () => matmulWgsl(v));
  const params = gpu.uniform(new Uint32Array([M, K, N]));
  gpu.dispatch(kernel, [params, a.buffer, b.buffer, out.buffer], grid, label);
}
