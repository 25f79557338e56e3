/**
 * Clients that never read, under telemetry load and then an alert storm: what the server queues
 * for them stays bounded (telemetry skips them), they are disconnected once the alerts they must
 * get pass the hard bound, and a client that reads gets every frame and every alert throughout.
 * A screen that stalls for a while and then reads again is re-sent what it was skipped, in order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type WebSocket from 'ws';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import { stalledClient, type StalledClient } from '../support/stalled-client.ts';
import { queuedBytes } from '../../server/live/output-guard.ts';
import { SampleBatch } from '../../server/ingest/sample-batch.ts';
import type { AlertEvent } from '../../streams/alerts.ts';
import { LiveConnection, type LiveSocket } from '../../client/live/live-connection.ts';
import { LiveStore } from '../../client/live/live-store.ts';
import { sessionHeaders } from '../support/session.ts';

const SOFT = 128 * 1024;
const HARD = 2 * 1024 * 1024;
/** Samples published every 50 ms: 100,000 a second, 2 MB/s of frames to each subscriber. */
const PER_BURST = 5000;

let app: TestApp;
let reader: LiveTestClient;
let stalled: StalledClient[] = [];
beforeAll(async () => {
  // Small bounds, and a replay buffer to match (the hard bound must exceed what one room may re-send).
  app = await startTestApp({ live: { softOutputBytes: SOFT, hardOutputBytes: HARD, replaySamples: 20_000, maxStoreCatchup: 20_000 } });
});
afterAll(async () => {
  reader?.close();
  for (const s of stalled) s.close();
  await app?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('bounds what it queues for clients that never read, and keeps streaming to one that does', async () => {
  const t0 = Date.now() - 60_000;
  await app.write(Array.from({ length: 100 }, (_, i) =>
    `energy,community=c-a,neighbourhood=n-a1,building=slow-${i},meter=m-${i},category=residential load_kw=0,pv_kw=0 ${t0}`).join('\n'), 'precision=ms');
  const ids = [...app.catalog.find({ measurement: 'energy' })].map((d) => d.id);
  reader = new LiveTestClient(app.url);
  expect((await reader.subscribe('c-a', ['energy', 'alert'])).ok).toBe(true);
  stalled = await Promise.all(Array.from({ length: 3 }, () => stalledClient(app.url, 'subscribe', { node: 'c-a', topics: ['energy', 'alert'] })));
  const sockets = stalled.map((s) => app.io.sockets.sockets.get(s.sid)!);
  const received = () => reader.samples.filter((s) => s.t > t0).length;

  // Telemetry: more than the kernel's buffers take, so the rest would pile up in the server.
  let published = 0;
  let worst = 0;
  for (let burst = 0; burst < 80; burst++) {
    const batch = new SampleBatch(PER_BURST);
    for (let i = 0; i < PER_BURST; i++) batch.push(ids[i % ids.length], t0 + 1 + published + i, i);
    app.hub.publish(batch, []);
    published += PER_BURST;
    await sleep(50);
    for (const s of sockets) worst = Math.max(worst, queuedBytes(s.conn));
  }
  await until(() => received() === published, 5000, 'every sample at the reader');
  expect(reader.gaps).toBe(0);
  // 8 MB were sent to each: past the soft bound they were skipped, so their queues stayed within a tick's frame of it.
  expect(worst).toBeLessThan(HARD);
  expect(worst).toBeGreaterThan(SOFT);
  expect(app.hub.slowClients.framesSkipped).toBeGreaterThan(0);
  expect(sockets.every((s) => s.connected)).toBe(true);

  // An alert storm: alerts are never skipped, so the queues of the stalled clients pass the hard bound.
  const N = 10_000; // 100 every 25 ms, ~1.3 MB/s: easy for a reader, more than the hard bound for the stalled
  const alert = (i: number): AlertEvent => ({
    community: 'c-a', neighbourhood: 'n-a1', type: 'smoke', severity: 'warning', device: `smk-${i}`, location: `${i}栋`, message: '烟感报警', time: Date.now(),
  });
  for (let i = 0; i < N; i += 100) {
    app.hub.publish(new SampleBatch(1), Array.from({ length: 100 }, (_, k) => alert(i + k)));
    await sleep(25);
  }
  await until(() => sockets.every((s) => !s.connected), 5000, 'the stalled clients to be disconnected');
  expect(app.hub.slowClients.disconnected).toBe(3);
  await until(() => reader.alerts.length === N, 5000, 'every alert at the reader');
  expect(reader.gaps).toBe(0);
  expect(reader.socket.connected).toBe(true);

  // And the reader is still streamed to afterwards.
  const batch = new SampleBatch(1);
  batch.push(ids[0], t0 + published + 10, 42);
  app.hub.publish(batch, []);
  await until(() => reader.samples.some((s) => s.v === 42 && s.t === t0 + published + 10), 3000, 'a sample after the storm');
});

it('a screen that stops reading for a while is skipped, then re-sent what it missed in order, even when the room goes quiet', async () => {
  // A replay buffer long enough to cover the stall, and a hard bound above what it may re-send.
  const own = await startTestApp({ live: { softOutputBytes: SOFT, replaySamples: 2_000_000, hardOutputBytes: 64 * 1048576 } });
  const store = new LiveStore();
  let socket: Socket | undefined;
  const conn = new LiveConnection({
    store, node: 'c-a', url: own.url, topics: ['energy'],
    connect: (url) => (socket = io(url!, { ...sessionHeaders(url!), autoConnect: false, forceNew: true, transports: ['websocket'] })) as LiveSocket,
  });
  let ws: WebSocket | undefined;
  try {
    const t0 = Date.now() - 60_000;
    await own.write(Array.from({ length: 400 }, (_, i) =>
      `energy,community=c-a,neighbourhood=n-a1,building=stall-${i},meter=m-${i},category=residential load_kw=0 ${t0}`).join('\n'), 'precision=ms');
    const ids = [...own.catalog.find({ measurement: 'energy', field: 'load_kw' })].map((d) => d.id);
    await until(() => store.api.getState().connection.phase === 'connected', 5000, 'connected');
    ws = (socket!.io.engine.transport as unknown as { ws: WebSocket }).ws;
    ws.pause();
    // 100 rows of every series (800 kB) each 50 ms, until the kernel's buffers are full and the hub
    // has skipped the screen a few times; at most 4000 rows (a ring holds 4096).
    let rows = 0;
    let skippedAt = -1;
    while (rows < 4000 && (skippedAt < 0 || rows < skippedAt + 500)) {
      const batch = new SampleBatch(100 * ids.length);
      for (let j = rows; j < rows + 100; j++) for (const id of ids) batch.push(id, t0 + 1 + j, j);
      own.hub.publish(batch, []);
      rows += 100;
      await sleep(50);
      if (skippedAt < 0 && own.hub.slowClients.framesSkipped > 0) skippedAt = rows;
    }
    expect(own.hub.slowClients.framesSkipped).toBeGreaterThan(0);
    ws.resume();
    const ring = () => {
      const s = store.findSeries('energy', 'load_kw', { building: 'stall-7' })[0];
      const out: number[] = [];
      store.data.rings.get(s?.id ?? -1)?.forEachAfter(-Infinity, (_t, v) => out.push(v));
      return out;
    };
    await until(() => ring().length === rows + 1, 10_000, 'every value of the stall at the screen');
    expect(ring()).toEqual([0, ...Array.from({ length: rows }, (_, j) => j)]);
    // Re-sent before any newer frame: the screen never saw its sequence broken.
    expect(conn.stats).toMatchObject({ gaps: 0, duplicates: 0 });
    expect(own.hub.slowClients.disconnected).toBe(0);
  } finally {
    ws?.terminate(); // a paused socket would hold the server's close open
    conn.dispose();
    await own.stop();
  }
});
