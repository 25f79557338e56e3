/**
 * An alert record as it stood at a past moment, from the times its record keeps: not yet raised,
 * raised, acknowledged, dispatched, resolved or closed by then. A record reopened since shows the
 * cycle it is in now (its earlier one is in its history, not in the record).
 */
import type { AlertRecord, AlertState } from '../../streams/alert-lifecycle.ts';

export function alertAsAt(a: AlertRecord, t: number): AlertRecord | undefined {
  if (a.raisedAt > t) return undefined;
  const reached = (at: number | null) => at !== null && at <= t;
  const state: AlertState = reached(a.closedAt) ? 'closed' : reached(a.resolvedAt) ? 'resolved'
    : reached(a.dispatchedAt) ? 'dispatched' : reached(a.acknowledgedAt) ? 'acknowledged' : 'raised';
  if (state === a.state) return a;
  return {
    ...a, state,
    acknowledgedAt: reached(a.acknowledgedAt) ? a.acknowledgedAt : null,
    acknowledgedBy: reached(a.acknowledgedAt) ? a.acknowledgedBy : null,
    dispatchedAt: reached(a.dispatchedAt) ? a.dispatchedAt : null,
    assignee: reached(a.dispatchedAt) ? a.assignee : null,
    resolvedAt: reached(a.resolvedAt) ? a.resolvedAt : null,
    resolvedBy: reached(a.resolvedAt) ? a.resolvedBy : null,
    closedAt: reached(a.closedAt) ? a.closedAt : null,
    ackSeconds: reached(a.acknowledgedAt) ? a.ackSeconds : null,
    resolveSeconds: reached(a.resolvedAt) ? a.resolveSeconds : null,
  };
}

/** Which states the records are in at `t`, as one string: the list is rebuilt only when it changes. */
export function statesAt(records: readonly AlertRecord[], t: number): string {
  let s = '';
  for (const a of records) {
    const at = alertAsAt(a, t);
    if (at) s += `${a.id}:${at.state},`;
  }
  return s;
}
