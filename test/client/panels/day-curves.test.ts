import { describe, expect, it } from 'vitest';
import {
  energyKwh, energySplit, peakAndValley, sumCurves, todayAndYesterday, type Curve,
} from '../../../client/panels/energy/day-curves.ts';
import { GRID_EMISSION_FACTOR_KG_PER_KWH, carbonKg } from '../../../streams/emission-factors.ts';
import { DAY_MS, HOUR_MS, chinaDayStart } from '../../../streams/china-time.ts';

const M5 = 300_000;
/** 2026-03-10 00:00 China Standard Time. */
const MIDNIGHT = Date.UTC(2026, 2, 9, 16, 0, 0);
const c = (pairs: [number, number][]): Curve => ({ t: pairs.map((p) => p[0]), v: pairs.map((p) => p[1]) });

describe('chinaDayStart', () => {
  it.each([
    ['midnight itself', MIDNIGHT, MIDNIGHT],
    ['one ms before midnight belongs to the day before', MIDNIGHT - 1, MIDNIGHT - DAY_MS],
    ['07:59 UTC is 15:59 in Chongqing, same day', MIDNIGHT + 15 * HOUR_MS + 59 * 60_000, MIDNIGHT],
    ['23:59:59.999 CST', MIDNIGHT + DAY_MS - 1, MIDNIGHT],
  ])('%s', (_name, ms, start) => {
    expect(chinaDayStart(ms)).toBe(start);
  });
});

describe('sumCurves', () => {
  it.each<[string, Curve[], Curve]>([
    ['aligned series add bucket by bucket',
      [c([[0, 1], [M5, 2]]), c([[0, 10], [M5, 20]])], c([[0, 11], [M5, 22]])],
    ['a series missing one bucket contributes its last value (no notch)',
      [c([[0, 1], [M5, 2], [2 * M5, 3]]), c([[0, 10], [2 * M5, 30]])], c([[0, 11], [M5, 12], [2 * M5, 33]])],
    ['a value is not carried beyond two buckets',
      [c([[0, 1], [M5, 1], [2 * M5, 1], [3 * M5, 1]]), c([[0, 10]])], c([[0, 11], [M5, 11], [2 * M5, 11], [3 * M5, 1]])],
    ['a series starting late adds only from its first bucket',
      [c([[0, 1], [M5, 1]]), c([[M5, 5]])], c([[0, 1], [M5, 6]])],
    ['no series, no points', [], c([])],
  ])('%s', (_name, series, want) => {
    expect(sumCurves(series, M5)).toEqual(want);
  });
});

describe('todayAndYesterday', () => {
  it('puts yesterday on today\'s clock and leaves out the day before and the future', () => {
    const now = MIDNIGHT + 10 * HOUR_MS;
    const curve = c([
      [MIDNIGHT - DAY_MS - M5, 99], // the day before yesterday
      [MIDNIGHT - DAY_MS, 1], // yesterday 00:00
      [MIDNIGHT - DAY_MS + 10 * HOUR_MS, 2], // yesterday 10:00
      [MIDNIGHT - M5, 3], // yesterday 23:55
      [MIDNIGHT, 4], // today 00:00
      [now, 5],
      [now + M5, 6], // after now
    ]);
    const { today, yesterday, dayStart } = todayAndYesterday(curve, now);
    expect(dayStart).toBe(MIDNIGHT);
    expect(today).toEqual(c([[MIDNIGHT, 4], [now, 5]]));
    expect(yesterday).toEqual(c([[MIDNIGHT, 1], [MIDNIGHT + 10 * HOUR_MS, 2], [MIDNIGHT + DAY_MS - M5, 3]]));
  });
});

describe('peakAndValley', () => {
  it.each<[string, Curve, ReturnType<typeof peakAndValley>]>([
    ['evening peak, night valley', c([[1, 40], [2, 30], [3, 90], [4, 60]]), { peak: { t: 3, v: 90 }, valley: { t: 2, v: 30 } }],
    ['the first of equal extremes', c([[1, 5], [2, 9], [3, 9], [4, 5]]), { peak: { t: 2, v: 9 }, valley: { t: 1, v: 5 } }],
    ['one point is both', c([[7, 3]]), { peak: { t: 7, v: 3 }, valley: { t: 7, v: 3 }}],
    ['empty', c([]), undefined],
  ])('%s', (_name, curve, want) => {
    expect(peakAndValley(curve)).toEqual(want);
  });
});

describe('energy, PV share and carbon', () => {
  it('energy of 5-minute means: 12 buckets of 100 kW are 100 kWh', () => {
    expect(energyKwh(c(Array.from({ length: 12 }, (_, i) => [i * M5, 100] as [number, number])), M5)).toBeCloseTo(100, 9);
  });

  it.each<[string, Curve, Curve, { loadKwh: number; pvUsedKwh: number; gridKwh: number; pvShare: number }]>([
    ['PV below load: all of it used', c([[0, 120], [M5, 120]]), c([[0, 60], [M5, 0]]), { loadKwh: 20, pvUsedKwh: 5, gridKwh: 15, pvShare: 0.25 }],
    ['PV above load counts only up to the load', c([[0, 60]]), c([[0, 120]]), { loadKwh: 5, pvUsedKwh: 5, gridKwh: 0, pvShare: 1 }],
    ['a load bucket without PV is all grid', c([[0, 60], [M5, 60]]), c([[M5, 60]]), { loadKwh: 10, pvUsedKwh: 5, gridKwh: 5, pvShare: 0.5 }],
    ['no load: share undefined', c([]), c([[0, 10]]), { loadKwh: 0, pvUsedKwh: 0, gridKwh: 0, pvShare: NaN }],
  ])('%s', (_name, load, pv, want) => {
    const got = energySplit(load, pv, M5);
    expect(got.loadKwh).toBeCloseTo(want.loadKwh, 9);
    expect(got.pvUsedKwh).toBeCloseTo(want.pvUsedKwh, 9);
    expect(got.gridKwh).toBeCloseTo(want.gridKwh, 9);
    if (Number.isNaN(want.pvShare)) expect(got.pvShare).toBeNaN();
    else expect(got.pvShare).toBeCloseTo(want.pvShare, 9);
  });

  it.each([
    [0, 0],
    [1, 0.5703],
    [1000, 570.3],
    [12_345.6, 12_345.6 * 0.5703],
  ])('carbon of %d kWh from the grid is %d kgCO₂ at the 2022 national factor', (kwh, kg) => {
    expect(GRID_EMISSION_FACTOR_KG_PER_KWH).toBe(0.5703);
    expect(carbonKg(kwh)).toBeCloseTo(kg, 6);
  });

  it('takes another factor when given one', () => {
    expect(carbonKg(100, 0.6)).toBeCloseTo(60, 9);
  });
});
