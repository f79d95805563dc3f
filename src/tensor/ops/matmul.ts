// matmul: C = op(A)·op(B), optionally added into an existing tensor.
import {
  OUTER_MAX_C, OUTER_PARTS, blockSize, SPLIT_SUM_GROUP, UNROLLED_MAX_B, matmulGrid, matmulLabel,
  matmulWgsl, outerFits, outerGrid, splitCount, splitSumLabel, splitSumWgsl, unrolledFits,
  vec4Aligned, workgroupShape, type MatmulKind, type MatmulVariant,
} from '../../shaders/matmul.js';
import { MAX_GROUPS_PER_DIM, flatGrid } from '../../shaders/grid.js';
import { ShapeError, TensorError, fmtShape } from '../errors.js';
import type { Gpu } from '../gpu.js';
import { record } from '../record.js';
import { matmulRef } from '../reference.js';
import { matmulDims, type MatmulDims } from '../shape.js';
import { emptyTensor, type Tensor } from '../tensor.js';
import { checkAddTo, commonDevice, requireTensors } from './operands.js';

export interface MatmulOptions {
  /** Use Aᵀ: a is stored [K, M]. */
  transA?: boolean;
  /** Use Bᵀ: b is stored [N, K]. */
  transB?: boolean;
  /** Add the product into this [M, N] tensor instead of making a new one. */
  addTo?: Tensor;
  /**
   * Kernel variant: 'auto' (the default) takes 'unrolled' for a small op(B) (K <= 64,
   * N <= 40, K·N <= 1024: a small layer's weight); for a small C with a long K (a
   * weight's gradient) 'outer' on a CPU adapter (M, N <= 64, M·N <= 1024, K >= 256)
   * or 'split' on a GPU; else 'vec4' when the shapes allow it, else 'blocked'. 'naive'
   * is the slow baseline kept for testing. The cpu backend checks the name and ignores
   * it. See src/shaders/matmul.ts.
   */
  kernel?: MatmulKind | 'auto';
}

// a: [M, K] (transA: [K, M]), b: [K, N] (transB: [N, K]) -> [M, N]
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  requireTensors('matmul', { a, b, addTo: opts.addTo });
  const transA = opts.transA ?? false;
  const transB = opts.transB ?? false;
  const dims = matmulDims(a.shape, b.shape, transA, transB);
  const gpu = commonDevice('matmul', opts.addTo ? [a, b, opts.addTo] : [a, b]);
  if (opts.addTo) checkAddTo('matmul', opts.addTo, [dims.M, dims.N], [a, b]);
  const cpuAdapter = gpu?.cpuAdapter ?? true;
  const kind = pickKind(opts.kernel ?? 'auto', dims, transA, transB, cpuAdapter);
  const variant: MatmulVariant = {
    kind, transA, transB, accumulate: !!opts.addTo,
    group: workgroupShape(kind, dims.N, cpuAdapter),
    block: blockSize(kind, cpuAdapter),
    ...(kind === 'unrolled' ? { K: dims.K, N: dims.N } : {}),
    ...(kind === 'outer' ? { M: dims.M, N: dims.N } : {}),
  };
  if (gpu) checkGrid(variant, dims);

  const out = opts.addTo ?? emptyTensor([dims.M, dims.N], gpu, 'matmul');

  if (gpu) encodeMatmul(gpu, variant, a, b, out, dims);
  else matmulRef(a.data, b.data, dims.M, dims.K, dims.N, transA, transB, out.data, !!opts.addTo);

  if (!opts.addTo) record('matmul', [a, b], out, { transA, transB });
  return out;
}

// A split pays on a GPU when C has too few 8×8 blocks to busy its cores and K is long
// enough to cut into at least this many ranges (the partial sums cost a second pass).
// Not on a CPU adapter: two workgroups already busy SwiftShader's two cores, and there
// the split measured slower (credit step ~8.3 ms without, ~9.6 ms with).
const SPLIT_AT_LEAST = 4;
// On a CPU adapter, `outer` takes a small C once K is this long (shorter, a few 8×8
// blocks of `blocked` do as well without the sum pass).
const OUTER_MIN_K = 256;

