/**
 * Shaping of a community's energy history for the energy panel: the buildings' window means summed
 * into one curve, today's curve beside yesterday's on the same clock (China Standard Time), peak and
 * valley with their times, energy, PV share and grid imports. Pure functions, no DOM.
 */

/** One series of window means: times (epoch ms, bucket starts) ascending, values. */
export interface Curve {
  t: number[];
  v: number[];
}

import { DAY_MS, HOUR_MS, chinaDayStart } from '../../../streams/china-time.ts';

/**
 * Sum of several series bucket by bucket (buckets are aligned to the epoch by /api/query). A series
 * missing a bucket (the store omits empty ones) contributes its last value for up to `maxCarry`
 * buckets, so one late meter does not cut a notch in the total; a bucket where no series has a value
 * (fresh or carried) is left out.
 *
 * @param windowMs bucket width, ms
 * @param maxCarry buckets a value is carried over a gap. Default 2.
 */
export function sumCurves(series: readonly Curve[], windowMs: number, maxCarry = 2): Curve {
  const times = new Set<number>();
  for (const s of series) for (const t of s.t) times.add(t);
  const grid = [...times].sort((a, b) => a - b);
  const out: Curve = { t: [], v: [] };
  const idx = new Array<number>(series.length).fill(0);
  for (const t of grid) {
    let sum = 0;
    let any = false;
    for (let k = 0; k < series.length; k++) {
      const s = series[k];
      let i = idx[k];
      while (i < s.t.length && s.t[i] <= t) i++;
      idx[k] = i;
      // i - 1 is the newest bucket at or before t.
      if (i === 0) continue;
      const age = t - s.t[i - 1];
      if (age <= maxCarry * windowMs) {
        sum += s.v[i - 1];
        any = true;
      }
    }
    if (any) {
      out.t.push(t);
      out.v.push(sum);
    }
  }
  return out;
}

/**
 * Today's points (from the CST midnight of `now`) and yesterday's shifted by one day, so both
 * lie on today's clock and can share an axis.
 */
export function todayAndYesterday(curve: Curve, now: number): { today: Curve; yesterday: Curve; dayStart: number } {
  const dayStart = chinaDayStart(now);
  const today: Curve = { t: [], v: [] };
  const yesterday: Curve = { t: [], v: [] };
  for (let i = 0; i < curve.t.length; i++) {
    const t = curve.t[i];
    if (t >= dayStart && t <= now) {
      today.t.push(t);
      today.v.push(curve.v[i]);
    } else if (t >= dayStart - DAY_MS && t < dayStart) {
      yesterday.t.push(t + DAY_MS);
      yesterday.v.push(curve.v[i]);
    }
  }
  return { today, yesterday, dayStart };
}

export interface Extreme {
  /** Epoch ms. */
  t: number;
  v: number;
}

/** Highest and lowest point (the first of equal ones); undefined for an empty curve. */
export function peakAndValley(curve: Curve): { peak: Extreme; valley: Extreme } | undefined {
  if (curve.t.length === 0) return undefined;
  let hi = 0;
  let lo = 0;
  for (let i = 1; i < curve.v.length; i++) {
    if (curve.v[i] > curve.v[hi]) hi = i;
    if (curve.v[i] < curve.v[lo]) lo = i;
  }
  return { peak: { t: curve.t[hi], v: curve.v[hi] }, valley: { t: curve.t[lo], v: curve.v[lo] } };
}

/** Energy of a curve of mean kW per `windowMs` bucket, kWh. */
export function energyKwh(curve: Curve, windowMs: number): number {
  let sum = 0;
  for (const v of curve.v) sum += v;
  return (sum * windowMs) / HOUR_MS;
}

export interface EnergySplit {
  /** Consumption, kWh. */
  loadKwh: number;
  /** PV used on site (PV up to the load of each bucket), kWh. */
  pvUsedKwh: number;
  /** Drawn from the grid (load not covered by PV), kWh. */
  gridKwh: number;
  /** pvUsedKwh / loadKwh, 0..1; NaN without consumption. */
  pvShare: number;
}

/**
 * How consumption was covered, bucket by bucket. Load is gross demand (it includes EV charging) and
 * PV is not netted off in the meters, so the PV used is min(PV, load) and the rest comes from the grid.
 * Buckets are matched by time; a load bucket without PV counts as all grid.
 */
export function energySplit(load: Curve, pv: Curve, windowMs: number): EnergySplit {
  const pvAt = new Map<number, number>();
  for (let i = 0; i < pv.t.length; i++) pvAt.set(pv.t[i], pv.v[i]);
  const h = windowMs / HOUR_MS;
  let loadKwh = 0;
  let pvUsedKwh = 0;
  for (let i = 0; i < load.t.length; i++) {
    const l = Math.max(0, load.v[i]);
    const p = Math.max(0, pvAt.get(load.t[i]) ?? 0);
    loadKwh += l * h;
    pvUsedKwh += Math.min(l, p) * h;
  }
  return { loadKwh, pvUsedKwh, gridKwh: loadKwh - pvUsedKwh, pvShare: loadKwh > 0 ? pvUsedKwh / loadKwh : NaN };
}
