/**
 * The items the product judges from its own data, as `GET /api/indicators/auto?community=` answers
 * them (server/indicators/auto/), and the walking routes of 12.1 and 12.2 taken out of their
 * evidence for the twin to draw.
 */
import type { AutoAnswer, AutoItemResult } from '../../streams/indicators/auto-result.ts';

export type { AutoAnswer };

/** One judged item as the server answers it. */
export type AutoItem = AutoItemResult;

/** The two walking-distance items whose routes are drawn on the twin. */
export const ROUTE_ITEMS = ['12.1', '12.2'] as const;
export type RouteItem = (typeof ROUTE_ITEMS)[number];

export const isRouteItem = (id: string | null): id is RouteItem => id === '12.1' || id === '12.2';

/** One main entrance's walk to its nearest stop, as the twin draws it. */
export interface WalkRoute {
  item: RouteItem;
  /** Gate feature id of the main entrance. */
  gate: string;
  gateName: string;
  /** Walking distance, metres. */
  distanceM: number;
  /** The item's threshold, metres. */
  thresholdM: number;
  within: boolean;
  /** [longitude, latitude, height m] from the entrance to the stop. */
  path: [number, number, number][];
}

interface EntranceEvidence {
  gate?: unknown;
  name?: unknown;
  distanceM?: unknown;
  within?: unknown;
  route?: unknown;
}

/** The name a feature carries: text, or `{ zh, en }`. */
export function featureName(raw: unknown, fallback: string, lang: 'zh' | 'en' = 'zh'): string {
  if (typeof raw === 'string' && raw) return raw;
  if (raw && typeof raw === 'object') {
    const n = (raw as Record<string, unknown>)[lang] ?? (raw as Record<string, unknown>).zh;
    if (typeof n === 'string' && n) return n;
  }
  return fallback;
}

/** The entrances' routes of 12.1 and 12.2 with a drawable line (two points or more). */
export function walkRoutes(items: readonly AutoItem[]): WalkRoute[] {
  const out: WalkRoute[] = [];
  for (const it of items) {
    if (!isRouteItem(it.item) || !it.threshold) continue;
    const entrances = Array.isArray(it.evidence.entrances) ? (it.evidence.entrances as EntranceEvidence[]) : [];
    for (const e of entrances) {
      if (typeof e.distanceM !== 'number' || !Array.isArray(e.route) || e.route.length < 2) continue;
      const gate = typeof e.gate === 'string' ? e.gate : '';
      out.push({
        item: it.item, gate, gateName: featureName(e.name, gate), distanceM: e.distanceM, thresholdM: it.threshold.value,
        within: e.within === true, path: (e.route as number[][]).map((p) => [p[0], p[1], p[2] ?? 0]),
      });
    }
  }
  return out;
}
