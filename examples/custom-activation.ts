// The tutorial of docs/custom-op.md as one program: softplus written in WGSL with its
// backward (a second small kernel), checked with gradcheck in float64 and on the GPU,
// then used as the activation of the tied autoencoder, which trains with it.
//
// Only the public API: it runs unchanged in Node (`npm run example -- custom-activation`)
// and in the browser (`npm run demo`, then "the examples →").
import {
  Adam, Rng, TiedAutoencoder, backward, close, defineOp, gradcheck, init, noGrad, scope,
  tensor, type CustomOp,
} from '../src/index.js';

/** softplus(x) = log(1 + eˣ) and its backward dx = dy·sigmoid(x); call after init(). */
async function defineSoftplus(): Promise<CustomOp> {
  const softplusGrad = await defineOp({
    name: 'softplus_grad', inputs: ['x', 'dy'], shape: ([x]) => x!,
    wgsl: `fn compute(i: u32) {
  let e = exp(-abs(x[i])); // in (0, 1]: sigmoid without overflow
  out[i] = dy[i] * select(e / (1.0 + e), 1.0 / (1.0 + e), x[i] >= 0.0);
}`,
    cpu: (i, { x, dy, out }) => { out[i] = dy[i]! / (1 + Math.exp(-x[i]!)); },
  });
  return defineOp({
    name: 'softplus', inputs: ['x'], shape: ([x]) => x!,
    wgsl: 'fn compute(i: u32) { out[i] = max(x[i], 0.0) + log(1.0 + exp(-abs(x[i]))); }',
    cpu: (i, { x, out }) => {
      out[i] = Math.max(x[i]!, 0) + Math.log1p(Math.exp(-Math.abs(x[i]!)));
    },
    backward: ({ dy, inputs: [x] }) => [softplusGrad(x!, dy)],
  });
}

export interface CustomActivationResult {
  gradchecks: string[];
  losses: number[];
}

/** Checks softplus both ways, then trains a softplus tied autoencoder for 300 steps. */
export async function main(log: (line: string) => void = console.log):
  Promise<CustomActivationResult> {
  const { adapter } = await init();
  log(`softplus tied autoencoder on ${adapter}`);
  try {
    const softplus = await defineSoftplus();
    const rng = new Rng(3);
    const probe = Array.from({ length: 12 }, () => rng.normal() * 2);
    const gradchecks: string[] = [];
    for (const backend of ['cpu', 'webgpu'] as const) {
      const x = tensor(probe, [3, 4], { requiresGrad: true, name: 'x', backend });
      const report = await gradcheck((v) => softplus(v), [x], { backend });
      gradchecks.push(report.summary);
      log(report.summary);
    }

    const rows = Float32Array.from({ length: 256 * 8 }, () => rng.normal());
    const x = tensor(rows, [256, 8], { name: 'x' });
    const model = new TiedAutoencoder({ layers: [8, 6, 4], activation: softplus, seed: 1 },
      x.gpu);
    const adam = new Adam(model.weights, { lr: 0.01 });
    const losses: number[] = [];
    for (let step = 0; step <= 300; step++) {
      if (step % 100 === 0) {
        const loss = noGrad(() => model.loss(x));
        losses.push(await loss.item());
        loss.dispose();
        log(`step ${step}: loss ${losses[losses.length - 1]!.toFixed(5)}`);
      }
      scope(() => {
        backward(model.loss(x));
        adam.step();
      });
    }
    return { gradchecks, losses };
  } finally {
    await close();
  }
}
