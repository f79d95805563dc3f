// Elementwise ops on the GPU against the float64 reference, at sizes around the
// 256-invocation workgroup, plain and accumulating into an existing tensor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  add, close, copy, init, mul, relu, scale, sigmoid, square, sub, tanh, tensor, type Tensor,
} from '../../src/index.js';
import type { MapName } from '../../src/shaders/elementwise.js';
import { MAP_REFERENCE } from '../../src/tensor/reference.js';
import { expectClose, type Tolerance } from '../helpers/close.js';
import { values } from '../helpers/gpu.js';
import { randomValues } from '../helpers/random.js';

beforeAll(() => init());
afterAll(() => close());

type Opts = { addTo?: Tensor };

interface OpCase {
  name: MapName;
  arity: 1 | 2;
  run: (x: Tensor[], opts: Opts) => Tensor;
  tol: Tolerance;
}

// Inputs are float32 values, so + − · are off by at most one rounding of the result;
// exp, and so tanh and sigmoid, carries a few ulp more (and tanh's 1 − e near 0).
const ARITH: Tolerance = { atol: 1e-6, rtol: 1e-6 };
const TRANSCENDENTAL: Tolerance = { atol: 2e-6, rtol: 1e-5 };
const C = -1.5; // scale's constant

const OPS: OpCase[] = [
  { name: 'add', arity: 2, run: ([a, b], o) => add(a!, b!, o), tol: ARITH },
  { name: 'sub', arity: 2, run: ([a, b], o) => sub(a!, b!, o), tol: ARITH },
  { name: 'mul', arity: 2, run: ([a, b], o) => mul(a!, b!, o), tol: ARITH },
  { name: 'scale', arity: 1, run: ([a], o) => scale(a!, C, o), tol: ARITH },
  { name: 'copy', arity: 1, run: ([a], o) => copy(a!, o), tol: ARITH },
  { name: 'square', arity: 1, run: ([a], o) => square(a!, o), tol: ARITH },
  { name: 'relu', arity: 1, run: ([a], o) => relu(a!, o), tol: ARITH },
  { name: 'tanh', arity: 1, run: ([a], o) => tanh(a!, o), tol: TRANSCENDENTAL },
  { name: 'sigmoid', arity: 1, run: ([a], o) => sigmoid(a!, o), tol: TRANSCENDENTAL },
];

/** The float64 reference of op `name` at one element. */
function reference(name: MapName, a: number, b: number): number {
  return MAP_REFERENCE[name](a, b, 0, 0, C);
}

const SIZES = [0, 1, 3, 255, 256, 257, 1001, 33 * 1000];

const rows = OPS.flatMap((op) => SIZES.flatMap((n) =>
  [false, true].map((acc) => [op.name, acc ? 'accumulating' : 'plain', n, op, acc] as const)));

describe('elementwise ops match the float64 reference', () => {
  it.each(rows)('%s (%s) at n=%i', async (name, mode, n, op, accumulate) => {
    const seed = n * 31 + name.length;
    const a = randomValues(seed, n, { lo: -4, hi: 4 });
    const b = randomValues(seed + 1, n, { lo: -4, hi: 4 });
    const c0 = randomValues(seed + 2, n);
    const inputs = [tensor(a, [n]), tensor(b, [n])].slice(0, op.arity);
    const addTo = accumulate ? tensor(c0, [n]) : undefined;
    const out = op.run(inputs, addTo ? { addTo } : {});
    expect(out.shape).toEqual([n]);
    if (addTo) expect(out).toBe(addTo);
    const expected = a.map((x, i) => reference(name, x, b[i]!) + (accumulate ? c0[i]! : 0));
    expectClose(await values(out), expected, op.tol, `${name} ${mode} n=${n}`);
  });

  it('keeps a 2-D shape and its row-major order', async () => {
    const x = tensor([1, -2, 3, -4, 5, -6], [2, 3]);
    const y = relu(scale(x, 2));
    expect(y.shape).toEqual([2, 3]);
    expect(await values(y)).toEqual([2, 0, 6, 0, 10, 0]);
  });
});

describe('tanh and sigmoid saturate without NaN at large |x|', () => {
  const xs = [-1e4, -100, -89, -88, -20, 20, 88, 89, 100, 1e4];

  it('tanh gives ±1', async () => {
    const got = await values(tanh(tensor(xs, [xs.length])));
    expect(got).toEqual(xs.map((x) => Math.sign(x)));
  });

  it('sigmoid gives 0 for large negative and 1 for large positive x', async () => {
    const got = await values(sigmoid(tensor(xs, [xs.length])));
    expectClose(got, xs.map((x) => (x < 0 ? 0 : 1)), { atol: 3e-9, rtol: 0 }, 'sigmoid ±large');
    for (const v of got) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('tanh and sigmoid of 0 are exactly 0 and 1/2', async () => {
    expect(await values(tanh(tensor([0, -0], [2])))).toEqual([0, -0]);
    expect(await values(sigmoid(tensor([0], [1])))).toEqual([0.5]);
  });
});

describe('long ranges and many dispatches', () => {
  it('covers every element of a range folded into a 2-D grid (over 65535 workgroups)', async () => {
    const n = 65535 * 256 + 300;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = (i % 1000) - 500;
    const got = await scale(tensor(x, [n]), 2).read();
    let wrong = -1;
    for (let i = 0; i < n && wrong < 0; i++) if (got[i] !== 2 * x[i]!) wrong = i;
    expect(wrong, wrong >= 0 ? `index ${wrong}: got ${got[wrong]}, expected ${2 * x[wrong]!}` : '')
      .toBe(-1);
  });

  it('stays right across more distinct constants than the uniform cache holds', async () => {
    // 4200 scale constants c_k = k/1024 > the 4096 cached uniforms; every partial sum is
    // a multiple of 1/1024 below 2^14, so float32 sums are exact.
    const x = tensor([1, -2, 0.5], [3]);
    const acc = tensor([0, 0, 0], [3]);
    let total = 0;
    for (let k = 0; k < 4200; k++) {
      scale(x, k / 1024, { addTo: acc });
      total += k / 1024;
    }
    expect(await values(acc)).toEqual([total, -2 * total, 0.5 * total]);
  });
});
