// The loss chart's y axis: round values (a step of 1, 2, 2.5 or 5 times a power of ten)
// inside the plotted range, labelled with the decimals the step needs.
import { describe, expect, it } from 'vitest';
import { lossChartSvg, yTicks } from '../../src/cli/loss-chart.js';

describe('loss chart y axis', () => {
  it('puts round ticks inside the range', () => {
    // A credit run: the loss falls from 5.6 to 0.42 (padded by 5% each side).
    expect(yTicks(0.16, 5.86).map((t) => t.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(yTicks(0.0177, 0.0612).map((t) => t.label)).toEqual(['0.02', '0.03', '0.04', '0.05',
      '0.06']);
    expect(yTicks(0, 1).map((t) => t.label)).toEqual(['0.00', '0.25', '0.50', '0.75', '1.00']);
    expect(yTicks(-3, 7).map((t) => t.label)).toEqual(['-2.5', '0.0', '2.5', '5.0']);
    expect(yTicks(12000, 52000).map((t) => t.label)).toEqual(
      ['2.00e+4', '3.00e+4', '4.00e+4', '5.00e+4']);
  });

  it('gives every tick a value inside [lo, hi] and one tick for an empty range', () => {
    for (const [lo, hi] of [[0.123, 0.987], [1e-6, 3e-6], [-5, -4.2], [100, 100.3]]) {
      const ticks = yTicks(lo!, hi!);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      for (const t of ticks) expect(t.value >= lo! && t.value <= hi!).toBe(true);
    }
    expect(yTicks(2, 2)).toEqual([{ value: 2, label: '2.000' }]);
  });

  it('labels the chart with them', () => {
    const svg = lossChartSvg([5.595, 3.1, 1.2, 0.4198]);
    expect(svg).toContain('>1</text>');
    expect(svg).not.toMatch(/>\d\.\d{3,}</);
  });
});
