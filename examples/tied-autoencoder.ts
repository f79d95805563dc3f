// The tied autoencoder in a few dozen lines. 256 points lie in a 3-D subspace of
// 12-D space; the model squeezes each to a 3-wide code with x·W1·W2 and rebuilds it
// with the same weights transposed, code·W2ᵀ·W1ᵀ, learning the subspace.
//
// It uses only the public API, so it runs unchanged in Node
// (`npm run example -- tied-autoencoder`) and in a browser page (import it, call main;
// `npm run demo` serves one that does).
import {
  Adam, Rng, TiedAutoencoder, backward, close, init, noGrad, scope, tensor,
} from '../src/index.js';

const D = 12; // features per row
const RANK = 3; // dimensions the rows really span

/** `rows` rows of D values, each a random mix of RANK fixed random directions. */
function subspaceRows(rows: number, rng: Rng): Float32Array {
  const basis = Array.from({ length: RANK * D }, () => rng.normal() / Math.sqrt(RANK));
  const out = new Float32Array(rows * D);
  for (let r = 0; r < rows; r++) {
    const mix = Array.from({ length: RANK }, () => rng.normal());
    for (let j = 0; j < D; j++) {
      out[r * D + j] = mix.reduce((sum, m, k) => sum + m * basis[k * D + j]!, 0);
    }
  }
  return out;
}

/** Trains for 300 steps; returns the loss every 50 steps. */
export async function main(log: (line: string) => void = console.log): Promise<number[]> {
  const { adapter } = await init();
  log(`tied autoencoder [${D}, 6, ${RANK}] on ${adapter}`);
  try {
    const x = tensor(subspaceRows(256, new Rng(1)), [256, D], { name: 'x' });
    const model = new TiedAutoencoder({ layers: [D, 6, RANK], activation: 'linear', seed: 0 },
      x.gpu);
    const adam = new Adam(model.weights, { lr: 0.01 });
    const losses: number[] = [];
    for (let step = 0; step <= 300; step++) {
      if (step % 50 === 0) {
        const loss = noGrad(() => model.loss(x)); // evaluate: nothing recorded
        losses.push(await loss.item());
        loss.dispose();
        log(`step ${step}: loss ${losses[losses.length - 1]!.toFixed(5)}`);
      }
      scope(() => { // frees the step's intermediates
        backward(model.loss(x));
        adam.step();
      });
    }
    return losses;
  } finally {
    await close();
  }
}
