// The tape: every op on a tensor that requires grad appends an entry; backward(loss)
// walks the entries in reverse, applies each op's rule, and leaves the gradients of
// the leaves in `t.grad`. Then the tape is cleared: a second backward over the same
// graph is refused rather than doubling gradients, and the next step starts clean.
import { ShapeError, TensorError, fmtShape, internal } from '../tensor/errors.js';
import { checkFinite, withCheckContext } from '../tensor/nan-check.js';
import { installRecorder, noGrad, unitGradients, type TapeEntry } from '../tensor/record.js';
import { sameShape } from '../tensor/shape.js';
import { emptyTensor, keep, withTapeAccess, type Tensor } from '../tensor/tensor.js';
import { RULES, type BackwardRule } from './rules.js';

let entries: TapeEntry[] = [];

/** A built-in op's rule, or the one a user-defined op carries on its entry. */
function ruleOf(entry: TapeEntry): BackwardRule | undefined {
  return entry.backward ?? RULES[entry.op];
}

installRecorder({
  record(entry: TapeEntry): void {
    if (!ruleOf(entry)) {
      throw new TensorError(`${entry.op}: has no backward rule, and an input requires grad ` +
        `(${entry.inputs.filter((t) => t.requiresGrad).join(', ')})\nhint: run it in noGrad()`);
    }
    for (const t of entry.inputs) t.tapeRefs++;
    for (const t of entry.saved ?? []) t.tapeRefs++;
    entry.output.tapeRefs++;
    entries.push(entry);
  },
});

/** The entries recorded since the last backward (read-only view). */
export function tapeEntries(): readonly TapeEntry[] {
  return entries;
}

/** Forgets everything recorded, e.g. after a forward pass that needs no gradient. */
export function clearTape(): void {
  dropEntries(new Set());
}

// The tape owns the tensors entries saved: they go with the entries, except those that
// backward made a leaf's .grad (`handedOver`).
function dropEntries(handedOver: ReadonlySet<Tensor>): void {
  const dropped = entries;
  entries = [];
  for (const e of dropped) {
    for (const t of e.inputs) t.dropTapeRef();
    for (const t of e.saved ?? []) {
      t.dropTapeRef();
      if (!handedOver.has(t)) t.dispose();
    }
    e.output.dropTapeRef();
  }
}

function ones(like: Tensor): Tensor {
  const t = emptyTensor(like.shape, like.gpu, 'backward seed');
  if (t.gpu) t.gpu.write(t.buffer, new Float32Array([1]));
  else t.data[0] = 1;
  unitGradients.add(t);
  return t;
}

function checkLoss(loss: Tensor): void {
  loss.assertUsable('backward');
  if (loss.size !== 1) {
    throw new ShapeError('backward: needs a loss of one element; got shape ' +
      fmtShape(loss.shape));
  }
  if (!loss.requiresGrad || !entries.some((e) => e.output === loss)) {
    throw new TensorError(`backward: ${loss} is not on the tape` +
      '\nhint: it needs an input with requiresGrad, computed outside noGrad(), and each ' +
      'graph takes one backward() (the tape is cleared after it)');
  }
}

/**
 * Computes d loss / d t for every leaf t that requires grad and that the loss reaches,
 * into t.grad (replacing the previous one). Other leaves keep theirs; an optimizer
 * never applies one gradient twice (see Adam), so none is used stale.
 */
export function backward(loss: Tensor): void {
  checkLoss(loss);
  const grads = new Map<Tensor, Tensor>([[loss, ones(loss)]]);
  const leafGrads = new Set<Tensor>();
  try {
    withTapeAccess(() => noGrad(() => {
      for (let i = entries.length - 1; i >= 0; i--) {
        const entry = entries[i]!;
        withCheckContext(`backward of #${i + 1} ${entry.op}`, () => applyRule(entry, grads));
      }
    }));
    for (const [t, g] of grads) {
      if (!t.isLeaf || !t.requiresGrad) continue;
      t.grad?.dispose();
      t.grad = keep(g);
      leafGrads.add(g);
      grads.delete(t);
    }
  } finally {
    for (const g of grads.values()) g.dispose();
    dropEntries(leafGrads);
  }
}

function applyRule(entry: TapeEntry, grads: Map<Tensor, Tensor>): void {
  const dy = grads.get(entry.output);
  if (!dy) return;
  ruleOf(entry)!(dy, entry, (k, make) => {
    const x = entry.inputs[k];
    if (!x) throw internal(`${entry.op} backward emitted input ${k} of ${entry.inputs.length}`);
    if (!x.requiresGrad) return;
    const before = grads.get(x);
    const g = make(before);
    if (before && g !== before) throw internal(`${entry.op} backward ignored addTo`);
    if (!sameShape(g.shape, x.shape)) {
      throw internal(`${entry.op} backward gave a gradient of shape ${fmtShape(g.shape)} ` +
        `for input ${k} of shape ${fmtShape(x.shape)}`);
    }
    grads.set(x, g);
    checkFinite(`gradient of input ${k}`, g); // the opt-in NaN/Inf check
  });
  if (!entry.output.isLeaf) {
    grads.delete(entry.output); // every use of it comes earlier on the tape: done
    dy.dispose();
  }
}
