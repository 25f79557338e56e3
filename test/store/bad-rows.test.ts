/**
 * A bad row never poisons the embedded store: a batch it cannot keep is refused whole and later
 * batches go through; staged rows that fail compaction, or that an older version left behind,
 * are taken out (to the quarantine) instead of failing every compaction and every start.
 * Through the server: the refused submitter gets the reason, the others in its batch are stored,
 * the batch is on disk in the quarantine, and /api/health shows it until it ages out.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { packStaged } from '../../server/store/sqlite/staged-tails.ts';
import { decodeRecord } from '../../server/store/sample-record.ts';
import { StoreRefusedError, type SampleRecord } from '../../server/store/types.ts';
import { SampleBatch } from '../../server/ingest/sample-batch.ts';
import { batch, def } from './store-contract.ts';
import { startTestApp } from '../support/test-app.ts';
import { eventually } from '../support/eventually.ts';

const place = { community: 'c-a', neighbourhood: 'n-a1' };
const load = def(1, 'energy', { ...place, building: 'b1', meter: 'm1', category: 'residential' }, 'load_kw');
const status = def(2, 'pipe', { ...place, network: 'water_supply', sensor: 'p1' }, 'status', 'string');
const space = def(3, 'parking_space', { ...place, lot: 'L1', space: 'A-1' }, 'occupied', 'boolean');
const HOUR = 3_600_000;
const T0 = Math.floor(Date.now() / HOUR) * HOUR - HOUR;

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'bad-rows-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store over `dir` that records what it takes out by itself. */
async function openStore(opts: { compactEveryMs?: number } = {}) {
  const store = new SqliteStore({ path: join(dir, 'ts.sqlite'), compactEveryMs: opts.compactEveryMs ?? 100 });
  const refused: { rows: SampleRecord; reason: string }[] = [];
  store.onRefused((rows, reason) => refused.push({ rows, reason }));
  await store.open();
  return { store, refused };
}

async function rawValues(store: SqliteStore, s = load): Promise<number[]> {
  const r = await store.query({ series: [s], from: T0, to: T0 + HOUR, windowMs: 0, agg: 'mean' });
  return r.series[0].v;
}

