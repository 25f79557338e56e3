/**
 * Reads the node's load and PV history for today and yesterday (5-minute means, summed over the
 * buildings) and derives what the energy panel shows.
 */
import type { HierarchyNode } from '../../../streams/hierarchy.ts';
import { queryNode } from '../../api/node-query.ts';
import { carbonKg } from './carbon.ts';
import { DAY_MS, chinaDayStart } from '../../../streams/china-time.ts';
import { energySplit, peakAndValley, sumCurves, todayAndYesterday, type Curve, type EnergySplit, type Extreme } from './day-curves.ts';

export interface EnergyDay {
  dayStart: number;
  today: Curve;
  yesterday: Curve;
  /** End of the history, epoch ms: live totals after it extend today's line. */
  to: number;
  windowMs: number;
  extremes: { peak: Extreme; valley: Extreme } | undefined;
  /** Today so far. */
  split: EnergySplit;
  /** Grid imports today × the emission factor, kgCO₂. */
  carbonKg: number;
}

/** Bucket of the history: fine enough for a peak time, coarse enough for two days in one read. */
export const ENERGY_WINDOW = '5m';

export async function fetchEnergyDay(node: HierarchyNode, hierarchy: readonly HierarchyNode[], signal: AbortSignal, now = Date.now()): Promise<EnergyDay> {
  const dayStart = chinaDayStart(now);
  const common = { measurement: 'energy', from: dayStart - DAY_MS, to: now, window: ENERGY_WINDOW, agg: 'mean' as const, maxPoints: 600 };
  const [load, pv] = await Promise.all([
    queryNode(node, hierarchy, { ...common, field: 'load_kw' }, signal),
    queryNode(node, hierarchy, { ...common, field: 'pv_kw' }, signal),
  ]);
  const windowMs = load.windowMs || 300_000;
  const loadDays = todayAndYesterday(sumCurves(load.series, windowMs), now);
  const pvToday = todayAndYesterday(sumCurves(pv.series, windowMs), now).today;
  const split = energySplit(loadDays.today, pvToday, windowMs);
  return {
    dayStart, today: loadDays.today, yesterday: loadDays.yesterday, to: load.to || now, windowMs,
    extremes: peakAndValley(loadDays.today), split, carbonKg: carbonKg(split.gridKwh),
  };
}
