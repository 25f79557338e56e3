/**
 * With InfluxDB, a batch the server refuses (400) or a series it cannot store blocks nothing: its
 * submitter gets InfluxDB's reason, the batch is quarantined, later writes of every series are
 * stored, /api/health reports the refusal until it ages out, and a spooled record InfluxDB refuses
 * does not hold up the spool behind it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, expect, it } from 'vitest';
import { InfluxStore } from '../../server/store/influx/influx-store.ts';
import { SampleBatch } from '../../server/ingest/sample-batch.ts';
import { StoreRefusedError } from '../../server/store/types.ts';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { eventually } from '../support/eventually.ts';

const DAY = 86_400_000;
let influxd: InfluxdHandle;
let app: TestApp;
let db = 0;

beforeAll(async () => { influxd = await startInfluxd(); }, 30_000);
afterAll(async () => { await influxd?.dispose(); });
beforeEach(async () => {
  // Raw data kept 7 days (the default): a point 30 days old is refused by InfluxDB with a 400.
  const store = new InfluxStore({ url: influxd.url, database: `refusal_${++db}`, timeoutMs: 1000 });
  app = await startTestApp({ store, writer: { pingEveryMs: 200, retryEveryMs: 200, refusalDegradesForMs: 1500 } });
});
afterEach(async () => { await app?.stop(); });

const env = (sensor: string, v: number, t: number) => `env,community=c-a,neighbourhood=n-a1,walkway=w1,sensor=${sensor} noise_db=${v} ${t}`;

async function count(sensor: string): Promise<number> {
  const q = encodeURIComponent(`SELECT count("noise_db") FROM "raw"."env" WHERE "sensor" = '${sensor}'`);
  const body = await (await fetch(`${influxd.url}/query?db=refusal_${db}&q=${q}`)).json() as { results: { series?: { values: [string, number][] }[] }[] };
  return body.results[0].series?.[0].values[0][1] ?? 0;
}

it.each([
  { what: 'InfluxDB refuses a batch (400, points beyond retention)', bad: () => env('old', 1, Date.now() - 30 * DAY), msg: /^ingest: the store refused this batch: influxdb: write: 400 partial write: points beyond retention policy dropped=1 \(1 points refused; kept in quarantine\)$/ },
])('$what: that write gets the reason, later writes of every series are stored, health reports it and recovers', { timeout: 30_000 }, async ({ bad, msg }) => {
  const refused = await app.write(bad(), 'precision=ms');
  expect(refused.status).toBe(400); // the sender's to fix: not retried
  expect(refused.error).toMatch(msg);
  const h = await app.get('/api/health');
  expect(h.body).toMatchObject({ status: 'degraded', store: 'influxdb', reachable: true, quarantine: { records: 1, points: 1 } });
  expect(h.body.reason).toMatch(/^the store refused a batch at /);
  expect(readdirSync(join(app.dataDir, 'quarantine-influxdb'))).toHaveLength(1);

  for (let i = 0; i < 5; i++) expect((await app.write(env('fine', i, Date.now() - i), 'precision=ms')).status).toBe(204);
  expect(await count('fine')).toBe(5);
  await eventually(() => app.get('/api/health'), (r) => r.body.status === 'ok', 5000, 'health to recover');
});

it('a series InfluxDB cannot store (the tag key "time") is refused by line at the edge; the rest of the batch and later writes are stored', async () => {
  const now = Date.now();
  const r = await app.write(`weird,community=c-a,neighbourhood=n-a1,time=x v=1 ${now}\n${env('edge', 1, now)}`, 'precision=ms');
  expect(r.status).toBe(400);
  expect(r.error).toMatch(/line 1: .*tag key "time" is reserved/);
  expect((await app.write(env('edge', 2, now + 1), 'precision=ms')).status).toBe(204);
  expect(await count('edge')).toBe(2);
});

it('in a batch InfluxDB refuses, only the submitter at fault is refused; the others are stored', async () => {
  const id = (sensor: string) => app.catalog.resolve(
    { measurement: 'env', tags: { community: 'c-a', neighbourhood: 'n-a1', walkway: 'w1', sensor }, key: `env,community=c-a,neighbourhood=n-a1,sensor=${sensor},walkway=w1` }, 'noise_db', 'float');
  const parts = ['a', 'old', 'b'].map((sensor) => {
    const b = new SampleBatch();
    b.push(id(sensor), sensor === 'old' ? Date.now() - 30 * DAY : Date.now(), 1);
    return b;
  });
  // Submitted in one turn, so they share one write batch.
  const results = await Promise.allSettled(parts.map((p) => app.writer.submit(p)));
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreRefusedError);
  expect([await count('a'), await count('b')]).toEqual([1, 1]);
  expect(app.writer.health.quarantine).toMatchObject({ records: 1, points: 1 });
});

it('a spooled record InfluxDB refuses after an outage is quarantined and the spool behind it drains', { timeout: 60_000 }, async () => {
  await influxd.stop();
  try {
    const now = Date.now();
    expect((await app.write(env('fine', 1, now - 3), 'precision=ms')).status).toBe(204);
    expect((await app.write(env('old', 1, now - 30 * DAY), 'precision=ms')).status).toBe(204); // acknowledged: spooled
    expect((await app.write(env('fine', 2, now - 1), 'precision=ms')).status).toBe(204);
    expect(app.writer.health.spooledPoints).toBe(3);
  } finally {
    await influxd.start();
  }
  await eventually(async () => app.writer.health, (h) => h.spooledPoints === 0 && h.reachable, 20_000, 'the spool to drain');
  expect(await count('fine')).toBe(2);
  expect(app.writer.health.quarantine).toMatchObject({ records: 1, points: 1 });
  expect(app.writer.health.quarantine.lastReason).toMatch(/points beyond retention policy/);
  expect((await app.write(env('fine', 3, Date.now()), 'precision=ms')).status).toBe(204);
});
