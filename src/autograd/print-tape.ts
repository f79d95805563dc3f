// The tape as text, for study and debugging: one entry per op in forward order, with
// the kernel variant it ran, its input and output shapes, and, under it, what its
// backward rule computes for each input that wants a gradient, in the tensors' own
// names. backward() walks the entries from the last to the first; the first gradient a
// tensor gets is written (=), later ones are added into it (+=, the kernels' addTo):
// that is where a tensor used more than once, like a tied weight, sums its uses.
//
// The formulas restate src/autograd/rules.ts (· is a matmul, ⊙ elementwise) and must
// change with it; test/extend/print-tape.test.ts pins them for every matmul variant.
import type { TapeEntry } from '../tensor/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/errors.js';
import { tapeEntries } from './tape.js';

const T = (s: string) => `${s}ᵀ`;

type Names = Map<Tensor, string>;

// Short names that stay the same from run to run: a tensor's own name, else tK for the
// result of entry #K, else leafJ in order of first use.
function nameTensors(entries: readonly TapeEntry[]): Names {
  const names: Names = new Map();
  entries.forEach((e, k) => names.set(e.output, e.output.name ?? `t${k + 1}`));
  let leaves = 0;
  for (const e of entries) {
    for (const t of e.inputs) if (!names.has(t)) names.set(t, t.name ?? `leaf${++leaves}`);
  }
  return names;
}

function matmulVariant(e: TapeEntry): string {
  return `${e.attrs.transA ? 'Aᵀ' : 'A'}·${e.attrs.transB ? 'Bᵀ' : 'B'}`;
}

/** The kernel variant an entry ran. */
function variantOf(e: TapeEntry): string {
  if (e.backward) {
    const attrs = Object.entries(e.attrs).map(([k, v]) => ` ${k}=${v}`).join('');
    return `custom_${e.op}${attrs}`;
  }
  switch (e.op) {
    case 'matmul': return matmulVariant(e);
    case 'sum': case 'mean': return 'reduce_sum';
    case 'mse': return 'reduce_sqdiff_grad';
    case 'scale': return `map_scale c=${e.attrs.c}`;
    default: return `map_${e.op}`;
  }
}

// C = op(A)·op(B), as rules.ts computes it: dA and dB as matmuls with flags.
function matmulGrads(a: string, b: string, dy: string, e: TapeEntry): string[] {
  const tA = !!e.attrs.transA;
  const tB = !!e.attrs.transB;
  return [
    tA ? `${tB ? T(b) : b}·${T(dy)}` : `${dy}·${tB ? b : T(b)}`,
    tB ? `${T(dy)}·${tA ? T(a) : a}` : `${tA ? a : T(a)}·${dy}`,
  ];
}

/** Per input: the expression its backward rule computes from dy. */
function gradExpressions(e: TapeEntry, names: Names): string[] {
  const [a = '', b = ''] = e.inputs.map((t) => names.get(t)!);
  const y = names.get(e.output)!;
  const dy = `d${y}`;
  if (e.backward) return e.inputs.map(() => `${e.op} backward(${dy}) (user-defined)`);
  const n = e.inputs[0]?.size ?? 0;
  const table: Record<string, () => string[]> = {
    matmul: () => matmulGrads(a, b, dy, e),
    add: () => [dy, dy],
    sub: () => [dy, `−${dy}`],
    mul: () => [`${dy}⊙${b}`, `${dy}⊙${a}`],
    copy: () => [dy],
    scale: () => [`${e.attrs.c}·${dy}`],
    square: () => [`2·${a}⊙${dy}`],
    relu: () => [`${dy}⊙[${a} > 0]`],
    tanh: () => [`${dy}⊙(1 − ${y}²)`],
    sigmoid: () => [`${dy}⊙${y}⊙(1 − ${y})`],
    sum: () => [`${dy} in every element`],
    mean: () => [`${dy}/${n} in every element`],
    mse: () => [`2(${a} − ${b})/${n}·${dy}`, `−2(${a} − ${b})/${n}·${dy}`],
  };
  return table[e.op]?.() ?? e.inputs.map(() => `(no formula for ${e.op})`);
}

function entryLines(e: TapeEntry, k: number, names: Names, gradLines: string[]): string[] {
  const inputs = e.inputs.map((t) => `${names.get(t)} ${fmtShape(t.shape)}`).join(', ');
  const column = (text: string, width: number) => `${text.padEnd(width - 1)} `;
  const head = column(`#${k + 1}`, 4) + column(e.op, 9) + column(variantOf(e), 16) +
    `${inputs} -> ${names.get(e.output)} ${fmtShape(e.output.shape)}`;
  return [head, ...gradLines.map((g) => `      ${g}`)];
}

/**
 * The tape as text: `entries` (default: what has been recorded since the last
 * backward) in forward order, each with its backward, and the tensors whose gradient
 * is a sum of several uses.
 */
export function formatTape(entries: readonly TapeEntry[] = tapeEntries()): string {
  // Walk as backward does, last entry first, to know which gradient is written (=)
  // and which is added into (+=).
  const names = nameTensors(entries);
  const uses = new Map<Tensor, number[]>();
  const grads: string[][] = entries.map(() => []);
  for (let k = entries.length - 1; k >= 0; k--) {
    const e = entries[k]!;
    const exprs = gradExpressions(e, names);
    e.inputs.forEach((x, i) => {
      if (!x.requiresGrad) return;
      const seen = uses.get(x) ?? [];
      grads[k]!.push(`d${names.get(x)} ${seen.length ? '+=' : '='} ${exprs[i]}`);
      uses.set(x, [...seen, k + 1]);
    });
  }
  const count = `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`;
  const lines = [`tape: ${count} in forward order; backward() runs them ` +
    'from the last to the first',
  ...entries.flatMap((e, k) => entryLines(e, k, names, grads[k]!))];
  const shared = [...uses].filter(([, at]) => at.length > 1);
  if (shared.length > 0) {
    lines.push('gradients that add up (a tensor used more than once):');
    for (const [t, at] of shared) {
      const later = at.slice(1).map((k) => `#${k}`).join(', ');
      const name = names.get(t)!;
      lines.push(`  ${name} ${fmtShape(t.shape)}: #${at[0]} writes d${name}, then ` +
        `${later} ${at.length > 2 ? 'add' : 'adds'} into it (addTo)`);
    }
  }
  return lines.join('\n');
}
