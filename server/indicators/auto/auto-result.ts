/**
 * The shape of one item the product judges from its own data, and what every computation reads:
 * the community's twin, the series catalog's latest sample times and the server clock.
 */
export type { AutoAnswer, AutoItemResult, AutoThreshold } from '../../../streams/indicators/auto-result.ts';
import type { LoadedTwin } from '../../../twin-models/manifest/load-twin.ts';
import { deviceTagOf } from '../../../streams/families/index.ts';
import type { SeriesCatalog } from '../../catalog/series-catalog.ts';

/** A series counts as live when its latest sample is at most this old, ms (15 minutes). */
export const LIVE_WINDOW_MS = 15 * 60_000;



export interface AutoContext {
  community: string;
  twin: LoadedTwin;
  catalog: SeriesCatalog;
  /** Server clock, epoch ms. */
  now: number;
}

/**
 * Latest sample time (epoch ms) of each device of one measurement in a community, keyed by the
 * device tag's value (meter, sensor …): the newest over the device's field series.
 */
export function latestByDevice(catalog: SeriesCatalog, community: string, measurement: string): Map<string, number> {
  const tag = deviceTagOf(measurement);
  const out = new Map<string, number>();
  if (!tag) return out;
  for (const id of catalog.ofCommunity(community)) {
    const d = catalog.get(id)!;
    if (d.measurement !== measurement) continue;
    const device = d.tags[tag];
    const t = catalog.latestTime(id);
    if (device === undefined || Number.isNaN(t)) continue;
    if (!(out.get(device)! >= t)) out.set(device, t);
  }
  return out;
}

/** Rounds for display without pretending to more precision than the inputs have. */
export const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;
