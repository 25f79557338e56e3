/**
 * The closed-loop figures of alert handling (open and closed alerts, time to acknowledge and to
 * resolve), read from `GET /api/alerts/stats` where the server has the alert-operations module.
 * Where it does not (404), the panel shows the counts the alert stream supports and says that the
 * handling figures are not available.
 */
import { ApiError, getJson } from '../../api/api-client.ts';

/** Seconds over the alerts acknowledged / resolved in the window; nulls when there are none. */
export interface DurationSummary {
  count: number;
  median: number | null;
  p95: number | null;
}

/** The answer of `GET /api/alerts/stats?node=&from=` (the parts the panel shows). */
export interface AlertLifecycleStats {
  total: number;
  open: number;
  escalated: number;
  byState: Record<string, number>;
  timeToAck: DurationSummary;
  timeToResolve: DurationSummary;
}

/** Stats of the node since `from` (e.g. `now-24h`); undefined when the server has no such endpoint. */
export async function fetchLifecycleStats(node: string, from: string, signal: AbortSignal): Promise<AlertLifecycleStats | undefined> {
  try {
    return await getJson<AlertLifecycleStats>(`/api/alerts/stats?node=${encodeURIComponent(node)}&from=${encodeURIComponent(from)}`, signal);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

/** Closed = every alert not open (resolved or closed). */
export function closedCount(s: AlertLifecycleStats): number {
  return Math.max(0, s.total - s.open);
}
