// Shape and usage checks, with their exact messages: the wording is API.
// Most run on the float64 CPU backend; mixing backends and the no-allocation check
// need the GPU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ShapeError, TensorError, add, backward, clearTape, close, init, matmul, mean, memory, mse,
  mul, relu, scale, sub, sum, tensor, zeros, type Tensor,
} from '../../src/index.js';

beforeAll(() => init());
afterAll(() => close());

const cpu = { backend: 'cpu' } as const;

function ones(shape: number[], opts: { backend?: 'cpu' | 'webgpu' } = cpu): Tensor {
  return tensor(new Array(shape.reduce((n, d) => n * d, 1)).fill(1), shape, opts);
}

/** The error `fn` throws; fails the test when it throws none. */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('expected a thrown error');
}

describe('matmul rejects mismatched shapes before computing', () => {
  it('names both shapes, both flags and the two inner sizes', () => {
    const error = errorOf(() => matmul(ones([2, 3]), ones([4, 5])));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe('matmul: inner sizes differ; got a [2, 3] and b [4, 5] with ' +
      'transA=false, transB=false (op(a) has 3 columns, op(b) has 4 rows)');
  });

  it('reads the inner sizes through the transpose flags', () => {
    const error = errorOf(() => matmul(ones([3, 2]), ones([4, 5]), { transA: true, transB: true }));
    expect(error.message).toBe('matmul: inner sizes differ; got a [3, 2] and b [4, 5] with ' +
      'transA=true, transB=true (op(a) has 3 columns, op(b) has 5 rows)');
  });

  it('accepts shapes that agree only once transposed', () => {
    expect(matmul(ones([3, 2]), ones([4, 3]), { transA: true, transB: true }).shape)
      .toEqual([2, 4]);
  });

  it('requires 2-D operands and names both shapes and flags', () => {
    const error = errorOf(() => matmul(ones([2, 3, 4]), ones([4, 5]), { transB: true }));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe('matmul: needs 2-D tensors; got a [2, 3, 4] and b [4, 5] with ' +
      'transA=false, transB=true');
  });

  it('rejects a 1-D operand as not 2-D', () => {
    expect(errorOf(() => matmul(ones([3]), ones([3, 1]))).message).toBe(
      'matmul: needs 2-D tensors; got a [3] and b [3, 1] with transA=false, transB=false');
  });

  it('rejects an addTo target whose shape is not the result shape', () => {
    const error = errorOf(() => matmul(ones([2, 3]), ones([3, 2]), { addTo: zeros([2, 3], cpu) }));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe("matmul: addTo must have the result's shape [2, 2]; " +
      'got addTo [2, 3]');
  });
});

describe('elementwise ops and reductions check shapes', () => {
  it('add of different shapes names both and says there is no broadcasting', () => {
    const error = errorOf(() => add(ones([2, 3]), ones([3, 2])));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe('add: a and b must have the same shape; got a [2, 3] and ' +
      'b [3, 2]\nhint: tapegrad does not broadcast; make the shapes equal first');
  });

  it('sub and mul word the same check with their own names', () => {
    expect(errorOf(() => sub(ones([1]), ones([]))).message).toMatch(
      /^sub: a and b must have the same shape; got a \[1\] and b \[\]\n/);
    expect(errorOf(() => mul(ones([4]), ones([2, 2]))).message).toMatch(
      /^mul: a and b must have the same shape; got a \[4\] and b \[2, 2\]\n/);
  });

  it('an elementwise addTo of the wrong shape is refused', () => {
    expect(errorOf(() => relu(ones([2, 2]), { addTo: zeros([4], cpu) })).message).toBe(
      "relu: addTo must have the result's shape [2, 2]; got addTo [4]");
  });

  it('mean of an empty tensor is refused', () => {
    const error = errorOf(() => mean(zeros([0, 3], cpu)));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe('mean: needs at least one element; got shape [0, 3]');
  });

  it('mse of empty tensors is refused, and mse of different shapes names both', () => {
    expect(errorOf(() => mse(zeros([0], cpu), zeros([0], cpu))).message).toBe(
      'mse: needs at least one element; got shape [0]');
    expect(errorOf(() => mse(ones([2, 3]), ones([6]))).message).toBe('mse: pred and target ' +
      'must have the same shape; got pred [2, 3] and target [6]\nhint: tapegrad does not ' +
      'broadcast; make the shapes equal first');
  });

  it('a reduction into an addTo that is not a scalar is refused', () => {
    expect(errorOf(() => sum(ones([3]), { addTo: zeros([1], cpu) })).message).toBe(
      "sum: addTo must have the result's shape []; got addTo [1]");
  });

  it('sum of an empty tensor is 0, not an error', async () => {
    expect(await sum(zeros([0, 4], cpu)).item()).toBe(0);
  });
});

