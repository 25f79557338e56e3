import { afterEach, describe, expect, it } from 'vitest';
import { openRecordsDb } from '../../server/records/records-db.ts';
import { AlertService } from '../../server/alerts/lifecycle/alert-service.ts';
import { AlertError } from '../../server/alerts/lifecycle/alert-rows.ts';
import type { RuleFiring } from '../../server/alerts/rules/rule-engine.ts';
import type { AlertAction, AlertRecord, OperatorAction } from '../../streams/alert-lifecycle.ts';
import type { AlertEvent } from '../../streams/alerts.ts';

const T0 = Date.UTC(2025, 5, 1, 2, 0, 0);
const services: AlertService[] = [];
afterEach(() => { for (const s of services.splice(0)) s.close(); });

function setup() {
  const db = openRecordsDb(':memory:');
  const clock = { now: T0 };
  const changes: [AlertAction, AlertRecord][] = [];
  const service = new AlertService(db, { now: () => clock.now, escalationCheckMs: 0, onChange: (a, r) => changes.push([a, r]) });
  services.push(service);
  return { db, clock, changes, service };
}

const smoke = (over: Partial<AlertEvent> = {}): AlertEvent => ({
  community: 'c-a', neighbourhood: 'n-a1', type: 'fire', severity: 'critical', device: 'smk-1', location: '3栋2单元', message: '烟感报警', time: T0, ...over,
});

/** Drive an alert to a state through the allowed path. */
function reach(service: AlertService, id: number, state: string): void {
  const path: Record<string, OperatorAction[]> = {
    raised: [], acknowledged: ['ack'], dispatched: ['ack', 'dispatch'], resolved: ['ack', 'resolve'], closed: ['ack', 'resolve', 'close'],
  };
  for (const a of path[state]) service.act(id, a, { operator: '值班员', expectedRevision: service.get(id)!.revision, assignee: '维修班' });
}

