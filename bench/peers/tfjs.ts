// TensorFlow.js 4.22: the webgpu backend on the same adapter, and the wasm backend on
// the CPU for scale. The model is written the usual TF.js way: variables, an Adam
// optimizer and minimize(); matMul's transpose flags for the tied decoder.
import type { Framework, Trainer, Workload } from '../workloads.js';
import { matmulOperands } from '../workloads.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Tf = any;

export async function tfFramework(backend: 'webgpu' | 'wasm'): Promise<Framework> {
  const tf: Tf = await import('@tensorflow/tfjs-core');
  // tfjs-core alone has no gradients; the @tensorflow/tfjs bundle registers them so.
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  else {
    const wasm: Tf = await import('@tensorflow/tfjs-backend-wasm');
    const { createRequire } = await import('node:module');
    const dir = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(dir.replace(/[^/]*$/, ''));
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start ${backend}`);
  await tf.ready();
  return {
    name: `tfjs-${backend}`,
    async trainer(w: Workload): Promise<Trainer> {
      await tf.setBackend(backend);
      const x = tf.tensor2d(w.data, [w.rows, w.layers[0]]);
      const ws = w.init.map((v, i) => tf.variable(tf.tensor2d(v, [w.layers[i], w.layers[i + 1]])));
      const opt = tf.train.adam(w.lr, 0.9, 0.999, 1e-8);
      const lossOf = (xb: Tf) => () => {
        let h = xb;
        for (const wi of ws) h = tf.matMul(h, wi);
        for (const wi of [...ws].reverse()) h = tf.matMul(h, wi, false, true);
        return tf.mean(tf.square(tf.sub(h, xb)));
      };
      return {
        async epoch(order: Uint32Array) {
          let total = tf.scalar(0);
          for (let first = 0; first < w.rows; first += w.batch) {
            const n = Math.min(w.batch, w.rows - first);
            const next = tf.tidy(() => {
              const xb = tf.gather(x, tf.tensor1d(Int32Array.from(order.subarray(first, first + n)),
                'int32'));
              const cost = opt.minimize(lossOf(xb), true, ws);
              return tf.add(total, tf.mul(cost, n / w.rows));
            });
            total.dispose();
            total = next;
          }
          const loss = (await total.data())[0];
          total.dispose();
          return loss;
        },
        dispose() {
          x.dispose();
          for (const v of ws) v.dispose();
          opt.dispose();
        },
      };
    },
    async matmul(M, K, N, transA, transB) {
      await tf.setBackend(backend);
      const { a: av, b: bv } = matmulOperands(M, K, N);
      const a = tf.tensor2d(av, transA ? [K, M] : [M, K]);
      const b = tf.tensor2d(bv, transB ? [N, K] : [K, N]);
      return {
        async run(reps: number) {
          let last: Tf = null;
          for (let i = 0; i < reps; i++) {
            last?.dispose();
            last = tf.matMul(a, b, transA, transB);
          }
          await last.data();
          last.dispose();
        },
        dispose() {
          a.dispose();
          b.dispose();
        },
      };
    },
  };
}
