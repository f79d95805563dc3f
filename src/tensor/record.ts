// How ops tell the autograd tape what they did. The tape lives in src/autograd and
// installs itself here, so ops need not import it (imports point one way).
import { checkFinite } from './nan-check.js';
import type { Tensor } from './tensor.js';

/** A backward rule carried by the entry itself (user-defined ops); see autograd/rules.ts. */
export type EntryBackward = (dy: Tensor, entry: TapeEntry,
  emit: (input: number, make: (addTo?: Tensor) => Tensor) => void) => void;

export interface TapeEntry {
  op: string;
  inputs: Tensor[];
  output: Tensor;
  /** What the backward rule needs besides the inputs: flags, constants. */
  attrs: Record<string, number | boolean>;
  /** The rule of an op defined with defineOp; built-in ops have theirs in RULES. */
  backward?: EntryBackward;
  /** Tensors the forward pass made for the rule (not inputs): the tape owns them and
   * disposes them when it clears, unless backward made one a leaf's gradient. */
  saved?: Tensor[];
}

/**
 * The seeds backward() starts from, dL/dL = 1. A rule whose forward pass computed its
 * input's gradient ahead (mse) hands that over as is when dy is one of these, instead
 * of multiplying by a 1 it cannot read without waiting on the GPU.
 */
export const unitGradients = new WeakSet<Tensor>();

export interface Recorder {
  record(entry: TapeEntry): void;
}

let recorder: Recorder | null = null;
let pausedDepth = 0;

export function installRecorder(r: Recorder): void {
  recorder = r;
}

/** True when an op with an input that requires grad will be put on the tape. */
export function isRecording(): boolean {
  return recorder !== null && pausedDepth === 0;
}

/** Runs `fn` without recording: evaluation, optimizer steps, backward itself. */
export function noGrad<T>(fn: () => T): T {
  pausedDepth++;
  try {
    return fn();
  } finally {
    pausedDepth--;
  }
}

/**
 * Puts an op on the tape when recording and any input requires grad. Every op calls it
 * with its result, so it is also where the opt-in NaN/Inf check looks at each result.
 */
export function record(op: string, inputs: Tensor[], output: Tensor,
  attrs: TapeEntry['attrs'] = {}, backward?: EntryBackward, saved?: Tensor[]): void {
  checkFinite(op, output);
  if (!willRecord(inputs)) return;
  output.requiresGrad = true;
  const entry: TapeEntry = { op, inputs, output, attrs };
  if (backward) entry.backward = backward;
  if (saved) entry.saved = saved;
  recorder!.record(entry);
}

/** True when record() with these inputs will put the op on the tape. */
export function willRecord(inputs: Tensor[]): boolean {
  return isRecording() && inputs.some((t) => t.requiresGrad);
}
