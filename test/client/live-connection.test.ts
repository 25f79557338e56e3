/**
 * The one live client against the real server, through the cockpit's connection (the console and
 * the tests' client are the same client with other handlers): values arrive in order, nothing is
 * lost or applied twice across a connection cut, a lost frame is detected as a gap and refilled,
 * a server restart (new epoch) brings a fresh snapshot, alert records missed meanwhile are read
 * again, and dispose leaves nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveConnection, type LiveSocket } from '../../client/live/live-connection.ts';
import { LiveStore } from '../../client/live/live-store.ts';
import type { AlertEvent } from '../../streams/alerts.ts';
import type { AlertFrame, TelemetryFrame } from '../../streams/live-protocol.ts';
import { sessionHeaders, signedInSocket, useBrowserCookies } from '../support/session.ts';

// The client code fetches as in a browser: with the test servers' session cookies.
let restoreFetch: () => void;
beforeAll(() => { restoreFetch = useBrowserCookies(); });
afterAll(() => restoreFetch());

let app: TestApp;
const owned: LiveConnection[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(() => { while (owned.length) owned.pop()!.dispose(); });
afterAll(async () => { await app?.stop(); });

const load = (building: string, kw: number, t: number) =>
  `energy,community=c-a,neighbourhood=n-a1,building=${building},meter=m-1,category=residential load_kw=${kw} ${t}`;
const alertLine = (device: string, t = Date.now()) =>
  `alert,community=c-a,neighbourhood=n-a1,type=fire,severity=critical,device=${device} location="1栋",message="m",value=1 ${t}`;

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function open(store: LiveStore, connect: (url: string | undefined) => LiveSocket = signedInSocket, url = app.url): LiveConnection {
  const c = new LiveConnection({ store, node: 'c-a', url, topics: ['energy', 'alert'], connect, rejoinAfterKickMs: 200 });
  owned.push(c);
  return c;
}

/** A transport that hands `event` frames over twice, and drops the next one of `room` when `drop.next` is set. */
function lossy(event: 'telemetry' | 'alert', room: string, drop: { next: boolean }) {
  return (url: string | undefined): LiveSocket => {
    const s = io(url!, { ...sessionHeaders(url!), autoConnect: false, forceNew: true }) as LiveSocket;
    const on = s.on.bind(s) as (ev: string, fn: (...a: unknown[]) => void) => unknown;
    (s as unknown as { on: typeof on }).on = (ev, fn) => on(ev, ev !== event ? fn : (f) => {
      if (drop.next && (f as TelemetryFrame | AlertFrame).room === room) { drop.next = false; return; }
      fn(f);
      fn(f);
    });
    return s;
  };
}

/** Values of a building's load ring, oldest first. */
function ringValues(store: LiveStore, building: string): number[] {
  const s = store.findSeries('energy', 'load_kw', { building })[0];
  const ring = s && store.data.rings.get(s.id);
  const out: number[] = [];
  ring?.forEachAfter(-Infinity, (_t, v) => out.push(v));
  return out;
}

const connected = (store: LiveStore) => store.api.getState().connection.phase === 'connected';
const recordOf = (store: LiveStore, device: string) => [...store.data.alerts.values()].find((a) => a.device === device);

