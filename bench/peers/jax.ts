// jax-js 0.1.25 on its webgpu device: the same tied autoencoder, written the way its
// README teaches (jit, valueAndGrad, .ref ownership), with Adam in jit-ed array ops
// (jax-js ships no optimizer package).
import type { Framework, Trainer, Workload } from '../workloads.js';
import { matmulOperands } from '../workloads.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Jax = any;

async function loadJax(): Promise<Jax> {
  const jax = await import('@jax-js/jax');
  const devices = await jax.init();
  if (!devices.includes('webgpu')) throw new Error('jax-js found no webgpu device');
  jax.defaultDevice('webgpu');
  return jax;
}

function makeStep(jax: Jax, lr: number, layers: number) {
  const np = jax.numpy;
  const keys = Array.from({ length: layers }, (_, i) => `w${i}`);
  // x: [B, D]; p.wi: [Hi-1, Hi] -> mean squared reconstruction error
  const lossFn = (p: Record<string, Jax>, x: Jax) => {
    let h = np.matmul(x.ref, p[keys[0]!].ref);
    for (const k of keys.slice(1)) h = np.matmul(h, p[k].ref);
    for (const k of [...keys].reverse()) h = np.matmul(h, p[k].transpose());
    return np.mean(np.square(np.subtract(h, x)));
  };
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  return jax.jit((p: Record<string, Jax>, m: Record<string, Jax>, v: Record<string, Jax>,
    x: Jax, c1: Jax, c2: Jax) => {
    const refs = Object.fromEntries(keys.map((k) => [k, p[k].ref]));
    const [loss, g] = jax.valueAndGrad(lossFn)(refs, x);
    const next: Record<string, Record<string, Jax>> = { p: {}, m: {}, v: {} };
    for (const k of keys) {
      const mk = m[k].mul(b1).add(g[k].ref.mul(1 - b1));
      const vk = v[k].mul(b2).add(np.square(g[k]).mul(1 - b2));
      const update = mk.ref.div(c1.ref).div(np.sqrt(vk.ref.div(c2.ref)).add(eps)).mul(lr);
      next.p![k] = p[k].sub(update);
      next.m![k] = mk;
      next.v![k] = vk;
    }
    c1.dispose();
    c2.dispose();
    return [loss, next.p, next.m, next.v];
  });
}

export async function jaxFramework(): Promise<Framework> {
  const jax = await loadJax();
  const np = jax.numpy;
  return {
    name: 'jax-js',
    async trainer(w: Workload): Promise<Trainer> {
      const x = np.array(w.data).reshape([w.rows, w.layers[0]]);
      const keys = w.init.map((_, i) => `w${i}`);
      let p: Record<string, Jax> = Object.fromEntries(w.init.map((v, i) =>
        [keys[i], np.array(v).reshape([w.layers[i], w.layers[i + 1]])]));
      const zeros = () => Object.fromEntries(keys.map((k, i) =>
        [k, np.zeros([w.layers[i], w.layers[i + 1]])]));
      let m = zeros();
      let v = zeros();
      const step = makeStep(jax, w.lr, keys.length);
      let t = 0;
      return {
        async epoch(order: Uint32Array) {
          let total: Jax = null;
          for (let first = 0; first < w.rows; first += w.batch) {
            const n = Math.min(w.batch, w.rows - first);
            t++;
            const idx = np.array(Int32Array.from(order.subarray(first, first + n)),
              { dtype: np.int32 });
            const [loss, p2, m2, v2] = step(p, m, v, np.take(x.ref, idx, 0),
              1 - 0.9 ** t, 1 - 0.999 ** t);
            [p, m, v] = [p2, m2, v2];
            const weighted = loss.mul(n / w.rows);
            total = total === null ? weighted : total.add(weighted);
          }
          return (await total.data())[0];
        },
        dispose() {
          x.dispose();
          for (const tree of [p, m, v]) for (const a of Object.values(tree)) a.dispose();
        },
      };
    },
    async matmul(M, K, N, transA, transB) {
      const { a: av, b: bv } = matmulOperands(M, K, N);
      const a = np.array(av).reshape(transA ? [K, M] : [M, K]);
      const b = np.array(bv).reshape(transB ? [N, K] : [K, N]);
      const product = jax.jit((x: Jax, y: Jax) =>
        np.matmul(transA ? x.transpose() : x, transB ? y.transpose() : y));
      return {
        async run(reps: number) {
          // jax-js evaluates lazily: a product disposed unread might never be computed,
          // so every one is made ready before the last is read.
          const products: Jax[] = [];
          for (let i = 0; i < reps; i++) products.push(product(a.ref, b.ref));
          await jax.blockUntilReady(products);
          const last = products.pop();
          for (const p of products) p.dispose();
          await last.data(); // data() takes ownership: it frees the array
        },
        dispose() {
          a.dispose();
          b.dispose();
        },
      };
    },
  };
}