describe('tensor creation and use', () => {
  it('tensor() refuses values that do not fill the shape', () => {
    const error = errorOf(() => tensor([1, 2, 3], [2, 2], cpu));
    expect(error).toBeInstanceOf(TensorError);
    expect(error.message).toBe('tensor: 3 values do not fill shape [2, 2] (4 elements)');
  });

  it('tensor() refuses too many values as well', () => {
    expect(errorOf(() => tensor([1, 2, 3], [2], cpu)).message).toBe(
      'tensor: 3 values do not fill shape [2] (2 elements)');
  });

  it('tensor() and zeros() refuse negative or fractional dimensions', () => {
    expect(errorOf(() => tensor([], [2, -1], cpu)).message).toBe(
      'tensor: dimensions must be whole numbers >= 0; got [2, -1]');
    expect(errorOf(() => zeros([1.5], cpu)).message).toBe(
      'zeros: dimensions must be whole numbers >= 0; got [1.5]');
  });

  it('item() on a tensor of several elements is refused', async () => {
    await expect(ones([2, 1]).item()).rejects.toThrow(
      new TensorError('item: needs a tensor of one element; got shape [2, 1]'));
  });

  it('item() on a tensor of no elements is refused', async () => {
    await expect(zeros([0], cpu).item()).rejects.toThrow(
      'item: needs a tensor of one element; got shape [0]');
  });

  it('an op on a disposed tensor names the op and the tensor', () => {
    const a = ones([2]);
    a.dispose();
    const error = errorOf(() => add(a, ones([2])));
    expect(error).toBeInstanceOf(TensorError);
    expect(error.message).toBe(`add: ${a} was disposed`);
  });

  it('reading a disposed tensor is refused', async () => {
    const a = tensor([1, 2], [2], { ...cpu, name: 'weights' });
    a.dispose();
    expect(String(a)).toBe(`tensor#${a.id} "weights" [2]`);
    await expect(a.read()).rejects.toThrow(`read: tensor#${a.id} "weights" [2] was disposed`);
  });

  it('dispose() twice is harmless', () => {
    const a = ones([1]);
    a.dispose();
    expect(() => a.dispose()).not.toThrow();
  });

  it('mixing a cpu and a webgpu tensor names both tensors and their backends', () => {
    const a = ones([2]);
    const b = ones([2], {});
    expect(b.backend).toBe('webgpu');
    const error = errorOf(() => add(a, b));
    expect(error).toBeInstanceOf(TensorError);
    expect(error.message).toBe(`add: operands live on different devices; got ${a} on cpu ` +
      `and ${b} on webgpu`);
    const [g, c] = [ones([1, 1], {}), ones([1, 1])];
    expect(errorOf(() => matmul(g, c)).message).toBe(
      `matmul: operands live on different devices; got ${g} on webgpu and ${c} on cpu`);
  });

  it('an addTo target on the other backend is refused', () => {
    expect(errorOf(() => scale(ones([2]), 2, { addTo: zeros([2]) })).message).toMatch(
      /^scale: operands live on different devices; got .* on cpu and .* on webgpu$/);
  });
});

describe('backward checks its loss', () => {
  it('refuses a loss of several elements', () => {
    const w = tensor([1, 2], [2], { ...cpu, requiresGrad: true });
    const error = errorOf(() => backward(scale(w, 2)));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe('backward: needs a loss of one element; got shape [2]');
  });

  it('refuses a loss that no input requiring grad produced', () => {
    const loss = sum(ones([2]));
    expect(errorOf(() => backward(loss)).message).toBe(`backward: ${loss} is not on the tape` +
      '\nhint: it needs an input with requiresGrad, computed outside noGrad(), and each ' +
      'graph takes one backward() (the tape is cleared after it)');
  });
});

describe('a refused op allocates nothing on the GPU', () => {
  it('leaves the buffer counts unchanged after each shape error', () => {
    const a = ones([2, 3], {});
    const b = ones([4, 5], {});
    const before = memory();
    expect(() => matmul(a, b)).toThrow(ShapeError);
    expect(() => add(a, b)).toThrow(ShapeError);
    expect(() => matmul(a, a, { transB: true, addTo: b })).toThrow(ShapeError);
    expect(() => mean(zeros([0], {}))).toThrow(ShapeError);
    // mse on the tape makes its gradient as it runs: not before its operands are checked
    const w = tensor([1, 2, 3, 4, 5, 6], [2, 3], { requiresGrad: true });
    expect(() => mse(w, ones([2, 3]))).toThrow(TensorError); // the target is on the cpu
    expect(() => mse(w, b)).toThrow(ShapeError);
    const gone = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    gone.dispose();
    expect(() => mse(w, gone)).toThrow(`mse: ${gone} was disposed`);
    clearTape();
    const zerosBuffer = 1; // the zeros([0]) above is a real (empty) tensor
    const wBuffer = 1;
    expect(memory().liveBuffers).toBe(before.liveBuffers + zerosBuffer + wBuffer);
  });
});

