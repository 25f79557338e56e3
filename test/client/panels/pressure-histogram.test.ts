import { describe, expect, it } from 'vitest';
import { histogram, niceStep } from '../../../client/panels/pipes/pressure-histogram.ts';

describe('niceStep', () => {
  it.each([
    [0.7, 1], [1, 1], [1.2, 2], [3, 5], [7, 10], [25, 50], [0.03, 0.05], [0.12, 0.2], [(3 - 2.8) / 4, 0.05], [0, 1], [NaN, 1],
  ])('%d → %d', (raw, step) => {
    expect(niceStep(raw)).toBe(step);
  });
});

describe('histogram', () => {
  it.each<[string, number[], number, { edges: number[]; counts: number[]; step: number }]>([
    ['water supply, 300–450 kPa, about 6 bins: steps of 50', [300, 312.5, 350, 399, 420, 450], 6,
      { edges: [300, 350, 400], counts: [2, 2, 2], step: 50 }],
    ['finer bins when asked', [300, 312.5, 350, 399, 420, 450], 15,
      { edges: [300, 310, 320, 330, 340, 350, 360, 370, 380, 390, 400, 410, 420, 430, 440], counts: [1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1], step: 10 }],
    ['the maximum on an edge goes in the last bin', [0, 10, 20], 2, { edges: [0, 10], counts: [1, 2], step: 10 }],
    ['gas, a few kPa, binned finely', [2.8, 2.85, 2.9, 3], 4, { edges: [2.8, 2.85, 2.9, 2.95], counts: [1, 1, 1, 1], step: 0.05 }],
    ['NaN readings are left out', [1, NaN, 2], 1, { edges: [1], counts: [2], step: 1 }],
    ['all equal: one bin around them', [305, 305, 305], 6, { edges: [300], counts: [3], step: 20 }],
    ['no readings: no bins', [], 6, { edges: [], counts: [], step: 0 }],
  ])('%s', (_name, values, bins, want) => {
    const h = histogram(values, bins);
    expect(h).toEqual(want);
    // Every finite value is counted once.
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(values.filter(Number.isFinite).length);
  });
});
