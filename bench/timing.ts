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
 * Before each timed run: a full garbage collection (node --expose-gc, as `npm run bench`
 * starts it) and a pause. What the previous framework left behind on the shared CPU,
 * its devices' queues and its garbage, would otherwise be charged to the next one.
 * Without the pause a quick run measured tapegrad's credit epoch at ~590 ms right after
 * TF.js' epoch, against ~185 ms alone; with the pause but no collection, ~134 ms
 * against ~85 ms.
 */
export async function settleBetweenFrameworks(ms = 200): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, ms));
}
