// A small seeded generator, so that a seed fixes initialisation and shuffling alike
// in Node and in browsers (Math.random cannot be seeded).
import { TensorError } from '../tensor/errors.js';

/** mulberry32: 32-bit state, fast, and good enough for init and shuffling. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that nearby seeds (1, 2, 3) start far apart.
    this.state = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** A generator that continues from `state()` of another: how a checkpoint resumes
   * the shuffling exactly where it stopped. */
  static fromState(state: number): Rng {
    if (!(Number.isInteger(state) && state >= 0 && state <= 0xffffffff)) {
      throw new TensorError(`Rng.fromState: needs a whole number 0..2^32-1; got ${state}`);
    }
    const rng = new Rng(0);
    rng.state = state;
    return rng;
  }

  /** The whole state: 32 bits, so a number saves and restores it exactly. */
  getState(): number {
    return this.state;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal, by Box–Muller. */
  normal(): number {
    const u = 1 - this.next(); // in (0, 1]: log(u) is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** 0, 1, …, n−1 in a uniformly random order (Fisher–Yates). */
  permutation(n: number): Uint32Array<ArrayBuffer> {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}
