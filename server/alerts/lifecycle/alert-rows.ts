/** Row ⇄ record conversion for the `alerts` and `alert_history` tables, and the service's error type. */
import type { Severity } from '../../../streams/alerts.ts';
import type { AlertAction, AlertHistoryEntry, AlertRecord, AlertState } from '../../../streams/alert-lifecycle.ts';

/** An alerts API error with its HTTP status; messages start with "alerts: ". */
export class AlertError extends Error {
  constructor(readonly status: number, message: string) {
    super(`alerts: ${message}`);
  }
}

export interface AlertRow {
  id: number; dedup_key: string; community: string; neighbourhood: string; type: string; severity: string; source: string;
  rule_id: string | null; device: string; tags: string; location: string; message: string; value: number | null;
  state: string; revision: number; raised_at: number; clock_from: number; count: number; last_seen: number; active: number;
  acknowledged_at: number | null; acknowledged_by: string | null; assignee: string | null; dispatched_at: number | null;
  resolved_at: number | null; resolved_by: string | null; closed_at: number | null; ack_seconds: number | null;
  resolve_seconds: number | null; escalated: number; escalation_level: number; updated_at: number; drill: number;
}

export interface HistoryRow {
  seq: number; alert_id: number; action: string; from_state: string | null; to_state: string; operator: string;
  comment: string; detail: string; at: number;
}

export function toRecord(r: AlertRow): AlertRecord {
  return {
    id: r.id, community: r.community, neighbourhood: r.neighbourhood, type: r.type, severity: r.severity as Severity,
    source: r.source as AlertRecord['source'], ruleId: r.rule_id, device: r.device, tags: JSON.parse(r.tags) as Record<string, string>,
    location: r.location, message: r.message, value: r.value, state: r.state as AlertState, revision: r.revision,
    raisedAt: r.raised_at, clockFrom: r.clock_from, count: r.count, lastSeen: r.last_seen, active: r.active === 1,
    acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by, assignee: r.assignee, dispatchedAt: r.dispatched_at,
    resolvedAt: r.resolved_at, resolvedBy: r.resolved_by, closedAt: r.closed_at, ackSeconds: r.ack_seconds,
    resolveSeconds: r.resolve_seconds, escalated: r.escalated === 1, escalationLevel: r.escalation_level, updatedAt: r.updated_at,
    ...(r.drill === 1 ? { drill: true as const } : {}),
  };
}

export function toHistory(r: HistoryRow): AlertHistoryEntry {
  return {
    seq: r.seq, alertId: r.alert_id, action: r.action as AlertAction, fromState: r.from_state as AlertState | null,
    toState: r.to_state as AlertState, operator: r.operator, comment: r.comment, detail: r.detail, at: r.at,
  };
}
