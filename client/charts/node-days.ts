/**
 * A node's rolled-up figures of today and yesterday from the roll-up history
 * (`GET /api/summary/history`, 5-minute means; yesterday already on today's clock).
 */
import { getJson } from '../api/api-client.ts';

/** One day's curve: bucket starts on today's clock (epoch ms), values. */
export interface DayCurve {
  t: number[];
  v: number[];
}

export interface NodeDays {
  /** Today's China midnight, epoch ms. */
  dayStart: number;
  /** When the server answered, epoch ms. */
  to: number;
  windowMs: number;
  curves: Record<string, { today: DayCurve; yesterday: DayCurve }>;
}

/** `keys`: `${measurement}.${field}` figures, at most 8. */
export function fetchNodeDays(nodeId: string, keys: readonly string[], signal: AbortSignal): Promise<NodeDays> {
  const q = [`node=${encodeURIComponent(nodeId)}`, ...keys.map((k) => `key=${encodeURIComponent(k)}`)].join('&');
  return getJson<NodeDays>(`/api/summary/history?${q}`, signal);
}

const EMPTY: DayCurve = { t: [], v: [] };

/** The curves of one key (empty ones when the answer has none). */
export function daysOf(d: NodeDays, key: string): { today: DayCurve; yesterday: DayCurve } {
  return d.curves[key] ?? { today: EMPTY, yesterday: EMPTY };
}

/** `a / b × scale` bucket by bucket, where both have a bucket and b > 0 (occupancy from occupied and capacity). */
export function ratioCurve(a: DayCurve, b: DayCurve, scale = 1): DayCurve {
  const den = new Map<number, number>();
  for (let i = 0; i < b.t.length; i++) den.set(b.t[i], b.v[i]);
  const out: DayCurve = { t: [], v: [] };
  for (let i = 0; i < a.t.length; i++) {
    const d = den.get(a.t[i]);
    if (d !== undefined && d > 0) { out.t.push(a.t[i]); out.v.push((a.v[i] / d) * scale); }
  }
  return out;
}
