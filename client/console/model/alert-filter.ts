/**
 * Which alerts the console lists, and in what order. The same filter is sent to `GET /api/alerts`
 * and applied to every live `alertUpdate`, so a record that leaves the filter (an alert closed by
 * a colleague) leaves the list, and one that enters it (a reopen) appears without a reload.
 */
import type { AlertRecord, AlertState } from '../../../streams/alert-lifecycle.ts';
import type { Severity } from '../../../streams/alerts.ts';
import { SEVERITY_RANK } from '../../../streams/alert-rules.ts';

export interface AlertFilter {
  /** States shown; empty: every state. */
  states: AlertState[];
  /** Alert types shown; empty: every type. */
  types: string[];
  /** Severities shown; empty: every severity. */
  severities: Severity[];
  /** Neighbourhood id, or null for every neighbourhood of the console's node. */
  neighbourhood: string | null;
}

/** Everything but closed alerts: a resolved alert stays in sight until someone closes it. */
export const DEFAULT_FILTER: AlertFilter = {
  states: ['raised', 'acknowledged', 'dispatched', 'resolved'],
  types: [],
  severities: [],
  neighbourhood: null,
};

export function matchesFilter(a: AlertRecord, f: AlertFilter): boolean {
  if (f.states.length && !f.states.includes(a.state)) return false;
  if (f.types.length && !f.types.includes(a.type)) return false;
  if (f.severities.length && !f.severities.includes(a.severity)) return false;
  if (f.neighbourhood !== null && a.neighbourhood !== f.neighbourhood) return false;
  return true;
}

/** Query string of `GET /api/alerts` for a filter under the console's node. */
export function filterQuery(f: AlertFilter, node: string, limit: number): string {
  const q = new URLSearchParams({ node: f.neighbourhood ?? node, limit: String(limit) });
  if (f.states.length) q.set('state', f.states.join(','));
  if (f.types.length) q.set('type', f.types.join(','));
  if (f.severities.length) q.set('severity', f.severities.join(','));
  return q.toString();
}

const STATE_ORDER: Readonly<Record<AlertState, number>> = { raised: 0, acknowledged: 1, dispatched: 2, resolved: 3, closed: 4 };

/**
 * Order of the list: alerts waiting for someone first (raised, then acknowledged, dispatched,
 * resolved, closed), within a state the most severe first, then the newest raise first.
 */
export function compareAlerts(a: AlertRecord, b: AlertRecord): number {
  return STATE_ORDER[a.state] - STATE_ORDER[b.state]
    || (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0)
    || b.raisedAt - a.raisedAt
    || b.id - a.id;
}

/** The records of a map that pass the filter, in list order. */
export function visibleAlerts(records: Iterable<AlertRecord>, f: AlertFilter): AlertRecord[] {
  const out: AlertRecord[] = [];
  for (const r of records) if (matchesFilter(r, f)) out.push(r);
  return out.sort(compareAlerts);
}
