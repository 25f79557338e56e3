/** Storey explode offsets and clipping: the order of floors is kept and the gaps are what the slider says. */
import { describe, expect, it } from 'vitest';
import { approach, explodeOffsets, MAX_EXPLODE, storeyRanks, storeyShown, typicalStoreyHeight, type StoreyInfo } from '../../client/twin/building-detail/storey-layout.ts';

const tower = (n: number, h = 3): StoreyInfo[] => Array.from({ length: n }, (_, i) => ({ name: `${i + 1}F`, elevationM: i * h }));

describe('explode offsets', () => {
  it.each([
    { factor: 0, want: [0, 0, 0, 0] },
    { factor: 1, want: [0, 3, 6, 9] },
    { factor: 2.5, want: [0, 7.5, 15, 22.5] },
    { factor: -1, want: [0, 0, 0, 0] },
    { factor: Number.NaN, want: [0, 0, 0, 0] },
    { factor: 99, want: [0, 3 * MAX_EXPLODE, 6 * MAX_EXPLODE, 9 * MAX_EXPLODE] },
  ])('factor $factor lifts storey r by r × storey height × factor', ({ factor, want }) => {
    expect([...explodeOffsets(tower(4), factor)]).toEqual(want);
  });

  it('ranks storeys by elevation whatever order the model lists them in, with the basement lowest', () => {
    const storeys: StoreyInfo[] = [{ name: '2F', elevationM: 4.5 }, { name: 'B1', elevationM: -4.5 }, { name: '1F', elevationM: 0 }, { name: 'RF', elevationM: 9 }];
    expect(storeyRanks(storeys)).toEqual([2, 0, 1, 3]);
    expect([...explodeOffsets(storeys, 1)]).toEqual([9, 0, 4.5, 13.5]);
  });

  it('keeps every exploded gap wider than the storey, so floors never overlap', () => {
    const storeys = tower(33);
    const offsets = explodeOffsets(storeys, 0.7);
    for (let i = 1; i < storeys.length; i++) {
      const top = storeys[i].elevationM + offsets[i];
      const below = storeys[i - 1].elevationM + offsets[i - 1];
      expect(top - below).toBeCloseTo(3 * 1.7, 9);
    }
  });

  it('measures the storey height as the median step (a tall lobby does not skew it) and falls back for one storey', () => {
    expect(typicalStoreyHeight([{ name: '1F', elevationM: 0 }, { name: '2F', elevationM: 6 }, { name: '3F', elevationM: 9.2 }, { name: '4F', elevationM: 12.4 }])).toBeCloseTo(3.2, 9);
    expect(typicalStoreyHeight([{ name: '1F', elevationM: 0 }])).toBe(3);
    expect(typicalStoreyHeight([])).toBe(3);
  });

  it('writes into a caller-owned array of the right length (no allocation per frame)', () => {
    const out = new Float64Array(4);
    expect(explodeOffsets(tower(4), 1, out)).toBe(out);
    expect(explodeOffsets(tower(4), 1, new Float64Array(2))).toHaveLength(4);
  });
});

describe('clipping by storey', () => {
  it.each([
    { mode: 'all', chosen: 5, shown: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
    { mode: 'upTo', chosen: 5, shown: [0, 1, 2, 3, 4, 5] },
    { mode: 'only', chosen: 5, shown: [5] },
    { mode: 'only', chosen: 0, shown: [0] },
    { mode: 'upTo', chosen: null, shown: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
  ] as const)('$mode with storey $chosen shows $shown', ({ mode, chosen, shown }) => {
    expect(Array.from({ length: 10 }, (_, r) => r).filter((r) => storeyShown(r, chosen, mode))).toEqual(shown);
  });
});

describe('explode animation step', () => {
  it('moves toward the target, never past it, and lands exactly so the frame loop can stop', () => {
    let x = 0;
    const seen: number[] = [];
    for (let i = 0; i < 200 && x !== 2; i++) { x = approach(x, 2, 1 / 60); seen.push(x); }
    expect(x).toBe(2);
    expect(seen.every((v, i) => v <= 2 && (i === 0 || v >= seen[i - 1]))).toBe(true);
    expect(seen.length).toBeGreaterThan(10);
    expect(approach(1, 1, 0.016)).toBe(1);
    expect(approach(0, 1, 0)).toBe(0);
  });
});
