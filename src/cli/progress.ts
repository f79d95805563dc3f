// Training progress for people: one live line on a terminal, plain lines otherwise
// (logs, CI), with epoch, mean loss, best loss, ms per epoch and time left.
import type { EpochReport } from '../models/train.js';

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export class Progress {
  private best = Infinity;
  private totalMs = 0;
  /** Epochs shown by this process: a resumed run's earlier epochs are not timed here. */
  private shown = 0;
  private live: boolean;

  /** `earlier`: the reports of a resumed run's finished epochs, for the best loss. */
  constructor(private epochs: number, earlier: EpochReport[] = [],
    private out: NodeJS.WriteStream = process.stdout) {
    this.live = !!out.isTTY;
    for (const r of earlier) this.best = Math.min(this.best, r.loss);
  }

  epoch(r: EpochReport): void {
    this.best = Math.min(this.best, r.loss);
    this.totalMs += r.ms;
    this.shown++;
    const perEpoch = this.totalMs / this.shown;
    const left = perEpoch * (this.epochs - r.epoch);
    const width = String(this.epochs).length;
    const line = `epoch ${String(r.epoch).padStart(width)}/${this.epochs}  ` +
      `loss ${r.loss.toPrecision(6)}  best ${this.best.toPrecision(6)}  ` +
      `${r.ms.toFixed(0)} ms/epoch  ${duration(left)} left`;
    if (this.live) this.out.write(`\r\x1b[2K${line}`);
    else this.out.write(`${line}\n`);
  }

  done(): void {
    if (this.live) this.out.write('\n');
  }

  /** Mean milliseconds per epoch shown so far. */
  meanMs(): number {
    return this.shown > 0 ? this.totalMs / this.shown : 0;
  }
}

/** "1 epoch", "5 epochs". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
