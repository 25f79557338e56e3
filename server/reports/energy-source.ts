/**
 * Where a node's energy figures are read from, as the cockpit's energy panel reads them: a
 * community or neighbourhood sums its meters' own series (energy, utility_meter), a street,
 * district or city reads its roll-up history (server/rollups/rollup-history.ts). Both through the
 * store interface in hourly means; an hour's mean kW times one hour is its kWh (m³/h times one
 * hour its m³).
 *
 * A month is read in two parts: what lies beyond the raw retention from the 1-hour rollups, the
 * recent days from the raw samples (grouped by hour). InfluxDB answers a range that starts before
 * its raw retention from `rp_1h`, which its continuous query fills an hour behind and never for
 * points written late; the recent part read from raw is exact in both stores.
 */
import { HOUR_MS } from '../../streams/china-time.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import type { RollupHistory } from '../rollups/rollup-history.ts';
import { DEFAULT_RETENTION, type SeriesDef, type TimeSeriesStore } from '../store/types.ts';

/** The figures a report counts, by `${measurement}.${field}` (summed over a node's series). */
export const ENERGY_KEYS = ['energy.load_kw', 'energy.pv_kw', 'energy.ev_kw', 'utility_meter.gas_m3h'] as const;
export type EnergyKey = (typeof ENERGY_KEYS)[number];

/** Per hour bucket start (epoch ms): each key's mean summed over the node's series. */
export type HourlyFigures = Map<number, Record<EnergyKey, number>>;

export interface EnergySourceOptions {
  catalog: SeriesCatalog;
  store: TimeSeriesStore;
  history: RollupHistory;
  /** How long the store keeps raw samples, ms. Default DEFAULT_RETENTION.rawMs. */
  rawMs?: number;
  now?: () => number;
}

export async function hourlyFigures(opts: EnergySourceOptions, node: HierarchyNode, from: number, to: number): Promise<HourlyFigures> {
  return (await hourlyBy(opts, node, from, to, () => '')).get('') ?? new Map();
}

/**
 * A community's figures and its neighbourhoods' from one read of its meters (a meter counts
 * under the neighbourhood its series is tagged with).
 */
export async function hourlyByNeighbourhood(opts: EnergySourceOptions, community: HierarchyNode, from: number, to: number): Promise<{ total: HourlyFigures; by: Map<string, HourlyFigures> }> {
  const by = await hourlyBy(opts, community, from, to, (d) => d.tags.neighbourhood ?? '');
  const total: HourlyFigures = new Map();
  for (const hours of by.values()) {
    for (const [t, h] of hours) {
      const sum = total.get(t) ?? emptyHour();
      for (const k of ENERGY_KEYS) sum[k] += h[k];
      total.set(t, sum);
    }
  }
  return { total, by };
}

const emptyHour = (): Record<EnergyKey, number> => ({ 'energy.load_kw': 0, 'energy.pv_kw': 0, 'energy.ev_kw': 0, 'utility_meter.gas_m3h': 0 });

async function hourlyBy(opts: EnergySourceOptions, node: HierarchyNode, from: number, to: number, groupOf: (d: SeriesDef) => string): Promise<Map<string, HourlyFigures>> {
  const byKey = ENERGY_KEYS.map((k) => ({ key: k, defs: seriesOf(opts, node, k) }));
  const all = byKey.flatMap((k) => k.defs);
  const out = new Map<string, HourlyFigures>();
  if (all.length === 0 || !(from < to)) return out;
  const keyOf = new Map<number, { key: EnergyKey; group: string }>();
  for (const k of byKey) for (const d of k.defs) keyOf.set(d.id, { key: k.key, group: groupOf(d) });
  // An hour boundary an hour inside the raw retention, so no bucket is split and the store reads raw after it.
  const cut = Math.ceil(((opts.now ?? Date.now)() - (opts.rawMs ?? DEFAULT_RETENTION.rawMs)) / HOUR_MS) * HOUR_MS + HOUR_MS;
  const parts = from < cut && cut < to ? [[from, cut], [cut, to]] : [[from, to]];
  const results = await Promise.all(parts.map(([a, b]) => opts.store.query({ series: all, from: a, to: b, windowMs: HOUR_MS, agg: 'mean' })));
  for (const s of results.flatMap((r) => r.series)) {
    const { key, group } = keyOf.get(s.id)!;
    let hours = out.get(group);
    if (!hours) out.set(group, (hours = new Map()));
    for (let i = 0; i < s.t.length; i++) {
      if (!Number.isFinite(s.v[i])) continue;
      let hour = hours.get(s.t[i]);
      if (!hour) hours.set(s.t[i], (hour = emptyHour()));
      hour[key] += s.v[i];
    }
  }
  return out;
}

function seriesOf(opts: EnergySourceOptions, node: HierarchyNode, key: EnergyKey): SeriesDef[] {
  const [measurement, field] = key.split('.') as [string, string];
  if (node.level === 'community') return opts.catalog.find({ measurement, field, tags: { community: node.id } });
  if (node.level === 'neighbourhood') {
    const tags: Record<string, string> = { neighbourhood: node.id };
    if (node.parent) tags.community = node.parent;
    return opts.catalog.find({ measurement, field, tags });
  }
  if (!opts.history.records(node.level)) return [];
  const id = opts.history.seriesId(node.id, key);
  const def = id === undefined ? undefined : opts.catalog.get(id);
  return def ? [def] : [];
}
