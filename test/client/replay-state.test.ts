/**
 * What a replay shows at its clock: an alert record as it stood then (not yet raised, raised,
 * acknowledged, resolved…), a node's figures totalled from the replayed latest values by each
 * field's rollup rule, and the bucket a speed reads at.
 */
import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';
import { alertAsAt, statesAt } from '../../client/replay/alerts-as-at.ts';
import { summaryOf } from '../../client/replay/replay-summary.ts';
import { stepFor } from '../../client/replay/replay-player.ts';
import { LiveStore } from '../../client/live/live-store.ts';
import { packColumns } from '../../streams/live-protocol.ts';

const record = (over: Partial<AlertRecord> = {}): AlertRecord => ({
  id: 1, community: 'c-a', neighbourhood: 'n-a1', type: 'fire', severity: 'critical', source: 'device', rule: null, device: 'smoke-1',
  tags: {}, location: '1号楼', message: '烟感告警', value: 1, state: 'closed', revision: 5, raisedAt: 1000, clockFrom: 1000, count: 1, lastSeen: 1000,
  active: false, acknowledgedAt: 2000, acknowledgedBy: '张三', assignee: '李四', dispatchedAt: 3000, resolvedAt: 4000, resolvedBy: '李四', closedAt: 5000,
  ackSeconds: 1, resolveSeconds: 3, escalated: false, escalationLevel: 0, updatedAt: 5000, ...over,
} as AlertRecord);

describe('an alert record at a past moment', () => {
  it('is absent before its raise and walks through its states by the times it keeps', () => {
    const a = record();
    expect(alertAsAt(a, 999)).toBeUndefined();
    expect(alertAsAt(a, 1500)).toMatchObject({ state: 'raised', acknowledgedAt: null, acknowledgedBy: null, ackSeconds: null, resolvedAt: null, closedAt: null });
    expect(alertAsAt(a, 2500)).toMatchObject({ state: 'acknowledged', acknowledgedBy: '张三', assignee: null });
    expect(alertAsAt(a, 3500)).toMatchObject({ state: 'dispatched', assignee: '李四', resolvedAt: null });
    expect(alertAsAt(a, 4500)).toMatchObject({ state: 'resolved', resolvedBy: '李四', closedAt: null });
    expect(alertAsAt(a, 6000)).toBe(a);
    expect(statesAt([a, record({ id: 2, raisedAt: 3000, state: 'raised', acknowledgedAt: null, dispatchedAt: null, resolvedAt: null, closedAt: null })], 3500))
      .toBe('1:dispatched,2:raised,');
  });
});

describe('a replayed node\'s figures', () => {
  it('sum, average and take the extreme of the latest values by each field\'s rollup rule', () => {
    const store = new LiveStore();
    store.applyTelemetry({
      room: 'c-a/replay', epoch: 'replay', seq: 0,
      schema: [
        { id: 1, measurement: 'energy', tags: { community: 'c-a', neighbourhood: 'n-a1', building: 'b1' }, field: 'load_kw', type: 'float' },
        { id: 2, measurement: 'energy', tags: { community: 'c-a', neighbourhood: 'n-a2', building: 'b2' }, field: 'load_kw', type: 'float' },
        { id: 3, measurement: 'env', tags: { community: 'c-a', neighbourhood: 'n-a1', sensor: 'e1' }, field: 'temperature_c', type: 'float' },
        { id: 4, measurement: 'env', tags: { community: 'c-a', neighbourhood: 'n-a2', sensor: 'e2' }, field: 'temperature_c', type: 'float' },
      ],
      samples: packColumns([1, 2, 3, 4, 1], [10, 10, 10, 10, 20], [100, 50, 18, 22, 120]),
    });
    const s = summaryOf(store.data, 'c-a', 20);
    expect(s.values['energy.load_kw']).toEqual({ value: 170, series: 2 });
    expect(s.values['env.temperature_c']).toEqual({ value: 20, series: 2 });
    expect(s).toMatchObject({ node: 'c-a', time: 20 });
  });
});

describe('the bucket a replay reads at', () => {
  it('is raw up to 60× and about one tick of replayed time beyond, rounded down', () => {
    expect(stepFor(1)).toBe(0);
    expect(stepFor(60)).toBe(0);
    expect(stepFor(600)).toBe(60_000);
    expect(stepFor(3600)).toBe(900_000);
  });
});
