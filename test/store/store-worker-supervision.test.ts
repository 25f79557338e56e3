/**
 * The embedded store's worker is supervised: killed mid-ingest, or hung, it is replaced; what it
 * had not answered is spooled and written through, so every point the server acknowledged is
 * stored afterwards; /api/health turns degraded within seconds, with the reason, and recovers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { StoreHealth } from '../../streams/live-protocol.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { eventually } from '../support/eventually.ts';
import { sessionHeaders } from '../support/session.ts';

/** Bounds scaled down so the tests take seconds: degraded after 1 s of silence, restarted after 4 s. */
const supervision = { heartbeatEveryMs: 200, unresponsiveAfterMs: 1000, hangAfterMs: 4000, restartDelayMs: 100 };

async function start(): Promise<{ app: TestApp; store: SqliteStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'supervised-'));
  const store = new SqliteStore({ path: join(dir, 'ts.sqlite'), compactEveryMs: 300, supervision, testHooks: true });
  const app = await startTestApp({ store, writer: { pingEveryMs: 200, retryEveryMs: 100 } });
  const stop = app.stop.bind(app);
  app.stop = async () => { await stop(); rmSync(dir, { recursive: true, force: true }); };
  return { app, store };
}

const t0 = Date.now() - 600_000;
const line = (n: number) => `energy,community=c-a,neighbourhood=n-a1,building=sup,meter=m-sup,category=residential load_kw=${n} ${t0 + n}`;

async function writeBatch(app: TestApp, b: number, size = 50): Promise<boolean> {
  const r = await app.write(Array.from({ length: size }, (_, i) => line(b * size + i)).join('\n'), 'precision=ms');
  return r.status === 204;
}

async function storedCount(app: TestApp): Promise<number> {
  const [s] = app.catalog.find({ measurement: 'energy', field: 'load_kw', tags: { building: 'sup' } });
  if (!s) return 0;
  const r = await app.store.query({ series: [s], from: t0, to: t0 + 1_000_000, windowMs: 0, agg: 'mean' });
  return r.series[0].t.length;
}

describe('supervised embedded store', () => {
  it('a worker killed twice mid-ingest is restarted, and every acknowledged point is stored', { timeout: 60_000 }, async () => {
    const { app, store } = await start();
    try {
      let acknowledged = 0;
      const reasons = new Set<string>();
      for (let b = 0; b < 40; b++) {
        if (b === 10 || b === 25) void store.worker!.terminate();
        if (await writeBatch(app, b)) acknowledged += 50;
        const h = (await app.get('/api/health')).body;
        if (h.status === 'degraded') reasons.add(h.reason);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(acknowledged).toBe(2000);
      expect([...reasons].some((r) => /sqlite: worker (exited with code|is restarting|is starting)/.test(r))).toBe(true);
      await eventually(() => app.get('/api/health'), (r) => r.body.status === 'ok', 20_000, 'health to recover');
      expect(store.restarts).toBe(2);
      expect((await app.get('/api/health')).body).toMatchObject({ status: 'ok', reachable: true, spooledPoints: 0, restarts: 2 });
      expect(await storedCount(app)).toBe(2000);
    } finally {
      await app.stop();
    }
  });

  it('a hung worker turns health degraded within seconds, is restarted, and nothing acknowledged is lost', { timeout: 60_000 }, async () => {
    const { app, store } = await start();
    // What the screen's store badge is fed.
    const screen = io(app.url, { ...sessionHeaders(app.url), transports: ['websocket'] });
    const badge: StoreHealth[] = [];
    screen.on('health', (h: StoreHealth) => badge.push(h));
    try {
      await eventually(async () => badge.length, (n) => n > 0, 5000, 'the health event on connect');
      expect(await writeBatch(app, 0)).toBe(true);
      const hungAt = Date.now();
      void store.testHang(Infinity).catch(() => {});
      let acknowledged = 50;
      const writes: Promise<void>[] = [];
      for (let b = 1; b < 20; b++) {
        // Not awaited one by one: a write waiting on the hung worker must not stop the others.
        writes.push(writeBatch(app, b).then((ok) => { if (ok) acknowledged += 50; }));
        await new Promise((r) => setTimeout(r, 100));
      }
      const degraded = await eventually(() => app.get('/api/health'), (r) => r.body.status === 'degraded', 5000, 'health to degrade');
      expect(Date.now() - hungAt).toBeLessThan(4000);
      expect(degraded.body.reason).toMatch(/^sqlite: worker has not answered for \d+\.\d s \(busy with a test-hang, or hung\)|points wait in the spool/);
      await Promise.all(writes);
      expect(acknowledged).toBe(1000);
      await eventually(() => app.get('/api/health'), (r) => r.body.status === 'ok', 20_000, 'health to recover');
      expect(store.restarts).toBe(1);
      expect(await storedCount(app)).toBe(1000);
      await eventually(async () => badge.at(-1)!, (h) => h.status === 'ok', 5000, 'the badge to show the store ok');
      const down = badge.find((h) => h.status === 'degraded' && !h.reachable);
      expect(down?.reason).toMatch(/^sqlite: worker (has not answered|stopped answering|is starting)/);
    } finally {
      screen.close();
      await app.stop();
    }
  });

  it('a worker busy for a moment (under the hang bound) shows degraded, keeps writes out of the spool, and recovers without a restart', { timeout: 30_000 }, async () => {
    const { app, store } = await start();
    try {
      expect(await writeBatch(app, 0)).toBe(true);
      const busy = store.testHang(2500);
      const degraded = await eventually(() => app.get('/api/health'), (r) => r.body.status === 'degraded', 3000, 'health to degrade');
      expect(degraded.body.reason).toMatch(/has not answered/);
      // A busy store is not an outage: the write waits for the worker, in memory, not in the spool.
      expect(degraded.body).toMatchObject({ reachable: true, spooledPoints: 0 });
      expect(degraded.body.busy).toMatch(/busy with a test-hang/);
      expect(await writeBatch(app, 1)).toBe(true);
      expect((await app.get('/api/health')).body.spooledPoints).toBe(0);
      await busy;
      await eventually(() => app.get('/api/health'), (r) => r.body.status === 'ok', 10_000, 'health to recover');
      expect(store.restarts).toBe(0);
      expect(await storedCount(app)).toBe(100);
    } finally {
      await app.stop();
    }
  });
});