describe('the live client', () => {
  it('resumes after a connection cut: what was written meanwhile arrives once, and missed record changes are read again', async () => {
    const t0 = Date.now() - 60_000;
    await app.write(load('cut-1', 1, t0), 'precision=ms');
    const store = new LiveStore();
    // A fixed reconnection delay, so the writes below surely happen while the client is away.
    const conn = open(store, (url) => io(url!, { ...sessionHeaders(url!), autoConnect: false, reconnectionDelay: 800, randomizationFactor: 0 }) as LiveSocket);
    await until(() => connected(store), 'connected');
    for (let i = 2; i <= 3; i++) await app.write(load('cut-1', i, t0 + i), 'precision=ms');
    await app.write(alertLine('cut-before'), 'precision=ms');
    await until(() => ringValues(store, 'cut-1').length === 3 && recordOf(store, 'cut-before') !== undefined, 'three live values and a record');
    const readsBefore = conn.alerts!.reads;

    // Cut the transport under the socket, as a network drop does.
    for (const s of app.io.of('/').sockets.values()) s.conn.close();
    await until(() => app.io.of('/').sockets.size === 0, 'server side of the socket closed');
    // Written while the client is away: only a resume can bring the values back (alerts have no snapshot),
    // and only a list read the acknowledgement (record updates are not replayed).
    const missed = [4, 5, 6].map((i) => load('cut-1', i, t0 + i));
    missed.push(alertLine('cut-smk'));
    expect((await app.write(missed.join('\n'), 'precision=ms')).status).toBe(204);
    const before = recordOf(store, 'cut-before')!;
    const ack = await app.fetch(`/api/alerts/${before.id}/ack`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedRevision: before.revision }),
    });
    expect(ack.status).toBe(200);
    expect(app.io.of('/').sockets.size).toBe(0);

    await until(() => ringValues(store, 'cut-1').length === 6 && recordOf(store, 'cut-smk') !== undefined
      && recordOf(store, 'cut-before')?.state === 'acknowledged', 'missed values and records after reconnect');
    expect(ringValues(store, 'cut-1')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(recordOf(store, 'cut-smk')).toMatchObject({ type: 'fire', state: 'raised' });
    await until(() => connected(store), 'connected again');
    expect(conn.alerts!.reads).toBeGreaterThan(readsBefore);
    expect(conn.stats.duplicates).toBe(0);
    expect(conn.stats.gaps).toBe(0);
    expect(conn.client.lost).toBe(0);
  });

  it('drops duplicated frames and refills a telemetry gap by resubscribing with resume', async () => {
    const t0 = Date.now() - 30_000;
    await app.write(load('gap-1', 100, t0), 'precision=ms');
    const drop = { next: false };
    const store = new LiveStore();
    const conn = open(store, lossy('telemetry', 'c-a/energy', drop));
    await until(() => connected(store), 'connected');
    drop.next = true;
    await app.write(load('gap-1', 101, t0 + 1), 'precision=ms');
    await until(() => !drop.next, 'the lost frame');
    // The next frame reveals the gap (the hub sends at most 5 frames a second, so this is a new frame).
    await new Promise((r) => setTimeout(r, 300));
    await app.write(load('gap-1', 102, t0 + 2), 'precision=ms');
    await until(() => ringValues(store, 'gap-1').length === 3, 'the lost value, refilled');
    expect(ringValues(store, 'gap-1')).toEqual([100, 101, 102]);
    expect(conn.stats.gaps).toBe(1);
    expect(conn.stats.duplicates).toBeGreaterThanOrEqual(2);
    expect(store.api.getState().connection.phase).toBe('connected');
  });

  it('a lost alert frame is a gap too: the room resumes, each event is applied once in order, and the records are read again', async () => {
    const drop = { next: false };
    const store = new LiveStore();
    const applied: AlertEvent[] = [];
    const apply = store.applyAlertEvent.bind(store);
    store.applyAlertEvent = (e) => { applied.push(e); apply(e); };
    const conn = open(store, lossy('alert', 'c-a/alert', drop));
    await until(() => connected(store) && store.api.getState().alertList.status === 'ok', 'connected');
    const reads = conn.alerts!.reads;
    drop.next = true;
    await app.write(alertLine('gap-smk-1'), 'precision=ms');
    await until(() => !drop.next, 'the lost alert frame');
    expect(applied).toHaveLength(0);
    await app.write(alertLine('gap-smk-2'), 'precision=ms');
    await until(() => applied.length === 2, 'both alert frames');
    await new Promise((r) => setTimeout(r, 200));
    expect(applied.map((e) => e.device)).toEqual(['gap-smk-1', 'gap-smk-2']);
    expect(conn.stats.gaps).toBe(1);
    expect(conn.stats.resubscribes).toBe(1);
    expect(conn.alerts!.reads).toBeGreaterThan(reads);
    expect(recordOf(store, 'gap-smk-1')).toBeDefined();
    expect(recordOf(store, 'gap-smk-2')).toBeDefined();
  });

  it('after a server restart (a new epoch) starts from a fresh snapshot, drops the old series ids and reads the records again', async () => {
    const first = await startTestApp();
    let second: TestApp | undefined;
    try {
      const t = Date.now() - 10_000;
      // The first server numbers ep-old before ep-keep; the second does not know ep-old at all.
      await first.write([load('ep-old', 7, t), load('ep-keep', 1, t)].join('\n'), 'precision=ms');
      await first.write(alertLine('ep-smk-old'), 'precision=ms');
      const store = new LiveStore();
      open(store, (url) => io(url!, { ...sessionHeaders(url!), autoConnect: false, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200 }) as LiveSocket, first.url);
      await until(() => connected(store) && recordOf(store, 'ep-smk-old') !== undefined, 'connected to the first server');
      const epoch1 = store.api.getState().epoch;
      const oldId = store.findSeries('energy', 'load_kw', { building: 'ep-keep' })[0].id;

      await first.stop();
      await until(() => store.api.getState().connection.phase === 'reconnecting', 'the cut noticed');
      second = await startTestApp({ config: { port: first.port } });
      // Numbered the other way round: ep-keep takes the id ep-old had, which only a reset keeps apart.
      await second.write([load('ep-keep', 2, t + 1), load('ep-new', 5, t + 1)].join('\n'), 'precision=ms');
      await second.write(alertLine('ep-smk-new'), 'precision=ms');

      await until(() => connected(store) && store.api.getState().epoch !== epoch1, 'subscribed to the second server', 10_000);
      await until(() => recordOf(store, 'ep-smk-new') !== undefined, 'the second server\'s records');
      const keep = store.findSeries('energy', 'load_kw', { building: 'ep-keep' });
      expect(keep).toHaveLength(1);
      expect(keep[0].id).not.toBe(oldId);
      expect(store.data.latestValue(keep[0].id)).toBe(2);
      // Only the new epoch's series: nothing of the first server's numbering survived.
      expect(store.findSeries('energy', 'load_kw', { building: 'ep-old' })).toEqual([]);
      expect(ringValues(store, 'ep-keep')).toEqual([2]);
      // The first server's records are not the second's (another records database): read again, gone.
      expect(recordOf(store, 'ep-smk-old')).toBeUndefined();
    } finally {
      await first.stop();
      await second?.stop();
    }
  });

  it('reports a refused subscription', async () => {
    const store = new LiveStore();
    const c = new LiveConnection({ store, node: 'nowhere', url: app.url, connect: signedInSocket });
    owned.push(c);
    await until(() => store.api.getState().connection.phase === 'refused', 'refused');
    expect(store.api.getState().connection.detail).toMatch(/unknown node "nowhere"/);
  });

  it('dispose closes the socket and stops reconnecting', async () => {
    await until(() => app.io.of('/').sockets.size === 0, 'sockets of earlier tests closed');
    const store = new LiveStore();
    const conn = open(store);
    await until(() => connected(store), 'connected');
    expect(app.io.of('/').sockets.size).toBe(1);
    conn.dispose();
    await until(() => app.io.of('/').sockets.size === 0, 'socket closed on the server');
    expect(conn.connected).toBe(false);
  });
});
