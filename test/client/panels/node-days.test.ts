/** Occupancy above the community is the area's occupied spaces over its capacity, bucket by bucket. */
import { describe, expect, it } from 'vitest';
import { daysOf, ratioCurve, type NodeDays } from '../../../client/charts/node-days.ts';

describe('ratioCurve', () => {
  it('divides where both curves have the bucket and the divisor is positive', () => {
    const occ = { t: [0, 300_000, 600_000, 900_000], v: [40, 50, 60, 70] };
    const cap = { t: [0, 300_000, 900_000], v: [100, 0, 200] };
    expect(ratioCurve(occ, cap, 100)).toEqual({ t: [0, 900_000], v: [40, 35] });
  });

  it('gives empty curves for a key the answer lacks', () => {
    const d: NodeDays = { dayStart: 0, to: 0, windowMs: 300_000, curves: {} };
    expect(daysOf(d, 'parking.occupied')).toEqual({ today: { t: [], v: [] }, yesterday: { t: [], v: [] } });
  });
});
