/**
 * One alert model end to end, against the real server with real Socket.IO clients: the cockpit's
 * live store (which the twin reads for its pulsing markers), a street's cockpit and the console's
 * store all hold the same lifecycle records. A repeated device event updates the one record on
 * every screen, a resolved alert leaves the open list (and so stops pulsing on the twin), and the
 * simulator's backfilled history gives records the cockpit and the console agree on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { until } from '../support/live-client.ts';
import { LiveConnection } from '../../client/live/live-connection.ts';
import { LiveStore } from '../../client/live/live-store.ts';
import { ConsoleLive } from '../../client/console/live/console-live.ts';
import { ConsoleStore } from '../../client/console/live/console-store.ts';
import { visibleAlerts } from '../../client/console/model/alert-filter.ts';
import { tallyAlerts } from '../../client/panels/alert-stats/alert-tally.ts';
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';
import { startSimulation } from '../../server/simulation/simulated-communities.ts';
import { hierarchyNodes } from '../../streams/simulator/index.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { configFromEnv } from '../../server/config.ts';

import { signedInSocket, useBrowserCookies } from '../support/session.ts';
// The client code fetches as in a browser: with the test servers' session cookies.
let restoreFetch: () => void;
beforeAll(() => { restoreFetch = useBrowserCookies(); });
afterAll(() => restoreFetch());

const owned: { dispose(): void }[] = [];
afterEach(() => { while (owned.length) owned.pop()!.dispose(); });

/** A cockpit (or twin) page's live store, following a node's alerts. */
async function cockpit(app: TestApp, node: string): Promise<LiveStore> {
  const store = new LiveStore();
  owned.push(new LiveConnection({ store, node, url: app.url, topics: ['alert'], connect: signedInSocket }));
  await until(() => store.api.getState().connection.phase === 'connected' && store.api.getState().alertList.status === 'ok', 5000, `cockpit of ${node} live`);
  return store;
}

/** An alert console desk's store, with its default filter (everything but closed). */
async function desk(app: TestApp, node: string): Promise<ConsoleStore> {
  const store = new ConsoleStore({ node });
  owned.push(new ConsoleLive({ store, node, url: app.url, connect: signedInSocket }));
  await until(() => store.state.phase === 'live' && store.state.list.status === 'ok', 5000, `console of ${node} live`);
  return store;
}

const ids = (records: Iterable<AlertRecord>) => [...records].map((a) => a.id).sort((a, b) => a - b);
const byDevice = (records: Iterable<AlertRecord>, device: string) => [...records].filter((a) => a.device === device);

