// The opt-in NaN/Inf check: off by default, on with setNanCheck(true). It looks at the
// result of every op (record() calls it) and of every gradient backward emits, and
// names the first one that held a NaN or an Inf.
//
// On the cpu backend the values are right there, so the op that made one throws at
// once. On the GPU, results are not readable until the queue runs, so each result gets
// a small check kernel that leaves the sequence number of the first bad op in a flag
// buffer (see src/shaders/finite-check.ts); the next read() looks at the flag and
// throws, naming that op, its result and where it ran (forward, or which backward).
// NOTE: results written in place (addTo, outside backward) and Adam's updates are not
// checked: they never pass through record(). A NaN there shows up in the next op that
// reads them. Labels wait in a map until the next read, so a long run with the check
// on and no read grows it by one short string per op.
import {
  FINITE_CHECK_LABEL, FINITE_CLEAN, finiteCheckGrid, finiteCheckWgsl,
} from '../shaders/finite-check.js';
import { TensorError } from './errors.js';
import type { Gpu } from './gpu.js';
import { BufferUsage } from './pool.js';
import type { Tensor } from './tensor.js';

/** Thrown by the NaN/Inf check; the message names the first op that produced one. */
export class NonFiniteError extends TensorError {
  override name = 'NonFiniteError';
}

interface DeviceState {
  flag: GPUBuffer;
  /** What each pending sequence number checked, e.g. "tanh -> tensor#7 [2, 3]". */
  labels: Map<number, string>;
}

let enabled = false;
let context: string | null = null;
let nextSeq = 0;
const states = new WeakMap<Gpu, DeviceState>();

/** Turns the NaN/Inf check on or off (off by default: it costs a dispatch per op). */
export function setNanCheck(on: boolean): void {
  enabled = on;
}

export function nanCheckEnabled(): boolean {
  return enabled;
}

/** Runs `fn` with `label` (e.g. "backward of #4 tanh") prefixed to what it checks. */
export function withCheckContext<T>(label: string, fn: () => T): T {
  if (!enabled) return fn();
  const outer = context;
  context = label;
  try {
    return fn();
  } finally {
    context = outer;
  }
}

const HINT = '\nhint: look at the inputs of that op (too large a learning rate makes ' +
  'weights overflow; log, sqrt and division need inputs in range)';

/** Checks `t`, the result of `op`: now on the CPU, by a queued kernel on the GPU. */
export function checkFinite(op: string, t: Tensor): void {
  if (!enabled || t.size === 0) return;
  const what = `${context ? `${context}: ` : ''}${op} -> ${t}`;
  if (!t.gpu) {
    const bad = t.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new NonFiniteError(`nan check: results must be finite; got ${t.data[bad]} at ` +
        `element ${bad} of ${what}${HINT}`);
    }
    return;
  }
  const state = deviceState(t.gpu);
  const seq = nextSeq++;
  state.labels.set(seq, what);
  const kernel = t.gpu.compile(FINITE_CHECK_LABEL, finiteCheckWgsl);
  const params = t.gpu.uniform(new Uint32Array([t.size, seq]));
  t.gpu.dispatch(kernel, [params, t.buffer, state.flag], finiteCheckGrid(t.size),
    FINITE_CHECK_LABEL);
}

function deviceState(gpu: Gpu): DeviceState {
  let state = states.get(gpu);
  if (state) return state;
  const flag = gpu.device.createBuffer({
    size: 16,
    usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
    label: 'nan check: first bad op',
  });
  gpu.write(flag, new Uint32Array([FINITE_CLEAN]));
  state = { flag, labels: new Map() };
  states.set(gpu, state);
  return state;
}

/** After a read from `gpu`: throws when a checked op has produced a NaN or an Inf. */
export async function afterGpuRead(gpu: Gpu, what: string): Promise<void> {
  const state = states.get(gpu);
  if (!state || state.labels.size === 0) return;
  const upTo = nextSeq; // checks queued while we wait are judged by the next read
  const first = new Uint32Array(await gpu.read(state.flag, 4, 'nan check'))[0]!;
  if (first === FINITE_CLEAN) {
    for (const seq of state.labels.keys()) if (seq < upTo) state.labels.delete(seq);
    return;
  }
  const label = state.labels.get(first) ?? `op number ${first}`;
  state.labels.clear();
  gpu.write(state.flag, new Uint32Array([FINITE_CLEAN]));
  throw new NonFiniteError(`nan check: results must be finite; the first NaN or Inf came ` +
    `from ${label} (found at the ${what})${HINT}`);
}
