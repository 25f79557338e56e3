/** A complete alert record for console tests, with overrides. */
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';

export function alertRecord(over: Partial<AlertRecord> = {}): AlertRecord {
  const raisedAt = over.raisedAt ?? 1_764_000_000_000;
  return {
    id: 1, community: 'c-a', neighbourhood: 'n-a1', type: 'fire', severity: 'critical', source: 'device', ruleId: null,
    device: 'smk-1', tags: {}, location: '3栋2单元', message: '烟感报警', value: 1, state: 'raised', revision: 1,
    raisedAt, clockFrom: raisedAt, count: 1, lastSeen: raisedAt, active: true,
    acknowledgedAt: null, acknowledgedBy: null, assignee: null, dispatchedAt: null, resolvedAt: null, resolvedBy: null, closedAt: null,
    ackSeconds: null, resolveSeconds: null, escalated: false, escalationLevel: 0, updatedAt: raisedAt,
    ...over,
  };
}