async function post(app: TestApp, path: string, body: unknown): Promise<AlertRecord> {
  const res = await app.fetch(`${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`test: POST ${path} answered ${res.status}: ${json.error}`);
  return json.alert;
}

describe('one alert model on every screen', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app?.stop(); });

  it('a repeated device event updates its one record everywhere; resolved, it leaves the open list (and the twin); closed, the console', async () => {
    const [community, street, consoleDesk] = await Promise.all([cockpit(app, 'c-a'), cockpit(app, 's-1'), desk(app, 'c-a')]);
    const screens = [community.data.alerts.values.bind(community.data.alerts), street.data.alerts.values.bind(street.data.alerts), () => consoleDesk.state.records.values()];
    const line = (message: string) => `alert,community=c-a,neighbourhood=n-a1,type=emergency_button,severity=critical,device=btn-77 location="2栋1单元0401",message="${message}",value=1 ${Date.now()}`;
    const seenEverywhere = (what: string, ok: (a: AlertRecord) => boolean) =>
      until(() => screens.every((held) => { const mine = byDevice(held(), 'btn-77'); return mine.length === 1 && ok(mine[0]); }), 5000, what);

    expect((await app.write(line('一键呼叫'), 'precision=ms')).status).toBe(204);
    await seenEverywhere('the raise on every screen', (a) => a.state === 'raised' && a.count === 1);
    expect((await app.write(line('再次呼叫'), 'precision=ms')).status).toBe(204);
    await seenEverywhere('the repeat on every screen', (a) => a.count === 2 && a.message === '再次呼叫');
    const id = byDevice(community.data.alerts.values(), 'btn-77')[0].id;
    for (const held of screens) expect(byDevice(held(), 'btn-77')[0].id).toBe(id);
    expect(community.data.alerts.open().map((a) => a.id)).toEqual([id]);

    await post(app, `/api/alerts/${id}/ack`, { expectedRevision: 1 });
    await seenEverywhere('the acknowledgement', (a) => a.state === 'acknowledged' && a.acknowledgedBy === `${app.session.principal.displayName} (admin)`);
    // Still open: it keeps pulsing until resolved.
    expect(community.data.alerts.open().map((a) => a.id)).toEqual([id]);
    await post(app, `/api/alerts/${id}/resolve`, { expectedRevision: 2 });
    await seenEverywhere('the resolve', (a) => a.state === 'resolved');
    // The twin pulses `open()`; the cockpit lists it. Both are empty now; the console keeps it to close.
    expect(community.data.alerts.open()).toEqual([]);
    expect(street.data.alerts.open()).toEqual([]);
    expect(visibleAlerts(consoleDesk.state.records.values(), consoleDesk.state.filter).map((a) => a.id)).toEqual([id]);
    await post(app, `/api/alerts/${id}/close`, { expectedRevision: 3 });
    await until(() => !consoleDesk.state.records.has(id), 5000, 'the closed alert off the console');
    // The cockpit still counts it in its 24 hours.
    expect(community.data.alerts.get(id)?.state).toBe('closed');
    expect(tallyAlerts(community.data.alerts.values(), Date.now() - 86_400_000).total).toBe(1);
  });
});

describe('simulated history', () => {
  const communities = [DEMO_COMMUNITY];
  const c = communities[0];
  const button = c.alertDevices.find((d) => d.kind === 'emergency_button')!;
  const smoke = c.alertDevices.find((d) => d.kind === 'smoke_detector')!;
  const camera = c.alertDevices.find((d) => d.kind === 'fence_camera')!;
  let app: TestApp;
  let now = 0;
  const MIN = 60_000;

  beforeAll(async () => {
    app = await startTestApp({ hierarchy: hierarchyNodes(communities) });
    now = Date.now();
    // Known alerts in the two hours of history (the devices' own random alerts may add some):
    // a call and its repeat three minutes later, a smoke alarm, and a camera alert 3 minutes ago.
    const incidents = [
      { kind: 'alert' as const, community: c.id, device: button.id, at: now - 100 * MIN },
      { kind: 'alert' as const, community: c.id, device: button.id, at: now - 97 * MIN },
      { kind: 'alert' as const, community: c.id, device: smoke.id, at: now - 60 * MIN },
      { kind: 'alert' as const, community: c.id, device: camera.id, at: now - 3 * MIN },
    ];
    // Real time: the two hours are played before startSimulation returns.
    const sim = await startSimulation(app, configFromEnv({ SIM_ACCELERATION: '1', SIM_BACKFILL_HOURS: '2', SIM_SEED: '11' }), communities, { incidents });
    sim.stop();
  }, 60_000);
  afterAll(async () => { await app?.stop(); });

  it('gives the backfilled alerts records closed where their incident ended, and raises the recent one', async () => {
    const all: AlertRecord[] = (await app.get(`/api/alerts?node=${c.id}&limit=1000`)).body.alerts;
    const calls = byDevice(all, button.id);
    expect(calls).toHaveLength(1);
    const call = calls[0];
    // The repeat folded in; no repeat for 10 minutes after it: closed then, by the system, in the past.
    expect(call).toMatchObject({ state: 'closed', count: 2, source: 'device', severity: 'critical', acknowledgedAt: null, escalated: false });
    expect(call.raisedAt).toBe(Math.round(now - 100 * MIN));
    expect(call.lastSeen).toBe(Math.round(now - 97 * MIN));
    expect(call.closedAt).toBe(call.lastSeen + 10 * MIN);
    const detail = (await app.get(`/api/alerts/${call.id}`)).body;
    expect(detail.history.map((h: { action: string; operator: string; at: number }) => [h.action, h.operator, h.at]))
      .toEqual([['raise', 'system', call.raisedAt], ['close', 'system', call.closedAt]]);
    expect(byDevice(all, smoke.id)).toMatchObject([{ state: 'closed', count: 1 }]);
    // Within the last 10 minutes: an alert like any live one, waiting for an operator.
    expect(byDevice(all, camera.id)).toMatchObject([{ state: 'raised' }]);
    // Every alert older than the live window is history, closed; nothing old waits for anyone.
    for (const a of all) if (a.lastSeen < now - 11 * MIN) expect(a.state, `alert ${a.id} of ${a.device}`).toBe('closed');
  });

  it('the cockpit and the console hold the same records, and the statistics count them', async () => {
    const [wall, consoleDesk] = await Promise.all([cockpit(app, c.id), desk(app, c.id)]);
    const server = async (q: string): Promise<AlertRecord[]> => (await app.get(`/api/alerts?node=${c.id}&limit=1000&${q}`)).body.alerts;
    const open = await server('state=raised,acknowledged,dispatched');
    expect(open.length).toBeGreaterThan(0);
    // The cockpit's open list (and the twin's markers) is what the console lists as waiting.
    expect(ids(wall.data.alerts.open())).toEqual(ids(open));
    expect(ids(visibleAlerts(consoleDesk.state.records.values(), consoleDesk.state.filter).filter((a) => a.state !== 'resolved'))).toEqual(ids(open));
    expect(ids(consoleDesk.state.records.values())).toEqual(ids(await server('state=raised,acknowledged,dispatched,resolved')));
    // The cockpit's 24 hours: every record raised in them, history included, as the statistics count.
    const day = await server(`from=${Date.now() - 86_400_000}`);
    expect(ids(wall.data.alerts.values())).toEqual(ids(day));
    const stats = (await app.get(`/api/alerts/stats?node=${c.id}&from=now-24h`)).body;
    expect(tallyAlerts(wall.data.alerts.values(), Date.now() - 86_400_000).total).toBe(stats.total);
    expect(stats.open).toBe(open.length);
    for (const held of [wall.data.alerts.values(), consoleDesk.state.records.values()]) {
      for (const a of held) expect(a).toEqual(day.find((x) => x.id === a.id));
    }
  });
});
