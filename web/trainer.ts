// One training run on the page: the library's own `train` loop (the very code Node runs).
// Stop acts at the next step (train asks before each one); the model keeps the updates
// made so far, and the unfinished epoch gets no report.
// NOTE: pause acts between epochs (train's onEpoch may wait; shouldStop may not), so a
// long epoch (the digits on SwiftShader, ~10 s) runs to its end before a pause.
import {
  TiedAutoencoder, info, init, tensor, train, type EpochReport,
} from '../src/index.js';
import type { Dataset } from './dataset.js';
import { describeModel, type ModelResult } from './model-result.js';
import type { Settings } from './settings.js';

export class TrainingRun {
  private paused = false;
  private stopped = false;
  private resume: (() => void) | null = null;

  constructor(private readonly data: Dataset, private readonly settings: Settings,
    private readonly onEpoch: (report: EpochReport) => void) {}

  get isPaused(): boolean {
    return this.paused;
  }

  /** Pauses after the epoch that is running, or resumes. */
  togglePause(): void {
    this.paused = !this.paused;
    if (!this.paused) this.wake();
  }

  /** Ends the run at the next step; the model so far is kept. */
  stop(): void {
    this.stopped = true;
    this.wake();
  }

  private wake(): void {
    this.resume?.();
    this.resume = null;
  }

  private async afterEpoch(report: EpochReport): Promise<void> {
    this.onEpoch(report);
    while (this.paused && !this.stopped) {
      await new Promise<void>((resolve) => { this.resume = resolve; });
    }
  }

  async run(): Promise<ModelResult> {
    const { data, settings: s } = this;
    await init(); // again after a device loss; a no-op otherwise
    const x = tensor(data.inputs, [data.rows, data.cols], { name: 'data' });
    const config = { layers: [data.cols, ...s.layers], activation: s.activation, seed: s.seed };
    let model: TiedAutoencoder | null = null;
    try {
      model = new TiedAutoencoder(config, x.gpu);
      const reports = await train(model, x, {
        epochs: s.epochs, batch: s.batch, lr: s.lr, l2: s.l2, seed: s.seed,
        onEpoch: (r) => this.afterEpoch(r), shouldStop: () => this.stopped,
      });
      const losses = reports.map((r) => r.loss);
      const training = { epochs: losses.length, batch: s.batch, lr: s.lr, l2: s.l2,
        seed: s.seed, losses, adapter: info().adapter };
      const contents = { config, weights: await model.weightValues(), pipeline: data.pipeline,
        training };
      return await describeModel(model, x, data, s.batch, contents);
    } finally {
      x.dispose();
      model?.dispose();
    }
  }
}
