import { describe, expect, it } from 'vitest';
import { CommunitySimulator } from '../../streams/simulator/community-simulator.ts';
import { generateCommunity, syntheticPlaces } from '../../streams/simulator/community-generator.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { formatLine, type PointInput } from '../../streams/line-protocol/format.ts';

const HOUR = 3_600_000;
// Friday 6 June 2025, 18:00 in Chongqing: evening charging, parking and water peaks.
const START = Date.UTC(2025, 5, 6, 10);

function run(seed: number, steps: number[], communities = [DEMO_COMMUNITY], start = START): PointInput[] {
  const sim = new CommunitySimulator({ communities, seed, start });
  const out: PointInput[] = [];
  for (const to of steps) for (const p of sim.advance(to)) out.push(p);
  return out;
}

const lines = (points: PointInput[]) => points.map(formatLine);

/** Compares two runs line by line, reporting the first difference (cheaper than a deep equal). */
function expectSame(actual: string[], expected: string[]) {
  const n = Math.max(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  expect(i === n ? 'identical' : `line ${i}: ${actual[i]} ≠ ${expected[i]}`).toBe('identical');
}

describe('CommunitySimulator determinism', () => {
  it('gives identical points for the same seed and different points for another seed', () => {
    const a = lines(run(7, [START + 2 * HOUR]));
    const b = lines(run(7, [START + 2 * HOUR]));
    const c = lines(run(8, [START + 2 * HOUR]));
    expect(a.length).toBeGreaterThan(10_000);
    expectSame(b, a);
    const common = new Set(a);
    expect(c.filter((l) => common.has(l)).length).toBeLessThan(a.length / 2);
  });

  it('gives the same points whether advanced in one big step or many small, uneven ones', () => {
    const end = START + 3 * HOUR;
    const big = lines(run(11, [end]));
    const small: number[] = [];
    // Steps from 1 ms to ~7 minutes, including repeated and backwards times (which yield nothing).
    let t = START;
    for (let i = 0; t < end; i++) {
      t = Math.min(end, t + [1, 999, 200, 45_000, 7_777, 410_000, 0, 30_000][i % 8]);
      small.push(t, t - 5);
    }
    expectSame(lines(run(11, small)), big);
  });

  it('keeps several communities reproducible under fine stepping (the live 200 ms × 3600 case)', () => {
    const communities = syntheticPlaces(3).map((p) => generateCommunity(p, 5));
    const end = START + HOUR;
    const steps = Array.from({ length: 5 }, (_, i) => START + ((i + 1) * HOUR) / 5);
    expectSame(lines(run(3, steps, communities)), lines(run(3, [end], communities)));
  });

  it('does not change a community\'s data when other communities are added', () => {
    const [one, two, three] = syntheticPlaces(3).map((p) => generateCommunity(p, 9));
    const end = START + HOUR;
    const alone = lines(run(4, [end], [two]));
    const together = lines(run(4, [end], [one, two, three]).filter((p) => p.tags.community === two.id));
    expectSame(together, alone);
  });

  it('returns points in time order, strictly after the previous time and up to the new one', () => {
    const sim = new CommunitySimulator({ communities: [DEMO_COMMUNITY], seed: 1, start: START });
    let from = START;
    for (const to of [START + 1000, START + 61_000, START + HOUR]) {
      const points = sim.advance(to);
      expect(points.length).toBeGreaterThan(0);
      for (let i = 0; i < points.length; i++) {
        expect(points[i].time).toBeGreaterThan(from);
        expect(points[i].time).toBeLessThanOrEqual(to);
        if (i > 0) expect(points[i].time).toBeGreaterThanOrEqual(points[i - 1].time);
      }
      from = to;
      expect(sim.now).toBe(to);
    }
    expect(sim.advance(START)).toEqual([]);
    expect(() => sim.advance(Number.NaN)).toThrow(/NaN/);
  });
});
