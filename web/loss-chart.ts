// The live loss curve: mean loss per epoch, titled with the epoch, the last and the best
// loss (as the command line's progress line and loss.svg).
import {
  INK, PALETTE, placeholder, scales, surface, tick, yGrid, type Surface,
} from './canvas.js';

export class LossChart {
  private losses: number[] = [];
  private planned = 1;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.clear();
  }

  clear(): void {
    this.losses = [];
    this.planned = 1;
    placeholder(this.canvas, 'The loss of each epoch appears here while training.');
  }

  /** Starts a new curve that will run to `planned` epochs. */
  reset(planned: number, losses: number[] = []): void {
    this.planned = Math.max(planned, losses.length, 1);
    this.losses = [...losses];
    this.draw();
  }

  push(loss: number): void {
    this.losses.push(loss);
    this.draw();
  }

  /** "epoch 3/50  last 3.98350  best 3.98350" */
  title(): string {
    const n = this.losses.length;
    if (n === 0) return `epoch 0/${this.planned}`;
    return `epoch ${n}/${this.planned}   last ${this.losses[n - 1]!.toPrecision(6)}   ` +
      `best ${Math.min(...this.losses).toPrecision(6)}`;
  }

  draw(): void {
    if (this.losses.length === 0 && this.planned === 1) return this.clear();
    const s = surface(this.canvas);
    const { ctx, width, height } = s;
    const f = { left: 64, top: 34, right: width - 16, bottom: height - 36 };
    ctx.fillStyle = INK;
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(this.title(), width / 2, 20);
    ctx.font = '12px system-ui, sans-serif';
    if (this.losses.length === 0) return;
    const lo = Math.min(...this.losses);
    const hi = Math.max(...this.losses);
    const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 1;
    const y: [number, number] = [Math.max(0, lo - pad), hi + pad];
    const { sx, sy } = scales(f, [1, Math.max(this.planned, 2)], y);
    yGrid(s, f, y, sy);
    this.xAxis(s, sx, f.bottom);
    ctx.strokeStyle = PALETTE[0]!;
    ctx.fillStyle = PALETTE[0]!;
    ctx.lineWidth = 2;
    ctx.beginPath();
    this.losses.forEach((v, i) => (i === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, sx(i + 1), sy(v)));
    ctx.stroke();
    ctx.lineWidth = 1;
    if (this.losses.length <= 60) {
      this.losses.forEach((v, i) => ctx.fillRect(sx(i + 1) - 2, sy(v) - 2, 4, 4));
    }
  }

  private xAxis({ ctx, width }: Surface, sx: (v: number) => number, bottom: number): void {
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const epochs = [...new Set([1, Math.ceil(this.planned / 2), this.planned])];
    for (const e of epochs) ctx.fillText(tick(e), sx(e), bottom + 6);
    ctx.fillText('epoch', width / 2, bottom + 20);
  }
}
