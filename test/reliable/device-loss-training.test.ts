// Case C10 during training: the device lost in the middle of an epoch makes train()
// reject with DeviceLostError (not hang, not a validation error), the last state it
// handed over is intact on the CPU, and a new device in the same process continues
// from it to the losses of a run that never lost its device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeviceLostError, close, init, tensor, type TrainOptions, type TrainState,
} from '../../src/index.js';
import { randomValues } from '../helpers/random.js';
import { trainLosses } from '../helpers/train.js';

const DATA = randomValues(21, 600 * 8);
const CONFIG = { layers: [8, 5, 2], activation: 'sigmoid' as const, seed: 6 };
const OPTS = { epochs: 4, batch: 50, lr: 5e-3, seed: 7 }; // 12 steps an epoch

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  await init();
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await close();
});

function run(extra: Partial<TrainOptions> = {}): Promise<number[]> {
  return trainLosses(DATA, [600, 8], CONFIG, { ...OPTS, ...extra });
}

describe('device loss during training', () => {
  it('rejects train, keeps the last state, and a new device resumes it exactly', async () => {
    const whole = await run();
    let last: TrainState | null = null;
    const lost = run({
      onState: (s) => { last = s; },
      shouldStop: ({ epoch, step }) => {
        if (epoch === 3 && step === 4) lose();
        return false;
      },
    });
    await expect(lost).rejects.toThrow(DeviceLostError);
    await expect(lost).rejects.toThrow(/the GPU device was lost \(destroyed/);
    expect(last!.epoch).toBe(2);

    await init(); // a new device, same process
    expect(await run({ resume: last! })).toEqual(whole);
  });

  it('left no unhandled rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(unhandled).toEqual([]);
  });
});

/** Destroys the current device, standing in for a driver reset. */
function lose(): void {
  const probe = tensor([0], [1]);
  probe.gpu!.device.destroy();
  probe.dispose();
}
