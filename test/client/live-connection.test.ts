/**
 * The client's live connection against the real server: values arrive in order, nothing is lost
 * across a connection cut, duplicates are dropped, a gap is refilled, and dispose leaves nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveConnection, type LiveSocket } from '../../client/live/live-connection.ts';
import { LiveStore } from '../../client/live/live-store.ts';
import type { TelemetryFrame } from '../../streams/live-protocol.ts';

let app: TestApp;
const owned: LiveConnection[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(() => { while (owned.length) owned.pop()!.dispose(); });
afterAll(async () => { await app?.stop(); });

const load = (building: string, kw: number, t: number) =>
  `energy,community=c-a,neighbourhood=n-a1,building=${building},meter=m-1,category=residential load_kw=${kw} ${t}`;

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function open(store: LiveStore, connect?: (url: string | undefined) => LiveSocket): LiveConnection {
  const c = new LiveConnection({ store, node: 'c-a', url: app.url, topics: ['energy', 'alert'], connect });
  owned.push(c);
  return c;
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

describe('LiveConnection', () => {
  it('resumes after a connection cut: what was written meanwhile arrives, nothing twice', async () => {
    const t0 = Date.now() - 60_000;
    await app.write(load('cut-1', 1, t0), 'precision=ms');
    const store = new LiveStore();
    // A fixed reconnection delay, so the writes below surely happen while the client is away.
    const conn = open(store, (url) => io(url!, { autoConnect: false, reconnectionDelay: 800, randomizationFactor: 0 }) as LiveSocket);
    await until(() => connected(store), 'connected');
    for (let i = 2; i <= 3; i++) await app.write(load('cut-1', i, t0 + i), 'precision=ms');
    await until(() => ringValues(store, 'cut-1').length === 3, 'three live values');

    // Cut the transport under the socket, as a network drop does.
    for (const s of app.io.of('/').sockets.values()) s.conn.close();
    await until(() => app.io.of('/').sockets.size === 0, 'server side of the socket closed');
    // Written while the client is away: only a resume can bring these back (alerts have no snapshot).
    const missed = [4, 5, 6].map((i) => load('cut-1', i, t0 + i));
    missed.push('alert,community=c-a,neighbourhood=n-a1,type=fire,severity=critical,device=cut-smk location="1栋",message="m",value=1');
    expect((await app.write(missed.join('\n'), 'precision=ms')).status).toBe(204);
    expect(app.io.of('/').sockets.size).toBe(0);

    await until(() => ringValues(store, 'cut-1').length === 6 && store.data.alerts.size === 1, 'missed values after reconnect');
    expect(ringValues(store, 'cut-1')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.data.alerts.open()[0]).toMatchObject({ type: 'fire', device: 'cut-smk', state: 'raised' });
    await until(() => connected(store), 'connected again');
    expect(conn.stats.duplicates).toBe(0);
  });

  it('drops duplicated frames and refills a gap by resubscribing with resume', async () => {
    const t0 = Date.now() - 30_000;
    await app.write(load('gap-1', 100, t0), 'precision=ms');
    let dropNext = false;
    // A transport that delivers every telemetry frame twice and can lose one.
    const lossy = (url: string | undefined): LiveSocket => {
      const s = io(url!, { autoConnect: false }) as LiveSocket;
      const on = s.on.bind(s) as (ev: string, fn: (...a: unknown[]) => void) => unknown;
      (s as unknown as { on: typeof on }).on = (ev, fn) => on(ev, ev !== 'telemetry' ? fn : (f) => {
        if (dropNext && (f as TelemetryFrame).room === 'c-a/energy') { dropNext = false; return; }
        fn(f);
        fn(f);
      });
      return s;
    };
    const store = new LiveStore();
    const conn = open(store, lossy);
    await until(() => connected(store), 'connected');
    dropNext = true;
    await app.write(load('gap-1', 101, t0 + 1), 'precision=ms');
    await until(() => !dropNext, 'the lost frame');
    // The next frame reveals the gap (the hub sends at most 5 frames a second, so this is a new frame).
    await new Promise((r) => setTimeout(r, 300));
    await app.write(load('gap-1', 102, t0 + 2), 'precision=ms');
    await until(() => ringValues(store, 'gap-1').length === 3, 'the lost value, refilled');
    expect(ringValues(store, 'gap-1')).toEqual([100, 101, 102]);
    expect(conn.stats.gaps).toBe(1);
    expect(conn.stats.duplicates).toBeGreaterThanOrEqual(2);
    expect(store.api.getState().connection.phase).toBe('connected');
  });

  it('reports a refused subscription', async () => {
    const store = new LiveStore();
    const c = new LiveConnection({ store, node: 'nowhere', url: app.url });
    owned.push(c);
    await until(() => store.api.getState().connection.phase === 'refused', 'refused');
    expect(store.api.getState().connection.detail).toMatch(/unknown node "nowhere"/);
  });

  it('dispose closes the socket and stops reconnecting', async () => {
    await until(() => app.io.of('/').sockets.size === 0, 'sockets of earlier tests closed');
    const before = 0;
    const store = new LiveStore();
    const conn = open(store);
    await until(() => connected(store), 'connected');
    expect(app.io.of('/').sockets.size).toBe(before + 1);
    conn.dispose();
    await until(() => app.io.of('/').sockets.size === before, 'socket closed on the server');
    expect(conn.connected).toBe(false);
  });
});
