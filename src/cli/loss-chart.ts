// loss.svg: the loss curve as a self-contained SVG, titled with the epoch count and
// the last and minimum loss. Pure string building: no DOM, so it runs anywhere.

const W = 640;
const H = 360;
const PAD = { left: 70, right: 20, top: 40, bottom: 45 };

function fmt(v: number): string {
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(4) : v.toExponential(2);
}

/**
 * Round values for the y axis: the multiples of a step of 1, 2, 2.5 or 5 times a power
 * of ten that fall in [lo, hi], the largest such step that still gives four or more,
 * with as many decimals as the step needs (1, 2, 3 rather than 1.584, 3.008, 4.432).
 */
export function yTicks(lo: number, hi: number): { value: number; label: string }[] {
  const range = hi - lo;
  if (!(range > 0) || !Number.isFinite(range)) return [{ value: lo, label: fmt(lo) }];
  const count = (step: number) => Math.floor(hi / step) - Math.ceil(lo / step) + 1;
  const top = Math.floor(Math.log10(range));
  let step = 10 ** (top - 2);
  for (let p = top - 2; p <= top; p++) {
    for (const m of [1, 2, 2.5, 5]) if (count(m * 10 ** p) >= 4) step = m * 10 ** p;
  }
  const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
  const halves = Math.abs(step / power - 2.5) < 1e-9 ? 1 : 0; // 2.5 needs one more decimal
  const decimals = Math.max(0, -Math.round(Math.log10(power)) + halves);
  const ticks = [];
  for (let k = Math.ceil(lo / step); k <= Math.floor(hi / step); k++) {
    const value = k * step;
    const plain = Math.abs(value) < 1e4 && decimals <= 6;
    ticks.push({ value, label: plain ? value.toFixed(decimals) : fmt(value) });
  }
  return ticks;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An SVG line chart of `losses` (epoch i+1 at index i). */
export function lossChartSvg(losses: number[], label = 'loss'): string {
  const n = losses.length;
  if (n === 0) return emptyChart(`${escapeXml(label)}: no finished epoch yet`);
  const last = losses[n - 1] ?? NaN;
  const min = Math.min(...losses);
  const max = Math.max(...losses);
  const title = `${escapeXml(label)}: epoch ${n}, last ${fmt(last)}, min ${fmt(min)}`;
  const span = max - min || Math.abs(max) || 1;
  const lo = min - 0.05 * span;
  const hi = max + 0.05 * span;
  const x = (i: number) => PAD.left + (n <= 1 ? 0.5 : i / (n - 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const points = losses.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const yAxis = yTicks(lo, hi).map(({ value: v, label: text }) =>
    `<line x1="${PAD.left}" x2="${W - PAD.right}" ` +
    `y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>` +
    `<text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${text}</text>`);
  const xTicks = [...new Set([1, Math.ceil(n / 2), n])].filter((e) => e >= 1).map((e) =>
    `<text x="${x(e - 1).toFixed(1)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${e}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
    `viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${title}</text>
${yAxis.join('\n')}
${xTicks.join('\n')}
<text x="${W / 2}" y="${H - 8}" text-anchor="middle">epoch</text>
<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${points}"/>
${n === 1 ? `<circle cx="${x(0)}" cy="${y(last)}" r="3" fill="#1f77b4"/>` : ''}
</svg>
`;
}

// A run stopped during its first epoch still writes its outputs: a chart with a title.
function emptyChart(title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
    `viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${title}</text>
</svg>
`;
}
