/**
 * 32.6 zero-delay warning: the time from a device event to the alert on a screen, from screens
 * acknowledging alert frames over Socket.IO, timed on the server's clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WarningDelayTracker, WARNING_DELAY_TARGET_MS } from '../../server/indicators/auto/warning-delay.ts';
import type { AlertFrame } from '../../streams/live-protocol.ts';
import { LiveConnection } from '../../client/live/live-connection.ts';
import { LiveStore } from '../../client/live/live-store.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import { writeSmallTwin } from './auto-twin-fixture.ts';

import { signedInSocket, useBrowserCookies } from '../support/session.ts';
// The client code fetches as in a browser: with the test servers' session cookies.
let restoreFetch: () => void;
beforeAll(() => { restoreFetch = useBrowserCookies(); });
afterAll(() => restoreFetch());

const HOUR = 3_600_000;

describe('WarningDelayTracker', () => {
  let clock = 0;
  const trackers: WarningDelayTracker[] = [];
  const tracker = (opts: ConstructorParameters<typeof WarningDelayTracker>[0] = {}) => {
    const t = new WarningDelayTracker({ now: () => clock, sweepEveryMs: 3_600_000, ...opts });
    trackers.push(t);
    return t;
  };
  afterEach(() => { while (trackers.length) trackers.pop()!.close(); });

  const screen = (id: string, ...rooms: string[]) => ({ id, rooms: new Set(rooms) });
  let seq = 0;
  /** An alert raised `lagMs` before the server sends it; returns the frame. */
  function send(t: WarningDelayTracker, lagMs: number, room = 'c-a/alert', community = 'c-a'): AlertFrame {
    const frame: AlertFrame = {
      room, epoch: 'e1', seq: ++seq,
      alert: { community, neighbourhood: 'n-a1', type: 'fire', severity: 'critical', device: 'smk', location: '', message: '', time: clock - lagMs },
    };
    t.alertSent(frame, clock, 1);
    return frame;
  }
  const ack = (t: WarningDelayTracker, f: AlertFrame, afterMs: number, s = screen('s1', f.room), extra: object = {}) => {
    t.alertSeen({ room: f.room, epoch: f.epoch, seq: f.seq, clientTime: clock + afterMs + 5000, ...extra }, clock + afterMs, s);
  };

  it('answers median and p95 of event → screen, with both legs', () => {
    clock = 10 * HOUR;
    const t = tracker();
    // Device lag 100 ms, screen 10 … 200 ms.
    for (let i = 1; i <= 20; i++) ack(t, send(t, 100), 10 * i);
    const s = t.summary('c-a');
    expect(s).toMatchObject({ count: 20, approximate: false, medianMs: 100 + 100, p95Ms: 100 + 190 });
    expect(s.eventToServer).toEqual({ medianMs: 100, p95Ms: 100 });
    expect(s.serverToScreen).toEqual({ medianMs: 100, p95Ms: 190 });
    // The screens' clocks run 5 s ahead: reported, not used.
    expect(s.screenClockOneWay!.medianMs).toBe(5100);
    expect(t.summary('c-b').count).toBe(0);
  });

  it.each([
    { name: 'a socket not in the room', seen: (f: AlertFrame) => [{ room: f.room, epoch: 'e1', seq: f.seq }, screen('s2', 'c-b/alert')], counter: 'notSubscribed' },
    { name: 'another server epoch', seen: (f: AlertFrame) => [{ room: f.room, epoch: 'e0', seq: f.seq }, screen('s1', f.room)], counter: 'unmatched' },
    { name: 'an unknown seq', seen: (f: AlertFrame) => [{ room: f.room, epoch: 'e1', seq: f.seq + 100 }, screen('s1', f.room)], counter: 'unmatched' },
    { name: 'a malformed acknowledgement', seen: (f: AlertFrame) => [{ room: f.room, seq: '<img src=x onerror=alert(1)>' }, screen('s1', f.room)], counter: 'malformed' },
    { name: 'null', seen: (f: AlertFrame) => [null, screen('s1', f.room)], counter: 'malformed' },
  ] as const)('ignores $name', ({ seen, counter }) => {
    clock = 10 * HOUR;
    const t = tracker();
    const f = send(t, 10);
    const [body, s] = seen(f) as [unknown, ReturnType<typeof screen>];
    t.alertSeen(body, clock + 5, s);
    expect(t.summary('c-a').count).toBe(0);
    expect(t.ignored[counter]).toBe(1);
  });

  it('counts one delivery per screen, once', () => {
    clock = 10 * HOUR;
    const t = tracker();
    const f = send(t, 10);
    ack(t, f, 20, screen('s1', f.room));
    ack(t, f, 30, screen('s1', f.room));
    ack(t, f, 40, screen('s2', f.room));
    expect(t.summary('c-a').count).toBe(2);
    expect(t.ignored.duplicate).toBe(1);
  });

  it('keeps history loaded late and device clocks running ahead out of the figures, and says so', () => {
    clock = 10 * HOUR;
    const t = tracker();
    ack(t, send(t, 2 * HOUR), 10);
    ack(t, send(t, -2000), 10);
    const s = t.summary('c-a');
    expect(s).toMatchObject({ history: 1, deviceClockAhead: 1, count: 1, medianMs: 10 });
  });

  it('counts an alert sent to watched rooms that no screen acknowledged as unseen', () => {
    clock = 10 * HOUR;
    const t = tracker({ matchWindowMs: 1000 });
    send(t, 10);
    ack(t, send(t, 10), 5);
    clock += 2000;
    t.sweep();
    expect(t.summary('c-a')).toMatchObject({ unseen: 1, count: 1 });
  });

  it('falls back to the hourly histograms when the ring no longer spans 24 h, and forgets what is older', () => {
    clock = 100 * HOUR;
    const t = tracker({ ringSize: 8 });
    for (let h = 0; h < 30; h++) {
      for (let i = 0; i < 4; i++) ack(t, send(t, 0), h < 6 ? 60_000 : 1000);
      clock += HOUR;
    }
    // The first 6 hours (slow) are older than 24 h; the last 24 hours hold 96 deliveries of 1 s.
    const s = t.summary('c-a');
    expect(s.approximate).toBe(true);
    expect(s.count).toBe(96);
    expect(s.p95Ms).toBeGreaterThanOrEqual(1000);
    expect(s.p95Ms).toBeLessThan(1000 * 1.2);
  });
});

