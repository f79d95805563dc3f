// What the adapter can do at best: FMA throughput on registers and copy bandwidth,
// with the kernels of src/shaders/ceiling.ts.
import { ceilingGrid, copyWgsl, fmaFlops, fmaWgsl } from '../src/shaders/ceiling.js';
import { tensor } from '../src/index.js';
import { currentGpu } from '../src/tensor/runtime.js';
import { median, timed } from './timing.js';

export interface Ceiling {
  gflops: number;
  copyGBs: number;
}

export async function measureCeiling(): Promise<Ceiling> {
  const gpu = currentGpu('bench')!;
  const invocations = 64 * 512;
  const iters = 1000;
  const out = tensor(new Float32Array(invocations), [invocations]);
  const fma = gpu.compile(`ceiling_fma_${iters}`, () => fmaWgsl(iters));
  const runFma = async () => {
    gpu.dispatch(fma, [out.buffer], ceilingGrid(invocations), 'ceiling_fma');
    await gpu.settle();
  };
  await runFma();
  const fmaTimes = [];
  for (let i = 0; i < 3; i++) fmaTimes.push(await timed(runFma));

  const n = 8 * 1024 * 1024; // floats: 32 MiB each way
  const src = tensor(new Float32Array(n), [n]);
  const dst = tensor(new Float32Array(n), [n]);
  const copy = gpu.compile('ceiling_copy', copyWgsl);
  const params = gpu.uniform(new Uint32Array([n / 4]));
  const runCopy = async () => {
    gpu.dispatch(copy, [params, src.buffer, dst.buffer], ceilingGrid(n / 4), 'ceiling_copy');
    await gpu.settle();
  };
  await runCopy();
  const copyTimes = [];
  for (let i = 0; i < 3; i++) copyTimes.push(await timed(runCopy));
  for (const t of [out, src, dst]) t.dispose();
  return {
    gflops: fmaFlops(invocations, iters) / median(fmaTimes) / 1e6,
    copyGBs: (2 * n * 4) / median(copyTimes) / 1e6,
  };
}