describe('lifecycle transitions', () => {
  const ALL: OperatorAction[] = ['ack', 'dispatch', 'resolve', 'close', 'reopen'];
  const LEGAL: Record<string, Partial<Record<OperatorAction, string>>> = {
    raised: { ack: 'acknowledged' },
    acknowledged: { dispatch: 'dispatched', resolve: 'resolved' },
    dispatched: { dispatch: 'dispatched', resolve: 'resolved' },
    resolved: { close: 'closed', reopen: 'raised' },
    closed: { reopen: 'raised' },
  };
  const cases = Object.entries(LEGAL).flatMap(([from, ok]) => ALL.map((action) => [from, action, ok[action] ?? null] as const));

  it.each(cases)('from %s, %s → %s', (from, action, to) => {
    const { service } = setup();
    const { id } = service.raiseFromDevice(smoke());
    reach(service, id, from);
    const before = service.get(id)!;
    const input = { operator: '李四', expectedRevision: before.revision, assignee: '消防班', comment: '现场核实' };
    if (to === null) {
      let err: unknown;
      try { service.act(id, action, input); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(AlertError);
      expect((err as AlertError).status).toBe(409);
      expect((err as Error).message).toContain(`its state is ${from}`);
      expect((err as Error).message).toMatch(/allowed: [a-z, ]*comment/);
      expect(service.get(id)).toEqual(before);
    } else {
      const after = service.act(id, action, input);
      expect(after.state).toBe(to);
      expect(after.revision).toBe(before.revision + 1);
      const last = service.history(id).at(-1)!;
      expect(last).toMatchObject({ action, fromState: from, toState: to, operator: '李四', comment: '现场核实' });
    }
  });

  it('records who and when, the clocks, and the assignee', () => {
    const { service, clock } = setup();
    const { id } = service.raiseFromDevice(smoke());
    clock.now = T0 + 42_000;
    expect(service.act(id, 'ack', { operator: '张三', expectedRevision: 1 })).toMatchObject({ acknowledgedBy: '张三', acknowledgedAt: T0 + 42_000, ackSeconds: 42 });
    clock.now = T0 + 100_000;
    expect(service.act(id, 'dispatch', { operator: '张三', expectedRevision: 2, assignee: '物业维修一班' })).toMatchObject({ assignee: '物业维修一班', dispatchedAt: T0 + 100_000 });
    clock.now = T0 + 600_000;
    expect(service.act(id, 'resolve', { operator: '王五', expectedRevision: 3, comment: '误报：厨房油烟' })).toMatchObject({ resolvedBy: '王五', resolveSeconds: 600 });
    clock.now = T0 + 900_000;
    const reopened = service.act(id, 'reopen', { operator: '王五', expectedRevision: 4, comment: '再次报警' });
    expect(reopened).toMatchObject({ state: 'raised', clockFrom: T0 + 900_000, ackSeconds: null, resolveSeconds: null, acknowledgedBy: null, assignee: null });
    expect(service.history(id).map((h) => h.action)).toEqual(['raise', 'ack', 'dispatch', 'resolve', 'reopen']);
  });

  it('refuses a transition decided on an old revision, naming who changed it', () => {
    const { service } = setup();
    const { id } = service.raiseFromDevice(smoke());
    service.act(id, 'ack', { operator: '张三', expectedRevision: 1 });
    expect(() => service.act(id, 'dispatch', { operator: '李四', expectedRevision: 1, assignee: 'x' }))
      .toThrow(/alert \d+ changed since revision 1: it is at revision 2 \(acknowledged, last ack by 张三/);
    expect(() => service.act(id, 'ack', { operator: '李四', expectedRevision: 1 })).toThrow(/already acknowledged by 张三/);
  });

  it('404s an unknown alert', () => {
    const { service } = setup();
    expect(() => service.act(999, 'ack', { operator: 'x', expectedRevision: 1 })).toThrow('alerts: no alert 999');
  });

  it('the history cannot be edited', () => {
    const { service, db } = setup();
    service.raiseFromDevice(smoke());
    expect(() => db.prepare("UPDATE alert_history SET operator = 'someone else'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM alert_history').run()).toThrow(/append-only/);
  });
});

describe('de-duplication', () => {
  it.each([
    ['same device and type within the window: one alert, counted', [smoke(), smoke({ time: T0 + 60_000 })], 1, 2],
    ['another device: two alerts', [smoke(), smoke({ device: 'smk-2' })], 2, 1],
    ['another type from the same device: two alerts', [smoke(), smoke({ type: 'gas_leak' })], 2, 1],
    ['the same device after the 10 min window: a new alert', [smoke(), smoke({ time: T0 + 11 * 60_000 })], 2, 1],
  ] as [string, AlertEvent[], number, number][])('%s', (_name, events, alerts, firstCount) => {
    const { service, db } = setup();
    for (const e of events) service.raiseFromDevice(e);
    expect((db.prepare('SELECT COUNT(*) AS n FROM alerts').get() as { n: number }).n).toBe(alerts);
    expect(service.get(1)!.count).toBe(firstCount);
  });

  it('a repeat takes the higher severity and the latest time, without a new revision', () => {
    const { service, changes } = setup();
    service.raiseFromDevice(smoke({ severity: 'warning' }));
    const r = service.raiseFromDevice(smoke({ severity: 'critical', time: T0 + 5000, message: '多个烟感联动' }));
    expect(r).toMatchObject({ id: 1, severity: 'critical', count: 2, lastSeen: T0 + 5000, message: '多个烟感联动', revision: 1 });
    expect(changes.map(([a]) => a)).toEqual(['raise', 'repeat']);
  });

  it('a resolved alert no longer absorbs repeats', () => {
    const { service } = setup();
    const { id } = service.raiseFromDevice(smoke());
    reach(service, id, 'resolved');
    expect(service.raiseFromDevice(smoke({ time: T0 + 1000 })).id).not.toBe(id);
  });

  it('a rule firing again while its alert is open is a repeat, whatever the time', () => {
    const { service } = setup();
    const firing = {
      community: 'c-a', neighbourhood: 'n-a1', seriesKey: 'pipe,sensor=ws-1\npressure_kpa', tags: { sensor: 'ws-1' }, device: 'ws-1', location: '管网 ws-1',
      value: 140, message: '压力过低', time: T0,
      rule: { id: 'p-low', name: '压力过低', kind: 'threshold', severity: 'major', type: 'pipe_leak', measurement: 'pipe', field: 'pressure_kpa', op: '<', value: 150 },
    } as RuleFiring;
    service.raiseFromRule(firing);
    service.clearFromRule({ community: 'c-a', ruleId: 'p-low', seriesKey: firing.seriesKey, time: T0 + 1000 });
    expect(service.get(1)!.active).toBe(false);
    const again = service.raiseFromRule({ ...firing, time: T0 + 86_400_000 });
    expect(again).toMatchObject({ id: 1, count: 2, active: true, source: 'rule', ruleId: 'p-low' });
  });
});

describe('escalation', () => {
  it.each([
    // severity, seconds elapsed, state reached, expected level
    ['critical', 59, 'raised', 0],
    ['critical', 61, 'raised', 1],
    ['critical', 61, 'acknowledged', 0],
    ['critical', 31 * 60, 'acknowledged', 2],
    ['critical', 31 * 60, 'resolved', 0],
    ['warning', 14 * 60, 'raised', 0],
    ['warning', 16 * 60, 'raised', 1],
  ] as const)('%s, %i s after raise, %s → level %i', (severity, seconds, state, level) => {
    const { service, clock, changes } = setup();
    const { id } = service.raiseFromDevice(smoke({ severity }));
    reach(service, id, state);
    clock.now = T0 + seconds * 1000;
    service.checkEscalations();
    const a = service.get(id)!;
    expect(a.escalationLevel).toBe(level);
    expect(a.escalated).toBe(level > 0);
    expect(changes.filter(([x]) => x === 'escalate')).toHaveLength(level > 0 ? 1 : 0);
    if (level) expect(service.history(id).at(-1)).toMatchObject({ action: 'escalate', operator: 'system' });
    service.checkEscalations();
    expect(changes.filter(([x]) => x === 'escalate')).toHaveLength(level > 0 ? 1 : 0);
  });

  it('uses configured targets, and its own timer, stopped on close', async () => {
    const db = openRecordsDb(':memory:');
    const escalated: AlertRecord[] = [];
    const service = new AlertService(db, {
      targets: { critical: { ackSeconds: 0.05, resolveSeconds: 3600 } }, escalationCheckMs: 20,
      onChange: (a, r) => { if (a === 'escalate') escalated.push(r); },
    });
    service.raiseFromDevice(smoke({ time: Date.now() }));
    await new Promise((r) => setTimeout(r, 200));
    service.close();
    expect(escalated.map((r) => r.escalationLevel)).toEqual([1]);
  });
});

describe('history (the simulator played from the past)', () => {
  const MIN = 60_000;

  it('folds repeats as live, dates every step at the event, and closes each incident where it ended', () => {
    const { service, changes, clock } = setup();
    clock.now = T0 + 5 * 3_600_000;
    service.recordHistory([
      smoke({ time: T0 + 9 * MIN, message: '再次报警' }), smoke({ time: T0 }), // out of order: sorted first
      smoke({ time: T0 + 40 * MIN }), // 31 minutes after the last repeat: a new incident
      smoke({ device: 'smk-2', time: T0 + 2 * MIN }),
    ], T0 + 60 * MIN);
    const records = [...new Map(changes.map(([, r]) => [r.id, service.get(r.id)!])).values()];
    expect(records.map((r) => [r.device, r.state, r.count, r.raisedAt - T0, r.closedAt! - T0])).toEqual([
      ['smk-1', 'closed', 2, 0, 19 * MIN],
      ['smk-2', 'closed', 1, 2 * MIN, 12 * MIN],
      ['smk-1', 'closed', 1, 40 * MIN, 50 * MIN],
    ]);
    expect(service.history(records[0].id).map((h) => [h.action, h.operator, h.at - T0])).toEqual([['raise', 'system', 0], ['close', 'system', 19 * MIN]]);
    expect(records.every((r) => r.ackSeconds === null && r.resolveSeconds === null && !r.escalated)).toBe(true);
    expect(changes.map(([a]) => a)).toEqual(['raise', 'raise', 'repeat', 'close', 'close', 'raise', 'close']);
  });

  it('leaves an incident open while it may still repeat; not escalated; a live repeat makes it an operator\'s', () => {
    const { service, changes } = setup();
    service.recordHistory([smoke({ time: T0 })], T0 + 5 * MIN);
    const id = changes[0][1].id;
    expect(service.get(id)).toMatchObject({ state: 'raised', count: 1 });
    // Long past its acknowledge target, but history: not escalated.
    expect(service.checkEscalations(T0 + 3_600_000)).toEqual([]);
    // A live event of the same device within the window: a repeat; the alert is live from now on.
    service.raiseFromDevice(smoke({ time: T0 + 8 * MIN }));
    service.recordHistory([], T0 + 60 * MIN);
    expect(service.get(id)).toMatchObject({ state: 'raised', count: 2 });
    expect(service.checkEscalations(T0 + 3_600_000).map((r) => r.id)).toEqual([id]);
  });
});