const KINDS: readonly (MatmulKind | 'auto')[] =
  ['auto', 'unrolled', 'outer', 'split', 'vec4', 'blocked', 'naive'];

function pickKind(asked: MatmulKind | 'auto', { M, K, N }: MatmulDims, transA: boolean,
  transB: boolean, cpuAdapter: boolean): MatmulKind {
  if (!KINDS.includes(asked)) {
    throw new TensorError(`matmul: unknown kernel ${JSON.stringify(asked)}; ` +
      `one of ${KINDS.map((k) => `'${k}'`).join(', ')}`);
  }
  const aligned = vec4Aligned(M, K, N, transA, transB);
  if (asked === 'auto') {
    if (unrolledFits(K, N)) return 'unrolled';
    if (!cpuAdapter && splitCount(M, K, N) >= SPLIT_AT_LEAST) return 'split';
    if (cpuAdapter && outerFits(M, N) && K >= OUTER_MIN_K) return 'outer';
    return aligned ? 'vec4' : 'blocked';
  }
  if (asked === 'unrolled' && !unrolledFits(K, N)) {
    throw new ShapeError(`matmul: the unrolled kernel is for a small op(B), K <= 64, ` +
      `N <= 40 and K·N <= ${UNROLLED_MAX_B}; got K=${K}, N=${N}\nhint: use kernel: 'auto'`);
  }
  if (asked === 'outer' && !outerFits(M, N)) {
    throw new ShapeError(`matmul: the outer kernel is for a small C, M <= 64, N <= 64 and ` +
      `M·N <= ${OUTER_MAX_C}; got M=${M}, N=${N}\nhint: use kernel: 'auto'`);
  }
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
  if (v.kind === 'split' || v.kind === 'outer') {
    encodeSplit(gpu, v, a, b, out, { M, K, N });
    return;
  }
  const grid = matmulGrid(v, M, N);
  const label = matmulLabel(v);
  const kernel = gpu.compile(label, () => matmulWgsl(v));
  const params = gpu.uniform(new Uint32Array([M, K, N, K]));
  gpu.dispatch(kernel, [params, a.buffer, b.buffer, out.buffer], grid, label);
}

// `split` and `outer`: each range of k writes its own partial C, then one pass adds
// them up (and into C when accumulating).
function encodeSplit(gpu: Gpu, v: MatmulVariant, a: Tensor, b: Tensor, out: Tensor,
  { M, K, N }: MatmulDims): void {
  const chunk = Math.ceil(K / (v.kind === 'outer' ? OUTER_PARTS : splitCount(M, K, N)));
  const parts = Math.ceil(K / chunk);
  const partial = emptyTensor([parts, M, N], gpu, 'matmul partial products');
  const label = matmulLabel({ ...v, accumulate: false });
  const kernel = gpu.compile(label, () => matmulWgsl({ ...v, accumulate: false }));
  const params = gpu.uniform(new Uint32Array([M, K, N, chunk]));
  const grid = v.kind === 'outer' ? outerGrid(parts) : [...matmulGrid(v, M, N), parts];
  gpu.dispatch(kernel, [params, a.buffer, b.buffer, partial.buffer], grid, label);
  const vec4 = (M * N) % 4 === 0;
  const sumLabel = splitSumLabel(v.accumulate, vec4);
  const sum = gpu.compile(sumLabel, () => splitSumWgsl(v.accumulate, vec4));
  const count = vec4 ? (M * N) / 4 : M * N;
  gpu.dispatch(sum, [gpu.uniform(new Uint32Array([count, parts])), partial.buffer, out.buffer],
    flatGrid(count, SPLIT_SUM_GROUP), sumLabel);
  partial.dispose();
}
