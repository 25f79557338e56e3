import { describe, expect, it } from 'vitest';
import { SeriesRing } from '../../client/live/series-ring.ts';

function rows(r: SeriesRing, after = -Infinity): [number, number][] {
  const out: [number, number][] = [];
  r.forEachAfter(after, (t, v) => out.push([t, v]));
  return out;
}

describe('SeriesRing: a bounded buffer of recent samples', () => {
  it('keeps samples in order and grows from a small allocation', () => {
    const r = new SeriesRing({ initialRows: 2, maxRows: 100 });
    for (let i = 0; i < 10; i++) r.push(1000 + i, i);
    expect(r.length).toBe(10);
    expect(rows(r).map(([, v]) => v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.lastTime).toBe(1009);
    expect(r.lastValue).toBe(9);
  });

  it('is bounded by rows: the oldest go first', () => {
    const r = new SeriesRing({ maxRows: 4, initialRows: 4 });
    for (let i = 0; i < 10; i++) r.push(i, i * 10);
    expect(r.length).toBe(4);
    expect(rows(r)).toEqual([[6, 60], [7, 70], [8, 80], [9, 90]]);
  });

  it('is bounded by time: rows older than the window behind the newest go', () => {
    const r = new SeriesRing({ maxRows: 1000, windowMs: 60_000 });
    r.push(0, 1);
    r.push(30_000, 2);
    r.push(61_000, 3);
    expect(rows(r)).toEqual([[30_000, 2], [61_000, 3]]);
    r.push(500_000, 4);
    expect(rows(r)).toEqual([[500_000, 4]]);
  });

  it('replaces the newest row on a repeated time and drops samples older than it', () => {
    const r = new SeriesRing();
    r.push(100, 1);
    r.push(200, 2);
    const v = r.version;
    r.push(200, 5);
    expect(r.version).toBeGreaterThan(v);
    r.push(150, 9);
    expect(rows(r)).toEqual([[100, 1], [200, 5]]);
    expect(r.dropped).toBe(1);
  });

  it('reads the rows after a time, across the wrap of the circular buffer', () => {
    const r = new SeriesRing({ maxRows: 8, initialRows: 8 });
    for (let i = 0; i < 13; i++) r.push(i * 10, i);
    expect(rows(r, 95)).toEqual([[100, 10], [110, 11], [120, 12]]);
    expect(rows(r, 120)).toEqual([]);
    expect(rows(r, -1).length).toBe(8);
  });
});
