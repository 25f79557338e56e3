/**
 * The shape of one item the product judges from its own data, and what every computation reads:
 * the community's twin, the series catalog's latest sample times and the server clock.
 */
import type { AutoAssessment, Bilingual } from '../../../streams/indicators/catalogue.ts';
import type { LoadedTwin } from '../../../twin-models/manifest/load-twin.ts';
import { deviceTagOf } from '../../../streams/families/index.ts';
import type { SeriesCatalog } from '../../catalog/series-catalog.ts';

/** A series counts as live when its latest sample is at most this old, ms (15 minutes). */
export const LIVE_WINDOW_MS = 15 * 60_000;

export interface AutoThreshold {
  comparison: '<=' | '>=';
  value: number;
  unit: string;
  /** 'guideline' when the guideline states the number; 'product' when the guideline gives none and this is the product's reading. */
  source: 'guideline' | 'product';
  note?: string;
}

export interface AutoItemResult {
  check: AutoAssessment;
  /** The catalogue item ("12.1"), or null for a guideline rule that is not an item (walkway density). */
  item: string | null;
  /** The guideline section of a rule that is not an item ("三(四)3"). */
  rule?: string;
  name: Bilingual;
  /** The computed figure in `unit`; null when it cannot be computed (see `reason`). */
  value: number | null;
  unit: string;
  threshold: AutoThreshold | null;
  /** null: the product cannot judge (missing data, or no threshold to judge against). */
  met: boolean | null;
  /** Why `met` is null or false, in words an operator can act on. */
  reason?: string;
  evidence: Record<string, unknown>;
}

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