describe('matmul refuses a grid over the per-dimension workgroup limit', () => {
  // For one column the naive variant covers 16 rows per workgroup on CPU adapters and
  // 64 on GPUs: 64·65535 + 1 rows need more than 65535 workgroups either way.
  const rows = 64 * 65535 + 1;

  it('names the result shape, the grid and the limit', () => {
    const a = zeros([rows, 1], {});
    const b = zeros([1, 1], {});
    expect(errorOf(() => matmul(a, b, { kernel: 'naive' })).message).toMatch(new RegExp(
      `^matmul: result \\[${rows}, 1\\] needs 1 x \\d+ workgroups, over the limit of 65535 ` +
      'per dimension\\nhint: use smaller layers or fewer rows per batch$'));
  });

  it('allocates nothing when it refuses', () => {
    const a = zeros([rows, 1], {});
    const b = zeros([1, 1], {});
    const before = memory().liveBuffers;
    expect(() => matmul(a, b, { kernel: 'naive' })).toThrow(ShapeError);
    expect(memory().liveBuffers).toBe(before);
  });
});

describe('an addTo target that is also an operand', () => {
  /** Refused with a TensorError that names addTo, or computed right: never garbage. */
  async function refusedOrRight(run: () => Tensor, expected: number[]): Promise<void> {
    let out: Tensor;
    try {
      out = run();
    } catch (error) {
      expect(error).toBeInstanceOf(TensorError);
      expect((error as Error).message).toMatch(/addTo/);
      return;
    }
    expect(Array.from(await out.read())).toEqual(expected);
  }

  /** Runs `check`, then makes sure a later op works; swallows one late WebGPU error. */
  async function thenUsable(check: () => Promise<void>): Promise<void> {
    try {
      await check();
      expect(Array.from(await scale(tensor([1, 2], [2], {}), 2).read())).toEqual([2, 4]);
    } finally {
      try {
        await tensor([0], [1], {}).read(); // clears an error left for the next op
      } catch {
        // the error this test is about, already reported above
      }
    }
  }

  it('add(a, b, { addTo: a }) on the CPU gives a + (a + b)', async () => {
    const a = tensor([1, 2], [2], cpu);
    await refusedOrRight(() => add(a, tensor([10, 20], [2], cpu), { addTo: a }), [12, 24]);
  });

  it('add(a, b, { addTo: a }) on the GPU is refused or gives a + (a + b)', async () => {
    await thenUsable(async () => {
      const a = tensor([1, 2], [2], {});
      await refusedOrRight(() => add(a, tensor([10, 20], [2], {}), { addTo: a }), [12, 24]);
    });
  });

  it.each(['cpu', 'webgpu'] as const)(
    'matmul(m, m, { addTo: m }) on the %s backend is refused or gives m + m·m',
    async (backend) => {
      await thenUsable(async () => {
        const m = tensor([1, 2, 3, 4], [2, 2], { backend });
        await refusedOrRight(() => matmul(m, m, { addTo: m }), [8, 12, 18, 26]);
      });
    });
});

describe('operands that are not what the op takes', () => {
  it('refuses an unknown matmul kernel by name, on either backend, and the next matmul runs',
    async () => {
      const gpu = { backend: 'webgpu' } as const;
      for (const opts of [cpu, gpu]) {
        const error = errorOf(() => matmul(ones([5, 7], opts), ones([7, 3], opts),
          { kernel: 'foo' as 'auto' }));
        expect(error).toBeInstanceOf(TensorError);
        expect(error.message).toBe("matmul: unknown kernel \"foo\"; one of 'auto', " +
          "'unrolled', 'outer', 'split', 'vec4', 'blocked', 'naive'");
      }
      expect(Array.from(await matmul(ones([2, 2], gpu), ones([2, 2], gpu)).read()))
        .toEqual([2, 2, 2, 2]);
    });

  it('names the argument that is not a tensor', () => {
    const asArray = [[1]] as unknown as Tensor;
    expect(errorOf(() => matmul(asArray, ones([1, 1]))).message).toBe(
      'matmul: a must be a Tensor; got an array\nhint: make one with tensor(values, shape)');
    expect(errorOf(() => add(ones([1]), 3 as unknown as Tensor)).message).toBe(
      'add: b must be a Tensor; got number\nhint: make one with tensor(values, shape)');
    expect(errorOf(() => mse(ones([2]), null as unknown as Tensor)).message).toBe(
      'mse: target must be a Tensor; got null\nhint: make one with tensor(values, shape)');
  });
});
