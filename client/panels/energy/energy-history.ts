/**
 * Reads the node's load and PV history for today and yesterday (5-minute means, summed over the
 * buildings of a community, or the roll-up history of an area) and derives what the energy panel shows.
 */
import type { HierarchyNode } from '../../../streams/hierarchy.ts';
import { queryNode } from '../../api/node-query.ts';
import { carbonKg, gasCarbonKg } from '../../../streams/emission-factors.ts';
import { DAY_MS, chinaDayStart } from '../../../streams/china-time.ts';
import { daysOf, fetchNodeDays } from '../../charts/node-days.ts';
import type { EnergyExtras } from './energy-chart.ts';
import { energyKwh, energySplit, peakAndValley, sumCurves, todayAndYesterday, type Curve, type EnergySplit, type Extreme } from './day-curves.ts';

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
  /** Natural gas burnt today, standard m³ (the buildings' gas meters). */
  gasM3: number;
  /** Grid imports today × the grid's factor plus gas today × gas's factor, kgCO₂. */
  carbonKg: number;
  /** PV and EV curves beside the load (an area's history has them). */
  extras: EnergyExtras;
}

/** The figures an area's energy is read from, in the roll-up history. */
const AREA_KEYS = ['energy.load_kw', 'energy.pv_kw', 'energy.ev_kw', 'utility_meter.gas_m3h'] as const;

/**
 * A city, district or street: its rolled-up load, PV, EV and gas flow, today and yesterday, from
 * the roll-up history (one request; the server records every node's totals each minute).
 */
export async function fetchAreaEnergyDay(node: HierarchyNode, signal: AbortSignal): Promise<EnergyDay> {
  const d = await fetchNodeDays(node.id, AREA_KEYS, signal);
  const load = daysOf(d, 'energy.load_kw');
  const pv = daysOf(d, 'energy.pv_kw');
  const ev = daysOf(d, 'energy.ev_kw');
  const split = energySplit(load.today, pv.today, d.windowMs);
  const gasM3 = energyKwh(daysOf(d, 'utility_meter.gas_m3h').today, d.windowMs);
  return {
    dayStart: d.dayStart, today: load.today, yesterday: load.yesterday, to: d.to, windowMs: d.windowMs,
    extremes: peakAndValley(load.today), split, gasM3, carbonKg: carbonKg(split.gridKwh) + gasCarbonKg(gasM3), extras: { pv, ev },
  };
}

/** Bucket of the history: fine enough for a peak time, coarse enough for two days in one read. */
export const ENERGY_WINDOW = '5m';

/** `withGas`: the node has gas meters (their flows are read for the carbon figure); default false. */
export async function fetchEnergyDay(node: HierarchyNode, hierarchy: readonly HierarchyNode[], signal: AbortSignal, now = Date.now(), withGas = false): Promise<EnergyDay> {
  const dayStart = chinaDayStart(now);
  const common = { measurement: 'energy', from: dayStart - DAY_MS, to: now, window: ENERGY_WINDOW, agg: 'mean' as const, maxPoints: 600 };
  const [load, pv, gas] = await Promise.all([
    queryNode(node, hierarchy, { ...common, field: 'load_kw' }, signal),
    queryNode(node, hierarchy, { ...common, field: 'pv_kw' }, signal),
    // Today only: the gas meters' flow, 5-minute means, integrated like the load (m³/h × h).
    withGas ? queryNode(node, hierarchy, { ...common, measurement: 'utility_meter', field: 'gas_m3h', from: dayStart }, signal) : { windowMs: 0, to: now, series: [] },
  ]);
  const windowMs = load.windowMs || 300_000;
  const loadDays = todayAndYesterday(sumCurves(load.series, windowMs), now);
  const pvToday = todayAndYesterday(sumCurves(pv.series, windowMs), now).today;
  const split = energySplit(loadDays.today, pvToday, windowMs);
  const gasM3 = energyKwh(todayAndYesterday(sumCurves(gas.series, gas.windowMs || windowMs), now).today, gas.windowMs || windowMs);
  return {
    dayStart, today: loadDays.today, yesterday: loadDays.yesterday, to: load.to || now, windowMs,
    extremes: peakAndValley(loadDays.today), split, gasM3, carbonKg: carbonKg(split.gridKwh) + gasCarbonKg(gasM3), extras: {},
  };
}
