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
}

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
  attrs: TapeEntry['attrs'] = {}, backward?: EntryBackward): void {
  checkFinite(op, output);
  if (!isRecording() || !inputs.some((t) => t.requiresGrad)) return;
  output.requiresGrad = true;
  recorder!.record(backward ? { op, inputs, output, attrs, backward }
    : { op, inputs, output, attrs });
}
