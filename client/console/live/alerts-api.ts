/**
 * The console's calls to `/api/alerts` (docs/api.md, "Alert operations"). Reads go through the
 * shared `getJson`; actions answer either the new record or, on 409, the server's account of who
 * acted first, so the console can show it instead of failing silently. Actions carry the session's
 * CSRF token (sendJson).
 */
import type { AlertHistoryEntry, AlertRecord, OperatorAction } from '../../../streams/alert-lifecycle.ts';
import { ApiError, getJson, sendJson } from '../../api/api-client.ts';
import { filterQuery, type AlertFilter } from '../model/alert-filter.ts';

/** Most alerts one list read brings. */
export const LIST_LIMIT = 500;

export interface AlertDetail {
  alert: AlertRecord;
  history: AlertHistoryEntry[];
  comments: AlertHistoryEntry[];
  allowed: OperatorAction[];
}

/** The records under a node that pass the filter. `base` is the server's URL ('' in the page: its own origin). */
export function listAlerts(filter: AlertFilter, node: string, signal?: AbortSignal, base = ''): Promise<{ alerts: AlertRecord[]; total: number }> {
  return getJson(`${base}/api/alerts?${filterQuery(filter, node, LIST_LIMIT)}`, signal);
}

export function getAlert(id: number, signal?: AbortSignal): Promise<AlertDetail> {
  return getJson(`/api/alerts/${id}`, signal);
}

/** Who acts is the signed-in user: the server takes it from the session, so the body names nobody. */
export interface ActionBody {
  expectedRevision?: number;
  comment?: string;
  assignee?: string;
}

export type ActionResult =
  | { ok: true; alert: AlertRecord }
  /** 409: another operator acted first, or the state no longer allows it; `error` says who did what. */
  | { ok: false; conflict: true; error: string }
  | { ok: false; conflict: false; error: string };

export async function act(id: number, action: OperatorAction, body: ActionBody): Promise<ActionResult> {
  try {
    const res = await sendJson<{ alert?: AlertRecord }>('POST', `/api/alerts/${id}/${action}`, body);
    if (res?.alert) return { ok: true, alert: res.alert };
    return { ok: false, conflict: false, error: `alerts: ${action} of alert ${id}: the answer carries no alert` };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 0) return { ok: false, conflict: false, error: `alerts: ${action} of alert ${id} not sent: ${e.serverMessage}` };
    return { ok: false, conflict: e.status === 409, error: e.serverMessage };
  }
}

/** Time range of a handover report, epoch ms, under a node. */
export function handoverUrl(node: string, from: number, to: number, format: 'json' | 'csv'): string {
  const q = new URLSearchParams({ node, from: String(from), to: String(to), format });
  return `/api/alerts/handover?${q}`;
}
