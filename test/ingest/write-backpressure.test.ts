/**
 * Backpressure: while the store is stalled and the points waiting for it pass the backlog bound,
 * `POST /write` answers 503 at once with `Retry-After` and keeps nothing of that body (the sender
 * sends it again), a replay of dead letters is held back too, health says so, and once the backlog drains the same body is taken (204).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { WriteBatch } from '../../server/store/types.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { until } from '../support/live-client.ts';

const BOUND = 500;
const T0 = Date.now() - 600_000;

/** The embedded store, its writes held until the test lets them go (a disk that stopped answering). */
class StalledStore extends SqliteStore {
  private release: (() => void) | undefined;
  private gate: Promise<void> | undefined;
  stall(): void { this.gate = new Promise((r) => { this.release = r; }); }
  resume(): void { this.release?.(); this.gate = undefined; }
  override async write(b: WriteBatch): Promise<void> {
    await this.gate;
    return super.write(b);
  }
}

let dir: string;
let store: StalledStore;
let app: TestApp;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backpressure-'));
  store = new StalledStore({ path: join(dir, 'ts.sqlite') });
  app = await startTestApp({ store, config: { writeBacklogMaxPoints: BOUND, writeRetryAfterS: 3 } });
}, 60_000);
afterAll(async () => {
  store.resume();
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const body = (building: string, n: number) => Array.from({ length: n }, (_, i) =>
  `energy,community=c-a,neighbourhood=n-a1,building=${building},meter=m${i},category=residential load_kw=${i} ${T0 + i}`).join('\n');
const stored = async (building: string) => {
  const series = app.catalog.find({ measurement: 'energy', tags: { building } });
  if (series.length === 0) return 0;
  const r = await store.query({ series, from: T0 - 1, to: T0 + 1000, windowMs: 0, agg: 'last' });
  return r.series.reduce((n, s) => n + s.v.length, 0);
};

it('answers 503 with Retry-After past the backlog bound, keeps nothing of that body, and 204 once it drains', { timeout: 60_000 }, async () => {
  expect((await app.write('not line protocol')).status).toBe(400); // a dead letter, for the replay below
  store.stall();
  // Two bodies the stalled store cannot take: their answers wait, their 600 points are the backlog.
  const waiting = [app.write(body('bp-a', 300), 'precision=ms'), app.write(body('bp-b', 300), 'precision=ms')];
  await until(() => app.writer.backlogPoints >= BOUND, 10_000, 'the backlog to pass the bound');

  const res = await app.fetch('/write?precision=ms', { method: 'POST', body: body('bp-c', 10) });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('3');
  expect(((await res.json()) as { error: string }).error).toMatch(/^ingest: the server is behind: 600 points wait for the store, over the bound of 500 \(WRITE_BACKLOG_MAX_POINTS\); nothing of this body was kept, send it again in 3 s$/);

  const health = (await app.get('/api/health')).body as { status: string; reason: string; backpressure: { active: boolean; backlogPoints: number; maxBacklogPoints: number; refusedBodies: number } };
  expect(health.status).toBe('degraded');
  expect(health.reason).toMatch(/POST \/write answers 503/);
  expect(health.backpressure).toMatchObject({ active: true, backlogPoints: 600, maxBacklogPoints: BOUND, refusedBodies: 1 });

  // A replay is held back the same way, and takes nothing.
  const replay = await app.fetch('/api/admin/dead-letters/replay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ all: true }) });
  expect(replay.status).toBe(503);
  expect(replay.headers.get('retry-after')).toBe('3');
  expect(((await replay.json()) as { error: string }).error).toMatch(/^admin: dead letters: the replay stopped, the store cannot take more now \(ingest: the server is behind/);

  store.resume();
  expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([204, 204]);
  await until(() => app.writer.backlogPoints === 0, 10_000, 'the backlog to drain');
  expect((await app.get('/api/health')).body.backpressure).toMatchObject({ active: false, backlogPoints: 0 });

  // The refused body was not kept: nothing of it is stored until it is sent again, then all of it.
  expect(app.catalog.find({ measurement: 'energy', tags: { building: 'bp-c' } })).toEqual([]);
  expect((await app.write(body('bp-c', 10), 'precision=ms')).status).toBe(204);
  expect([await stored('bp-a'), await stored('bp-b'), await stored('bp-c')]).toEqual([300, 300, 10]);
  // Nor is it a dead letter (a 503 is the sender's to send again); the one letter is still there.
  expect((await app.get('/api/admin/dead-letters')).body.letters.map((l: { raw: string }) => l.raw)).toEqual(['not line protocol']);
});
