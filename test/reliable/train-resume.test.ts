// The training loop's side of reliability: it stops between any two steps, a saved
// state continues to the very losses of a run that never stopped (on the GPU and on the
// float64 reference), and the first NaN is named by epoch and step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam, NonFiniteLossError, Rng, TensorError, TiedAutoencoder, close, init, tensor, train,
  type Backend, type Tensor, type TrainOptions, type TrainState,
} from '../../src/index.js';
import { randomValues } from '../helpers/random.js';
import { trainLosses } from '../helpers/train.js';

const ROWS = 600;
const COLS = 10;
const DATA = randomValues(11, ROWS * COLS);
const CONFIG = { layers: [COLS, 6, 3], activation: 'tanh' as const, seed: 4 };
const OPTS = { epochs: 4, batch: 40, lr: 3e-3, seed: 5 }; // 15 steps an epoch

beforeAll(() => init());
afterAll(() => close());

function run(backend: Backend, extra: Partial<TrainOptions> = {}): Promise<number[]> {
  return trainLosses(DATA, [ROWS, COLS], CONFIG, { ...OPTS, ...extra }, backend);
}

describe.each(['webgpu', 'cpu'] as const)('on %s', (backend) => {
  it('stops before step 7 of epoch 3, and resumes to the same losses', async () => {
    const whole = await run(backend);
    let last: TrainState | null = null;
    const stopped = await run(backend, {
      shouldStop: ({ epoch, step }) => epoch === 3 && step === 7,
      onState: (s) => { last = s; },
    });
    expect(stopped).toEqual(whole.slice(0, 2));
    expect(last!.epoch).toBe(2);
    expect(last!.adam.t).toBe(30);
    const resumed = await run(backend, { resume: last! });
    expect(resumed).toEqual(whole); // exactly: same kernels, same order, same bits
  });
});

describe('non-finite values', () => {
  it('names epoch and step of the first NaN loss; the last state given is finite', async () => {
    const x = tensor(DATA, [ROWS, COLS]);
    const model = new TiedAutoencoder(CONFIG, x.gpu);
    const poison = (w: Tensor) => x.gpu!.write(w.buffer, new Float32Array(w.size).fill(NaN));
    let last: TrainState | null = null;
    const failed = train(model, x, {
      ...OPTS,
      shouldStop: ({ epoch, step }) => {
        if (epoch === 2 && step === 5) poison(model.weights[0]!);
        return false;
      },
      onState: (s) => { last = s; },
    });
    await expect(failed).rejects.toThrow(new NonFiniteLossError('train: the loss became NaN in ' +
      'epoch 2, step 6 of 15\nhint: lower --lr, or check the data for extreme values', 2, 6));
    await failed.catch((e: NonFiniteLossError) => expect([e.epoch, e.step]).toEqual([2, 6]));
    expect(last!.epoch).toBe(1);
    expect(last!.weights.every((w) => w.every(Number.isFinite))).toBe(true);
    model.dispose();
    x.dispose();
  });
});

describe('saved state', () => {
  it('is refused when the batch size differs from the run that saved it', async () => {
    let first: TrainState | null = null;
    await run('webgpu', { epochs: 1, onState: (s) => { first = s; } });
    await expect(run('webgpu', { batch: 50, resume: first! })).rejects.toThrow(new TensorError(
      'train: cannot resume from this state; Adam took 15 steps in 1 epochs, but the data and ' +
      'batch size give 12 steps per epoch\nhint: resume with the same data and --batch'));
  });

  it('Rng continues from its state exactly', () => {
    const a = new Rng(3);
    a.permutation(50);
    const b = Rng.fromState(a.getState());
    expect(Array.from(b.permutation(100))).toEqual(Array.from(a.permutation(100)));
    expect(() => Rng.fromState(2 ** 32)).toThrow(TensorError);
  });

  it('Adam loads the t, m and v it saved', async () => {
    const w = tensor([1, -2, 3], [3], { requiresGrad: true });
    const adam = new Adam([w]);
    adam.load({ t: 7, m: [[0.5, 0.25, -1]], v: [[1, 2, 3]] });
    const s = await adam.state();
    expect(s.t).toBe(7);
    expect([Array.from(s.m[0]!), Array.from(s.v[0]!)]).toEqual([[0.5, 0.25, -1], [1, 2, 3]]);
    expect(() => adam.load({ t: 1, m: [[1]], v: [[1]] })).toThrow(
      'Adam.load: m[0] has 1 values; tensor#');
    adam.dispose();
    w.dispose();
  });
});
