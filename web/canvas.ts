// Drawing helpers shared by the charts: a canvas sized to its place on screen at the
// display's pixel density, the palette, and plot areas with axes.

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b',
  '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
export const INK = '#222';
export const GRID = '#e4e4e4';
export const FONT = '12px system-ui, sans-serif';

export interface Surface {
  ctx: CanvasRenderingContext2D;
  /** Size in CSS pixels; drawing coordinates use these. */
  width: number;
  height: number;
}

/** Clears the canvas and sizes its backing store to its on-screen size × devicePixelRatio. */
export function surface(canvas: HTMLCanvasElement): Surface {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('internal: this browser gave no 2-D canvas context');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.font = FONT;
  return { ctx, width, height };
}

/** A centred line of grey text, for a chart with nothing to show yet. */
export function placeholder(canvas: HTMLCanvasElement, text: string): void {
  const { ctx, width, height } = surface(canvas);
  ctx.fillStyle = '#888';
  ctx.textAlign = 'center';
  ctx.fillText(text, width / 2, height / 2);
}

/** Numbers for axis ticks: short, with an exponent only when needed. */
export function tick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-2 && a < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

export interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Maps data ranges onto a frame: x grows right, y grows up. */
export function scales(f: Frame, x: [number, number], y: [number, number]) {
  const sx = (v: number) => f.left + ((v - x[0]) / (x[1] - x[0] || 1)) * (f.right - f.left);
  const sy = (v: number) => f.bottom - ((v - y[0]) / (y[1] - y[0] || 1)) * (f.bottom - f.top);
  return { sx, sy };
}

/** Horizontal grid lines with their labels at five evenly spaced values of y. */
export function yGrid(s: Surface, f: Frame, y: [number, number],
  sy: (v: number) => number): void {
  const { ctx } = s;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let i = 0; i <= 4; i++) {
    const v = y[0] + (i / 4) * (y[1] - y[0]);
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(f.left, sy(v));
    ctx.lineTo(f.right, sy(v));
    ctx.stroke();
    ctx.fillStyle = INK;
    ctx.fillText(tick(v), f.left - 6, sy(v));
  }
}