describe('the embedded store refuses what it cannot keep', () => {
  it.each([
    { what: 'a NaN boolean', bad: () => batch([space], [[space, T0, NaN]]), msg: /series 3 \(parking_space.*occupied\) value NaN is not a finite number/ },
    { what: 'an infinite value', bad: () => batch([load], [[load, T0, Infinity]]), msg: /value Infinity is not a finite number/ },
    { what: 'a time that is not a number', bad: () => batch([load], [[load, NaN, 1]]), msg: /time NaN is not a finite number of ms/ },
    { what: 'a number for a string field', bad: () => batch([status], [[status, T0, 5]]), msg: /series 2 .* is a string field but got a number/ },
    { what: 'text for a numeric field', bad: () => batch([load], [[load, T0, 'high']]), msg: /series 1 .* is a numeric field but got text/ },
    { what: 'a series never announced', bad: () => batch([], [[def(99, 'env', place, 'x'), T0, 1]]), msg: /series 99 was never announced/ },
  ])('$what: the batch is refused whole, and the next batches, queries and rollups work', async ({ bad, msg }) => {
    const { store } = await openStore();
    try {
      const err = await store.write(bad()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreRefusedError);
      expect((err as Error).message).toMatch(/^sqlite: refused a batch: 1 of 1 samples cannot be stored: /);
      expect((err as Error).message).toMatch(msg);
      // Announcing again is harmless; the series a refused batch announced are recorded anyway.
      await store.write(batch([load, status, space], [[load, T0 + 1000, 4], [status, T0 + 1000, 'normal'], [space, T0 + 1000, 1]]));
      await store.write(batch([], [[load, T0 + 2000, 6]]));
      expect(await rawValues(store)).toEqual([4, 6]);
      const minute = await store.query({ series: [load, space], from: T0, to: T0 + HOUR, windowMs: 60_000, agg: 'mean' });
      expect(minute.series.map((s) => s.v)).toEqual([[5], [1]]);
      await new Promise((r) => setTimeout(r, 300)); // a compaction ran
      expect(await rawValues(store)).toEqual([4, 6]);
      expect(await store.latest([load, status])).toEqual([{ id: 1, t: T0 + 2000, v: 6 }, { id: 2, t: T0 + 1000, v: 'normal' }]);
    } finally {
      await store.close();
    }
  });

  it('staged rows an older version left behind (a NaN) are quarantined at start, once, and the rest is kept', async () => {
    let { store } = await openStore();
    await store.write(batch([load, space], [[load, T0, 1]]));
    await store.close();
    // What the older version staged before it crashed: a NaN boolean among good samples.
    const raw = new Database(join(dir, 'ts.sqlite'));
    raw.prepare('INSERT INTO staging (id, data) VALUES (?, ?)').run(1000, packStaged(
      Uint32Array.of(1, 3, 1), Float64Array.of(T0 + 1000, T0 + 1000, T0 + 2000), Float64Array.of(2, NaN, 3)));
    raw.close();

    let refused: { rows: SampleRecord; reason: string }[];
    ({ store, refused } = await openStore());
    expect(refused).toHaveLength(1);
    expect(refused[0].reason).toMatch(/^sqlite: 1 of 3 samples staged in .*ts\.sqlite \(staging row 1000\) cannot be stored: series 3 \(parking_space.*\) value NaN/);
    expect([...refused[0].rows.sid]).toEqual([3]);
    expect(refused[0].rows.series.map((s) => s.field)).toEqual(['occupied']);
    expect(await rawValues(store)).toEqual([1, 2, 3]);
    const hourly = await store.query({ series: [load], from: T0, to: T0 + HOUR, windowMs: HOUR, agg: 'sum' });
    expect(hourly.series[0].v).toEqual([6]);
    await new Promise((r) => setTimeout(r, 400)); // the compaction deletes the staging row
    await store.close();

    ({ store, refused } = await openStore());
    try {
      expect(refused).toEqual([]);
      expect(await rawValues(store)).toEqual([1, 2, 3]);
    } finally {
      await store.close();
    }
  });

  it('a series whose staged run the samples table will not take is quarantined; the others are compacted', async () => {
    let { store, refused } = await openStore();
    const other = def(4, 'energy', { ...place, building: 'b2', meter: 'm2', category: 'residential' }, 'load_kw');
    await store.write(batch([load, other], []));
    await store.close();
    // Any failure the worker cannot foresee: here a trigger that refuses series 4's rows.
    const raw = new Database(join(dir, 'ts.sqlite'));
    raw.exec("CREATE TRIGGER refuse_4 BEFORE INSERT ON samples WHEN NEW.sid = 4 BEGIN SELECT RAISE(ABORT, 'test: series 4 is refused'); END");
    raw.close();

    ({ store, refused } = await openStore());
    await store.write(batch([], [[load, T0, 1], [other, T0, 10], [other, T0 + 1000, 11], [load, T0 + 1000, 2]]));
    await eventually(async () => refused.length, (n) => n > 0, 5000, 'the compaction to take series 4 out');
    expect(refused).toHaveLength(1);
    expect(refused[0].reason).toMatch(/^sqlite: compaction could not move 2 samples of series 4 \(energy.*\) into samples: test: series 4 is refused/);
    expect([...refused[0].rows.v]).toEqual([10, 11]);
    await new Promise((r) => setTimeout(r, 300)); // later compactions do not meet it again
    expect(refused).toHaveLength(1);
    expect(await rawValues(store)).toEqual([1, 2]);
    await store.write(batch([], [[load, T0 + 2000, 3]]));
    await store.close();

    const check = new Database(join(dir, 'ts.sqlite'), { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM staging').get()).toEqual({ n: 0 });
    expect(check.prepare('SELECT sid, v FROM samples ORDER BY sid, t').all()).toEqual([{ sid: 1, v: 1 }, { sid: 1, v: 2 }, { sid: 1, v: 3 }]);
    check.close();
  });
});

describe('through the server', () => {
  it('the refused submitter gets the reason, its batch-mates are stored, the quarantine and health show it, later writes go through', async () => {
    const app = await startTestApp({ writer: { refusalDegradesForMs: 1500, pingEveryMs: 200 } });
    try {
      const id = (sensor: string, field: string, type: 'float' | 'boolean') => app.catalog.resolve(
        { measurement: 'env', tags: { ...place, walkway: 'w1', sensor }, key: `env,community=c-a,neighbourhood=n-a1,sensor=${sensor},walkway=w1` }, field, type);
      const good = new SampleBatch();
      good.push(id('ok', 'noise_db', 'float'), T0, 40);
      const bad = new SampleBatch();
      bad.push(id('bad', 'noise_db', 'float'), T0, 41);
      bad.push(id('bad', 'noise_db', 'float'), T0 + 1000, NaN); // bypasses the parser
      // Submitted in one turn: one write batch, refused by the store, then taken apart.
      const results = await Promise.allSettled([app.writer.submit(good), app.writer.submit(bad)]);
      expect(results[0].status).toBe('fulfilled');
      expect(results[1].status).toBe('rejected');
      const err = (results[1] as PromiseRejectedResult).reason as Error;
      expect(err).toBeInstanceOf(StoreRefusedError);
      expect(err.message).toMatch(/^sqlite: refused a batch: 1 of 2 samples cannot be stored: series \d+ \(env,.*sensor=bad.* noise_db\) value NaN is not a finite number \(2 points refused; kept in quarantine\)$/);

      const qdir = join(app.dataDir, 'quarantine-sqlite');
      const files = readdirSync(qdir);
      expect(files).toHaveLength(1);
      const kept = decodeRecord(readFileSync(join(qdir, files[0]), 'utf8'));
      expect([...kept.v]).toEqual([41, NaN]);
      expect(kept.series[0].tags.sensor).toBe('bad');
      expect(kept.reason).toMatch(/value NaN/);

      const h = await app.get('/api/health');
      expect(h.body).toMatchObject({ status: 'degraded', reachable: true, quarantine: { records: 1, points: 2 } });
      expect(h.body.reason).toMatch(/^the store refused a batch at .*: sqlite: refused a batch: .*value NaN/);
      expect(h.body.quarantine.lastReason).toMatch(/value NaN/);

      const now = Date.now();
      const w = await app.write(`env,community=c-a,neighbourhood=n-a1,walkway=w1,sensor=bad noise_db=42 ${now}`, 'precision=ms');
      expect(w.status).toBe(204);
      const q = await app.get('/api/query?measurement=env&field=noise_db&window=0&from=' + (T0 - 1) + '&to=' + (now + 1));
      expect(q.status).toBe(200);
      const bySensor = Object.fromEntries(q.body.series.map((s: { tags: { sensor: string }; v: number[] }) => [s.tags.sensor, s.v]));
      expect(bySensor).toEqual({ ok: [40], bad: [42] });

      // Health recovers by itself; the quarantine stays visible.
      const later = await eventually(() => app.get('/api/health'), (r) => r.body.status === 'ok', 5000, 'health to recover');
      expect(later.body.quarantine.records).toBe(1);
    } finally {
      await app.stop();
    }
  });
});
