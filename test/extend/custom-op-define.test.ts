// defineOp: what it refuses in a spec, and WGSL compile errors told at the line and
// column of the user's own source, with the line and a caret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TensorError, WgslError, close, defineOp, init, tensor, type OpSpec,
} from '../../src/index.js';
import { currentGpu } from '../../src/tensor/runtime.js';
import { defineSoftplus, errorOf } from './ops.js';

beforeAll(() => init());
afterAll(() => close());

const identity = (wgsl: string, extra: Partial<OpSpec> = {}): OpSpec =>
  ({ name: 'ident', inputs: ['x'], shape: ([x]) => x, wgsl, ...extra });

describe('a WGSL compile error points into the user\'s source', () => {
  const source = [
    '// softplus, with a typo',
    'fn compute(i: u32) {',
    '  out[i] = log(1.0 + exp(y[i]));',
    '}',
  ].join('\n');

  it('names the op, file:line:column, the message, the line and a caret', async () => {
    const e = await errorOf(() => defineOp(identity(source, { name: 'typo' })));
    expect(e).toBeInstanceOf(WgslError);
    expect(e.message).toBe([
      'typo: the WGSL does not compile',
      "typo.wgsl:3:26: error: unresolved value 'y'",
      '  3 |   out[i] = log(1.0 + exp(y[i]));',
      '    |                          ^',
    ].join('\n'));
  });

  it('gives the site as data: line, column and the source line', async () => {
    const e = await errorOf(() => defineOp(identity(source, { name: 'typo2' })));
    expect((e as WgslError).site).toEqual({ message: "unresolved value 'y'", line: 3,
      column: 26, sourceLine: '  out[i] = log(1.0 + exp(y[i]));' });
  });

  it('a type error on the first line is line 1', async () => {
    const e = await errorOf(() => defineOp(identity('fn compute(i: u32) { out[i] = i; }')));
    expect((e as WgslError).site).toMatchObject({ line: 1, column: 29 });
    expect(e.message).toMatch(/^ident\.wgsl:1:29: error: .*u32/m);
  });

  it('a missing compute function says what to define', async () => {
    const e = await errorOf(() => defineOp(identity('fn kernel(i: u32) { out[i] = x[i]; }')));
    expect(e.message).toMatch(
      /generated line \d+\): error: unresolved (call target|function) 'compute'/);
    expect(e.message).toContain('hint: the WGSL must define fn compute(i: u32), run once for ' +
      'each i < p.n');
  });

  it('declaring a generated name again says which names are taken', async () => {
    const e = await errorOf(() => defineOp(identity(
      'var<private> out: f32;\nfn compute(i: u32) { }')));
    expect(e).toBeInstanceOf(WgslError);
    expect(e.message).toContain('hint: the generated code declares p, out, main and each input');
  });

  it('leaves the device usable: the next op runs and reads back', async () => {
    await errorOf(() => defineOp(identity(source, { name: 'typo3' })));
    const op = await defineOp(identity('fn compute(i: u32) { out[i] = 2.0 * x[i]; }',
      { name: 'twice' }));
    expect(Array.from(await op(tensor([1, 2, 3], [3])).read())).toEqual([2, 4, 6]);
  });
});

describe('the spec is checked before anything compiles', () => {
  const cases: [string, Partial<OpSpec>, string][] = [
    ['a name that is no identifier', { name: 'soft plus' },
      'defineOp: name must be a WGSL-style identifier (letter, then letters, digits, _); ' +
      'got "soft plus"'],
    ['a built-in op\'s name', { name: 'tanh' },
      "defineOp: name must not be a built-in op's; got tanh"],
    ['an input named like generated code', { inputs: ['out'] },
      'defineOp: ident: p, out, n, main, compute, Params, gid, nwg, i are taken by the ' +
      'generated code; got out'],
    ['the same name twice', { inputs: ['x', 'x'] },
      'defineOp: ident: inputs, sizes and attrs need distinct names; got x twice'],
    ['no shape rule', { shape: undefined }, 'defineOp: ident: needs a shape rule; got undefined'],
    ['too large a workgroup', { workgroupSize: 1024 },
      'defineOp: ident: workgroupSize must be a whole number in 1..256; got 1024'],
    ['an attr without a finite default', { attrs: { beta: NaN } },
      'defineOp: ident: attr beta needs a finite default; got NaN'],
    ['a backward that is no function', { backward: 3 as never },
      'defineOp: ident: backward must be a function; got number'],
    ['no inputs', { inputs: [] }, 'defineOp: inputs must be an array of 1 to 7 names; got []'],
  ];

  it.each(cases)('refuses %s', async (_what, change, message) => {
    const e = await errorOf(() => defineOp({ ...identity('fn compute(i: u32) { }'), ...change }));
    expect(e).toBeInstanceOf(TensorError);
    expect(e.message).toBe(message);
  });
});

describe('GPU objects are labelled', () => {
  it('the pipeline carries custom_<name>', async () => {
    const { softplus } = await defineSoftplus('labelled');
    const gpu = currentGpu()!;
    expect(gpu.pipelines.get('custom_labelled', softplus.wgsl).pipeline.label)
      .toBe('custom_labelled');
    expect(softplus.name).toBe('labelled');
  });

  it('the module shows the generated bindings around the user\'s source', async () => {
    const { softplus } = await defineSoftplus('shown');
    expect(softplus.wgsl).toContain('@group(0) @binding(1) var<storage, read> x: array<f32>;');
    expect(softplus.wgsl).toContain('// ---- shown.wgsl\nfn compute(i: u32) {');
  });
});

describe('an op defined without a GPU', () => {
  it('runs on the cpu backend, and on a GPU only after compile()', async () => {
    await close();
    await init({ backend: 'cpu' });
    const { softplus, softplusGrad } = await defineSoftplus('late');
    expect((await softplus(tensor([0], [1])).read())[0]).toBeCloseTo(Math.LN2, 12);
    await init();
    const x = tensor([0], [1]);
    const e = await errorOf(() => softplus(x));
    expect(e.message).toBe('late: its WGSL has not been compiled and checked yet\nhint: ' +
      '`await late.compile()` once init() has a GPU (defineOp does it then)');
    await softplus.compile();
    await softplusGrad.compile();
    expect((await softplus(x).read())[0]).toBeCloseTo(Math.LN2, 6);
  });
});