describe('32.6 through the server with real Socket.IO clients', () => {
  const twinsDir = mkdtempSync(join(tmpdir(), 'auto-delay-'));
  let app: TestApp;
  const clients: { close(): void }[] = [];
  beforeAll(async () => {
    writeSmallTwin(join(twinsDir, 'c-a'));
    app = await startTestApp({ env: { TWINS_DIR: twinsDir }, auto: { cacheMs: 0, warningDelay: { matchWindowMs: 400, sweepEveryMs: 100 } } });
  });
  afterEach(() => { while (clients.length) clients.pop()!.close(); });
  afterAll(async () => {
    await app?.stop();
    rmSync(twinsDir, { recursive: true, force: true });
  });

  let n = 0;
  const alertLine = (t: number) =>
    `alert,community=c-a,neighbourhood=n-a1,type=fire,severity=critical,device=smk-${++n} location="1栋<img src=x onerror=alert(1)>",message="烟感报警",value=1 ${t}`;
  const item = async () => {
    const res = await app.get('/api/indicators/auto?community=c-a');
    expect(res.status).toBe(200);
    return res.body.items.find((i: { item: string }) => i.item === '32.6');
  };

  /** The item once `ready` holds (acknowledgements travel on their own), or as it is after `ms`. */
  async function itemWhen(ready: (r: any) => boolean, ms = 3000) {
    const end = Date.now() + ms;
    let r = await item();
    while (!ready(r) && Date.now() < end) {
      await new Promise((res) => setTimeout(res, 50));
      r = await item();
    }
    return r;
  }

  /** A test client that acknowledges every alert frame the way the cockpit does. */
  async function ackingClient(): Promise<LiveTestClient> {
    const c = new LiveTestClient(app.url);
    clients.push(c);
    c.socket.on('alert', (f) => c.socket.emit('alertSeen', { room: f.room, epoch: f.epoch, seq: f.seq, clientTime: Date.now() }));
    expect((await c.subscribe('c-a', ['alert'])).ok).toBe(true);
    return c;
  }

  it('has no figure before any alert reached a screen', async () => {
    expect(await item()).toMatchObject({ value: null, met: null, unit: 'ms', threshold: { value: WARNING_DELAY_TARGET_MS, source: 'product' } });
  });

  it('times an alert from its device event to the screen that acknowledged it', async () => {
    const c = await ackingClient();
    const before = (await item()).evidence.count;
    const written = Date.now();
    expect((await app.write(alertLine(written - 50), 'precision=ms')).status).toBe(204);
    await until(() => c.alerts.length === 1, 5000, 'the alert on the screen');
    const r = await itemWhen((x) => x.evidence.count === before + 1);
    expect(r.evidence.count).toBe(before + 1);
    // The device said 50 ms before the write: at least that much lag before the server sent it.
    expect(r.evidence.eventToServer.medianMs).toBeGreaterThanOrEqual(50);
    expect(r.evidence.serverToScreen.medianMs).toBeGreaterThanOrEqual(0);
    expect(r.evidence.serverToScreen.medianMs).toBeLessThan(1000);
    expect(r.value).toBe(r.evidence.p95Ms);
    expect(r.value).toBeGreaterThanOrEqual(50);
    expect(r.met).toBe(r.value <= WARNING_DELAY_TARGET_MS);
  });

  it("the cockpit's own live connection acknowledges the alerts it applies", async () => {
    const store = new LiveStore();
    const conn = new LiveConnection({ store, node: 'c-a', url: app.url, topics: ['alert'], connect: signedInSocket });
    clients.push({ close: () => conn.dispose() });
    await until(() => store.api.getState().connection.phase === 'connected', 5000, 'connected');
    const before = (await item()).evidence.count;
    await app.write(alertLine(Date.now()), 'precision=ms');
    const device = `smk-${n}`;
    await until(() => [...store.data.alerts.values()].some((a) => a.device === device), 5000, 'the alert record in the store');
    const r = await itemWhen((x) => x.evidence.count === before + 1);
    expect(r.evidence.count).toBe(before + 1);
  });

  it('counts an alert that the only watching screen never acknowledged as unseen, and a spoofed acknowledgement as nothing', async () => {
    const silent = new LiveTestClient(app.url);
    clients.push(silent);
    expect((await silent.subscribe('c-a', ['alert'])).ok).toBe(true);
    // Watches another community's alerts, and claims to have seen c-a's.
    const spoof = new LiveTestClient(app.url);
    clients.push(spoof);
    expect((await spoof.subscribe('c-b', ['alert'])).ok).toBe(true);
    const before = (await item()).evidence;
    await app.write(alertLine(Date.now()), 'precision=ms');
    await until(() => silent.alerts.length === 1, 5000, 'the alert on the silent screen');
    const f = silent.alerts[0];
    spoof.socket.emit('alertSeen', { room: f.room, epoch: f.epoch, seq: f.seq, clientTime: Date.now() });
    const after = (await itemWhen((x) => x.evidence.unseen > before.unseen)).evidence;
    expect(after.unseen).toBe(before.unseen + 1);
    expect(after.count).toBe(before.count);
  });

  it('leaves an alert whose event is hours old (history being loaded) out of the figures', async () => {
    const c = await ackingClient();
    const before = (await item()).evidence;
    await app.write(alertLine(Date.now() - 2 * HOUR), 'precision=ms');
    await until(() => c.alerts.length === 1, 5000, 'the old alert on the screen');
    await new Promise((res) => setTimeout(res, 200));
    const after = (await item()).evidence;
    expect(after.history).toBeGreaterThan(before.history);
    expect(after.count).toBe(before.count);
  });
});
