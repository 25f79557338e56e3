/**
 * The alert records a cockpit or twin holds for its node: every open one, whatever its age, and
 * every one raised in the last `windowMs` (for the 24-hour statistics), read from `GET /api/alerts`
 * in two lists and merged. The console reads the same records through its own filter
 * (console/live/alerts-api.ts); both keep them current with alert-sync.ts.
 */
import { OPEN_STATES, type AlertRecord } from '../../streams/alert-lifecycle.ts';
import { getJson } from '../api/api-client.ts';
import { isNewer, isOpen } from './alert-records.ts';

/** Most records one list read brings (the server's maximum). */
export const NODE_ALERTS_LIMIT = 1000;

/** Default window of the records held besides the open ones: 24 hours, ms. */
export const ALERT_WINDOW_MS = 24 * 3_600_000;

/** Which records the cockpit holds: open ones, and those raised within the window before `now`; never a drill's. */
export function inAlertWindow(a: AlertRecord, windowMs = ALERT_WINDOW_MS, now = Date.now()): boolean {
  // A drill of an emergency plan is the control room's practice: the cockpit and the twin neither show nor count it.
  if (a.drill) return false;
  return isOpen(a) || a.raisedAt >= now - windowMs;
}

/**
 * Reads a node's records. `base` is the server's URL ('' in a page: its own origin). A list cut
 * at the limit keeps the newest; `total` counts the records the server matched (exact unless cut).
 */
export async function readNodeAlertRecords(
  base: string, node: string, signal: AbortSignal, windowMs = ALERT_WINDOW_MS,
): Promise<{ alerts: AlertRecord[]; total: number }> {
  const q = (extra: Record<string, string>) => new URLSearchParams({ node, limit: String(NODE_ALERTS_LIMIT), ...extra });
  type List = { alerts: AlertRecord[]; total: number };
  const [open, recent] = await Promise.all([
    getJson<List>(`${base}/api/alerts?${q({ state: OPEN_STATES.join(',') })}`, signal),
    getJson<List>(`${base}/api/alerts?${q({ from: String(Date.now() - windowMs) })}`, signal),
  ]);
  const byId = new Map<number, AlertRecord>();
  for (const a of [...open.alerts, ...recent.alerts]) if (isNewer(a, byId.get(a.id))) byId.set(a.id, a);
  // Open records raised inside the window are in both lists.
  const both = recent.alerts.filter(isOpen).length;
  return { alerts: [...byId.values()], total: open.total + recent.total - both };
}
