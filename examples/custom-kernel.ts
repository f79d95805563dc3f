// A custom kernel: a fused bias-add-tanh layer, y = tanh(x + b) with the bias added to
// every row, written as three small WGSL kernels (the op, its gradient through tanh,
// the bias gradient as column sums), checked with gradcheck, then trained in a
// two-layer network that fits sin(3t) on [-1, 1].
//
// Only the public API: it runs unchanged in Node (`npm run example -- custom-kernel`)
// and in a browser page (import it, call main; `npm run demo` serves one that does).
// The ops have no CPU version, so gradcheck runs on the GPU, in float32.
import {
  Adam, Rng, ShapeError, backward, close, defineOp, gradcheck, init, matmul, mse, noGrad,
  scope, tensor, type CustomOp, type Shape,
} from '../src/index.js';

// x: [B, H], b: [H] -> [B, H]
function biasShape([x, b]: Shape[]): Shape {
  if (x!.length !== 2 || b!.length !== 1 || b![0] !== x![1]) {
    throw new ShapeError(`bias_tanh: needs x [B, H] and b [H]; got x [${x!.join(', ')}] ` +
      `and b [${b!.join(', ')}]`);
  }
  return x!;
}

/** The op and the two kernels of its backward; call after init(). */
async function defineBiasTanh(): Promise<CustomOp> {
  // dz = dy·(1 − y²), from the op's output y = tanh(z)
  const tanhGrad = await defineOp({
    name: 'tanh_grad', inputs: ['y', 'dy'], shape: ([y]) => y!,
    wgsl: 'fn compute(i: u32) { out[i] = dy[i] * (1.0 - y[i] * y[i]); }',
  });
  // dz: [B, H] -> db: [H], one invocation per column
  const columnSum = await defineOp({
    name: 'column_sum', inputs: ['dz'], shape: ([dz]) => [dz![1]!],
    sizes: { rows: ([dz]) => dz![0]!, cols: ([dz]) => dz![1]! },
    invocations: (_shapes, out) => out[0]!,
    wgsl: `fn compute(j: u32) {
  var total = 0.0;
  for (var r = 0u; r < p.rows; r++) { total += dz[r * p.cols + j]; }
  out[j] = total;
}`,
  });
  return defineOp({
    name: 'bias_tanh', inputs: ['x', 'b'], shape: biasShape,
    sizes: { cols: ([x]) => x![1]! },
    wgsl: 'fn compute(i: u32) { out[i] = tanh(x[i] + b[i % p.cols]); }',
    backward: ({ dy, output }) => {
      const dz = tanhGrad(output, dy);
      return [dz, columnSum(dz)]; // dx = dz; db sums dz over the rows
    },
  });
}

const random = (rng: Rng, n: number, scale: number) =>
  Array.from({ length: n }, () => rng.normal() * scale);

export interface CustomKernelResult {
  gradcheck: string;
  losses: number[];
}

/** Checks the op's gradients, then fits sin(3t) for 400 steps. */
export async function main(log: (line: string) => void = console.log):
  Promise<CustomKernelResult> {
  const { adapter } = await init();
  log(`bias_tanh on ${adapter}`);
  try {
    const biasTanh = await defineBiasTanh();
    const rng = new Rng(7);
    const check = await gradcheck((x, b) => biasTanh(x, b), [
      tensor(random(rng, 12, 1), [4, 3], { requiresGrad: true, name: 'x' }),
      tensor(random(rng, 3, 1), [3], { requiresGrad: true, name: 'b' }),
    ]);
    log(check.summary);

    // y ≈ tanh(t·W1 + b1)·W2 for 64 points t in [-1, 1]
    const H = 16;
    const ts = Array.from({ length: 64 }, (_, i) => -1 + (2 * i) / 63);
    const t = tensor(ts, [64, 1], { name: 't' });
    const target = tensor(ts.map((v) => Math.sin(3 * v)), [64, 1], { name: 'sin 3t' });
    const w1 = tensor(random(rng, H, 2), [1, H], { requiresGrad: true, name: 'W1' });
    const b1 = tensor(random(rng, H, 0.5), [H], { requiresGrad: true, name: 'b1' });
    const w2 = tensor(random(rng, H, 0.25), [H, 1], { requiresGrad: true, name: 'W2' });
    const adam = new Adam([w1, b1, w2], { lr: 0.02 });
    const loss = () => mse(matmul(biasTanh(matmul(t, w1), b1), w2), target);
    const losses: number[] = [];
    for (let step = 0; step <= 400; step++) {
      if (step % 100 === 0) {
        const l = noGrad(loss);
        losses.push(await l.item());
        l.dispose();
        log(`step ${step}: loss ${losses[losses.length - 1]!.toFixed(5)}`);
      }
      scope(() => {
        backward(loss());
        adam.step();
      });
    }
    return { gradcheck: check.summary, losses };
  } finally {
    await close();
  }
}
