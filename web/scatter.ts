// The codes as a 2-D scatter, coloured by the target: one colour per class when it has a
// few values (a 0/1 default flag, the ten digits), a blue-to-orange ramp otherwise.
import { INK, PALETTE, placeholder, scales, surface, tick, yGrid } from './canvas.js';
import type { Projection } from './pca.js';

const MAX_CLASSES = PALETTE.length;

export function clearScatter(canvas: HTMLCanvasElement): void {
  placeholder(canvas, 'The codes of every row appear here after training.');
}

// The range holding all but the most extreme 0.5% at each end, so a few far points do
// not squeeze the rest into a corner.
function robustRange(v: Float64Array): [number, number] {
  const sorted = Float64Array.from(v).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const lo = at(0.005);
  const hi = at(0.995);
  const pad = (hi - lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

interface Colouring {
  colour: (row: number) => string;
  legend: [string, string][];
}

function colouring(target: Float64Array | null): Colouring {
  if (!target) return { colour: () => PALETTE[0]!, legend: [] };
  const classes = [...new Set(target)].sort((a, b) => a - b);
  if (classes.length <= MAX_CLASSES) {
    const index = new Map(classes.map((c, i) => [c, i]));
    return {
      colour: (r) => PALETTE[index.get(target[r]!)!]!,
      legend: classes.map((c, i) => [String(c), PALETTE[i]!]),
    };
  }
  const lo = classes[0]!;
  const hi = classes[classes.length - 1]!;
  const ramp = (t: number) => `hsl(${220 - 190 * t}, 75%, 48%)`;
  return {
    colour: (r) => ramp((target[r]! - lo) / (hi - lo)),
    legend: [[tick(lo), ramp(0)], [tick(hi), ramp(1)]],
  };
}

/** Draws one dot per row; returns how many fell outside the view. */
export function drawScatter(canvas: HTMLCanvasElement, p: Projection,
  target: Float64Array | null, targetName: string | null): number {
  if (p.x.length === 0) {
    placeholder(canvas, 'No rows to show.');
    return 0;
  }
  const s = surface(canvas);
  const { ctx, width, height } = s;
  const f = { left: 76, top: 34, right: width - 16, bottom: height - 40 };
  const xr = robustRange(p.x);
  const yr = p.yLabel ? robustRange(p.y) : [-1, 1] as [number, number];
  const { sx, sy } = scales(f, xr, yr);
  yGrid(s, f, yr, sy);
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let i = 0; i <= 4; i++) {
    const v = xr[0] + (i / 4) * (xr[1] - xr[0]);
    ctx.fillText(tick(v), sx(v), f.bottom + 6);
  }
  ctx.fillText(p.xLabel, (f.left + f.right) / 2, f.bottom + 22);
  ctx.save();
  ctx.translate(14, (f.top + f.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(p.yLabel, 0, -6);
  ctx.restore();
  const { colour, legend } = colouring(target);
  const dot = p.x.length > 5000 ? 2 : 3;
  ctx.globalAlpha = 0.55;
  let outside = 0;
  for (let r = 0; r < p.x.length; r++) {
    const x = sx(p.x[r]!);
    const y = sy(p.y[r]!);
    if (x < f.left || x > f.right || y < f.top || y > f.bottom) {
      outside++;
      continue;
    }
    ctx.fillStyle = colour(r);
    ctx.fillRect(x - dot / 2, y - dot / 2, dot, dot);
  }
  ctx.globalAlpha = 1;
  drawLegend(ctx, legend, targetName, width);
  return outside;
}

function drawLegend(ctx: CanvasRenderingContext2D, legend: [string, string][],
  name: string | null, width: number): void {
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const items = legend.map(([label]) => ctx.measureText(label).width + 20);
  const title = name ? `${name}:` : 'all rows';
  let x = width - 16 - items.reduce((a, b) => a + b, 0) - ctx.measureText(title).width - 6;
  ctx.fillStyle = INK;
  ctx.fillText(title, x, 17);
  x += ctx.measureText(title).width + 8;
  legend.forEach(([label, colour], i) => {
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.arc(x + 5, 17, 5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = INK;
    ctx.fillText(label, x + 13, 17);
    x += items[i]!;
  });
}
