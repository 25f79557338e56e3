/**
 * The escalation ladder on a controllable clock, across a restart: the lifecycle service and the
 * notifier run on a records database file with the server's clock in the test's hands; after the
 * street was told, a new notifier on the same file (a restart) does not tell it again, and tells
 * the district when twice the target has passed; a reopen starts the ladder again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hierarchy } from '../../streams/hierarchy.ts';
import { openRecordsDb, type RecordsDb } from '../../server/records/records-db.ts';
import { AlertService } from '../../server/alerts/lifecycle/alert-service.ts';
import { startNotifications, type Notifications } from '../../server/notify/index.ts';
import { TEST_HIERARCHY } from '../support/test-app.ts';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver.ts';
import { eventually } from '../support/eventually.ts';

const T0 = Date.UTC(2026, 11, 3, 2, 0, 0);
const tree = new Hierarchy(TEST_HIERARCHY);
let dir: string;
let rx: HttpReceiver;
let now = T0;

/** A server's notification side on `db`: the service tells the notifier of every change, as the app wires them. */
function start(db: RecordsDb): { service: AlertService; notify: Notifications } {
  let notify: Notifications | undefined;
  const service = new AlertService(db, {
    now: () => now, escalationCheckMs: 0, targets: { critical: { ackSeconds: 60, resolveSeconds: 1800 } },
    onChange: (action, alert) => notify?.notifier.alertChanged(action, alert),
  });
  notify = startNotifications({ db, alerts: service, tree: () => tree }, { now: () => now, checkMs: 0, groupMs: 0, retryBaseMs: 10 });
  return { service, notify };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'notify-restart-'));
  rx = await startHttpReceiver();
});
afterAll(async () => {
  await rx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('escalation on the acknowledgement target', () => {
  it('tells the street once the target passes, survives a restart without telling it twice, then tells the district; a reopen starts again', async () => {
    const path = join(dir, 'records.sqlite');
    let db = openRecordsDb(path);
    let { service, notify } = start(db);
    const hook = (node: string, name: string) => notify.store.create({
      id: `hook-${node}`, name, node, role: node.startsWith('n-') ? 'property_operator' : 'centre_operator', enabled: true,
      settings: { kind: 'webhook', url: `${rx.url}/${node}`, secret: 'test-secret' },
    });
    hook('n-a1', '甲一小区物业'); hook('s-1', '街道中心'); hook('d-yz', '区指挥中心');
    const told = (node: string) => rx.to(`/${node}`).length;

    const alert = service.raiseFromDevice({ community: 'c-a', neighbourhood: 'n-a1', type: 'fire', severity: 'critical', device: 'smoke-1', location: '1栋', message: '烟感报警', time: now });
    await eventually(async () => told('n-a1'), (n) => n === 1, 3000, 'the neighbourhood told at raise');

    now = T0 + 59_000;
    notify.notifier.checkEscalations();
    now = T0 + 61_000;
    notify.notifier.checkEscalations();
    await eventually(async () => told('s-1'), (n) => n === 1, 3000, 'the street told after 60 s');
    expect(told('d-yz')).toBe(0);

    // A restart: a new service and notifier on the same file.
    notify.close();
    service.close();
    db.close();
    db = openRecordsDb(path);
    ({ service, notify } = start(db));
    notify.notifier.checkEscalations();
    await new Promise((r) => setTimeout(r, 100));
    expect(told('s-1')).toBe(1);

    now = T0 + 121_000;
    notify.notifier.checkEscalations();
    await eventually(async () => told('d-yz'), (n) => n === 1, 3000, 'the district told after 120 s');
    const body = JSON.parse(rx.to('/d-yz')[0].body) as { alerts: { id: number; step: number }[] };
    expect(body.alerts).toEqual([expect.objectContaining({ id: alert.id, step: 2 })]);

    // Acknowledged, resolved and reopened: the ladder starts again from the reopen.
    let a = service.act(alert.id, 'ack', { operator: '张三', expectedRevision: 1 });
    a = service.act(alert.id, 'resolve', { operator: '张三', expectedRevision: a.revision });
    now = T0 + 200_000;
    service.act(alert.id, 'reopen', { operator: '张三', comment: '复燃', expectedRevision: a.revision });
    await eventually(async () => told('n-a1'), (n) => n === 2, 3000, 'the neighbourhood told again on reopen');
    now = T0 + 230_000;
    notify.notifier.checkEscalations();
    await new Promise((r) => setTimeout(r, 100));
    expect(told('s-1')).toBe(1);
    now = T0 + 261_000;
    notify.notifier.checkEscalations();
    await eventually(async () => told('s-1'), (n) => n === 2, 3000, 'the street told again 60 s after the reopen');

    const steps = service.history(alert.id).filter((h) => h.action === 'notify').map((h) => JSON.parse(h.detail) as { channel: string; step: number; outcome: string });
    expect(steps.map((s) => `${s.channel}:${s.step}:${s.outcome}`)).toEqual([
      'hook-n-a1:0:sent', 'hook-s-1:1:sent', 'hook-d-yz:2:sent', 'hook-n-a1:0:sent', 'hook-s-1:1:sent',
    ]);
    notify.close();
    service.close();
    db.close();
  });
});
