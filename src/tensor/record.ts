// How ops tell the autograd tape what they did. The tape lives in src/autograd and
// installs itself here, so ops need not import it (imports point one way).
import type { Tensor } from './tensor.js';

export interface TapeEntry {
  op: string;
  inputs: Tensor[];
  output: Tensor;
  /** What the backward rule needs besides the inputs: flags, constants. */
  attrs: Record<string, number | boolean>;
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

/** Puts an op on the tape when recording and any input requires grad. */
export function record(op: string, inputs: Tensor[], output: Tensor,
  attrs: TapeEntry['attrs'] = {}): void {
  if (!isRecording() || !inputs.some((t) => t.requiresGrad)) return;
  output.requiresGrad = true;
  recorder!.record({ op, inputs, output, attrs });
}
