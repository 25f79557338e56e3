/**
 * Under a backlog the writer hands the store many bounded writes, each announcing only the new
 * series its own samples need, instead of one write that grows with the backlog (a write that
 * keeps the embedded store's worker busy for seconds reads as an outage and sends points to the
 * spool). Through the server, on the real embedded store made slow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { WriteBatch } from '../../server/store/types.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const MAX_BATCH = 1000;
const BODY_LINES = 250;
const BODIES = 40;
const T0 = Date.now() - 600_000;

class SlowStore extends SqliteStore {
  readonly writes: { samples: number; newSeries: number; highestSid: number; lowestNewSid: number; highestNewSid: number }[] = [];
  override async write(b: WriteBatch): Promise<void> {
    const sids = [...b.samples.sid, ...b.text.sid];
    this.writes.push({
      samples: sids.length, newSeries: b.newSeries.length, highestSid: Math.max(0, ...sids),
      lowestNewSid: Math.min(Infinity, ...b.newSeries.map((s) => s.id)), highestNewSid: Math.max(0, ...b.newSeries.map((s) => s.id)),
    });
    await new Promise((r) => setTimeout(r, 40));
    return super.write(b);
  }
}

let dir: string;
let store: SlowStore;
let app: TestApp;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bounded-writes-'));
  store = new SlowStore({ path: join(dir, 'ts.sqlite') });
  app = await startTestApp({ store, writer: { maxBatch: MAX_BATCH } });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('writes a backlog in bounded batches, each announcing only the series it needs, and keeps every point', { timeout: 60_000 }, async () => {
  // Every line a new series (a city's first reports), all bodies sent at once.
  const body = (b: number) => Array.from({ length: BODY_LINES }, (_, i) =>
    `parking_space,community=c-a,neighbourhood=n-a1,lot=L${b},space=S${i} occupied=true ${T0 + i}`).join('\n');
  const answers = await Promise.all(Array.from({ length: BODIES }, (_, b) => app.write(body(b), 'precision=ms')));
  expect(answers.map((a) => a.status)).toEqual(Array(BODIES).fill(204));
  const writes = store.writes.filter((w) => w.samples > 0);
  expect(writes.length).toBeGreaterThanOrEqual((BODIES * BODY_LINES) / (MAX_BATCH + BODY_LINES));
  for (const w of writes) {
    expect(w.samples).toBeLessThanOrEqual(MAX_BATCH + BODY_LINES);
    // New series announced with the samples that need them, never ahead of them.
    if (w.newSeries > 0) expect(w.highestNewSid).toBeLessThanOrEqual(w.highestSid);
  }
  expect(writes.reduce((n, w) => n + w.newSeries, 0)).toBe(BODIES * BODY_LINES);
  expect(app.writer.health).toMatchObject({ reachable: true, spooledPoints: 0 });
  const series = app.catalog.find({ measurement: 'parking_space' });
  expect(series).toHaveLength(BODIES * BODY_LINES);
  const stored = await store.query({ series, from: T0, to: T0 + BODY_LINES, windowMs: 0, agg: 'last' });
  expect(stored.series.reduce((n, s) => n + s.v.length, 0)).toBe(BODIES * BODY_LINES);
});
