// Timing helpers. The bench interleaves frameworks round by round and reports
// medians, so a busy moment on the machine hits every framework alike.

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Milliseconds `fn` takes. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Repetitions of `run` that take at least `minMs` (doubling from 1). */
export async function calibrate(run: (reps: number) => Promise<void>, minMs: number) {
  let reps = 1;
  for (;;) {
    const ms = await timed(() => run(reps));
    if (ms >= minMs || reps >= 1 << 14) return reps;
    reps *= ms < minMs / 8 ? 8 : 2;
  }
}

/**
 * Before each timed run, a pause: what the previous framework left running on the shared
 * CPU (its devices' queues) would otherwise be charged to the next one. Without it a
 * quick run measured tapegrad's credit epoch at ~590 ms right after TF.js' epoch,
 * against ~185 ms alone.
 * With `collect`, first a full garbage collection (node --expose-gc, as `npm run bench`
 * starts it), for the training epochs: the peers' epochs leave garbage whose collection
 * otherwise lands in the next framework's epoch (tapegrad's credit epoch read ~134 ms
 * after them, ~85–90 ms alone or with the collection). Not before the matmul probes:
 * there it made tapegrad's dispatch-bound small matmuls 2–3× slower in the peers'
 * company (1000×33×20: ~0.33 GFLOP/s against ~0.85 without it or without the peers).
 */
export async function settleBetweenFrameworks(collect: boolean, ms = 200): Promise<void> {
  if (collect) (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, ms));
}
