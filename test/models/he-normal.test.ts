// He-normal initialisation: truncated at 2σ, with the spread √(2 / fan_in), seeded.
import { describe, expect, it } from 'vitest';
import { Rng, heNormal } from '../../src/index.js';

describe('heNormal', () => {
  it('draws with standard deviation √(2/fan_in) and nothing beyond the truncation', () => {
    const fanIn = 33;
    const w = heNormal(fanIn, 2000, new Rng(1));
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std / Math.sqrt(2 / fanIn)).toBeGreaterThan(0.97);
    expect(std / Math.sqrt(2 / fanIn)).toBeLessThan(1.03);
    const limit = (2 * Math.sqrt(2 / fanIn)) / 0.87962566103423978;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit * (1 + 1e-6));
  });

  it('gives the same weights for the same seed and different ones for another', () => {
    expect(heNormal(4, 3, new Rng(5))).toEqual(heNormal(4, 3, new Rng(5)));
    expect(heNormal(4, 3, new Rng(5))).not.toEqual(heNormal(4, 3, new Rng(6)));
  });

  it('shuffles to a permutation', () => {
    const p = new Rng(3).permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    expect([...p]).not.toEqual([...Array(1000).keys()]);
  });
});
