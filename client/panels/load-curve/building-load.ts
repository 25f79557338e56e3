/**
 * Which building's load the curve shows, and its history: the `energy` `load_kw` series of the
 * node from /api/series (the one named by `?building=`, else the first by neighbourhood, building
 * and meter), then 5-minute means of the last 24 hours from /api/query.
 */
import type { HierarchyNode } from '../../../streams/hierarchy.ts';
import { getJson, nodeFilter, tagFilter, type ApiQueryResult, type ApiSeries } from '../../api/api-client.ts';

/** The load series to chart under `node`, or undefined when the node has no building meter. */
export async function pickBuildingLoad(node: HierarchyNode, building: string | null | undefined, signal: AbortSignal): Promise<ApiSeries | undefined> {
  if (node.level !== 'community' && node.level !== 'neighbourhood') return undefined;
  const { series } = await getJson<{ series: ApiSeries[] }>(`/api/series?measurement=energy&field=load_kw&${nodeFilter(node)}`, signal);
  const buildings = series.filter((s) => s.tags.building !== undefined && (!building || s.tags.building === building));
  const key = (s: ApiSeries) => `${s.tags.neighbourhood ?? ''}\n${s.tags.building}\n${s.tags.meter ?? ''}`;
  buildings.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return buildings[0];
}

export interface LoadHistory {
  t: number[];
  v: number[];
  /** End of the queried range, epoch ms. */
  to: number;
  windowMs: number;
}

/** Window means of one series over the last `span` (default 24h, window 5m). */
export async function fetchLoadHistory(series: ApiSeries, signal: AbortSignal, span = '24h', window = '5m'): Promise<LoadHistory> {
  const q = `measurement=${encodeURIComponent(series.measurement)}&field=${encodeURIComponent(series.field)}&${tagFilter(series.tags)}`
    + `&from=now-${span}&window=${window}&agg=mean&maxPoints=2000`;
  const res = await getJson<ApiQueryResult>(`/api/query?${q}`, signal);
  const s = res.series.find((x) => x.id === series.id);
  return { t: s?.t ?? [], v: s?.v ?? [], to: res.to, windowMs: res.windowMs };
}
