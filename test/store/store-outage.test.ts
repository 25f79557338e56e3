/**
 * Store outage: influxd is stopped in the middle of ingest and started again. Every point the
 * server acknowledged must end up in InfluxDB, and the outage must show in /api/health meanwhile.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { InfluxStore } from '../../server/store/influx/influx-store.ts';
import { until } from '../support/live-client.ts';

let influxd: InfluxdHandle;
let app: TestApp;

beforeAll(async () => {
  influxd = await startInfluxd();
  const store = new InfluxStore({ url: influxd.url, database: 'outage_test', timeoutMs: 1000 });
  app = await startTestApp({ store, writer: { pingEveryMs: 200, retryEveryMs: 200 } });
});
afterAll(async () => {
  await app?.stop();
  await influxd?.dispose();
});

async function countInInflux(): Promise<number> {
  const q = encodeURIComponent(`SELECT count("load_kw") FROM "raw"."energy" WHERE "building" = 'outage'`);
  const res = await fetch(`${influxd.url}/query?db=outage_test&q=${q}`);
  const body = await res.json() as { results: { series?: { values: [string, number][] }[] }[] };
  return body.results[0].series?.[0].values[0][1] ?? 0;
}

it('keeps every acknowledged point through an influxd outage and reports the outage meanwhile', { timeout: 120_000 }, async () => {
  const t0 = Date.now() - 300_000;
  let acknowledged = 0;
  let refused = 0;
  let sawDegraded = false;
  let sawSpool = false;
  for (let b = 0; b < 60; b++) {
    if (b === 15) await influxd.stop();
    if (b === 45) await influxd.start();
    const lines = Array.from({ length: 50 }, (_, i) => {
      const n = b * 50 + i;
      return `energy,community=c-a,neighbourhood=n-a1,building=outage,meter=m-outage,category=residential load_kw=${n} ${t0 + n}`;
    }).join('\n');
    const r = await app.write(lines, 'precision=ms');
    if (r.status === 204) acknowledged += 50;
    else refused += 50;
    if (b > 15 && b < 45) {
      const h = await app.get('/api/health');
      if (h.body.reachable === false && h.body.status === 'degraded') sawDegraded = true;
      if (h.body.spooledPoints > 0) sawSpool = true;
    }
  }
  expect(refused).toBe(0);
  expect(acknowledged).toBe(3000);
  expect(sawDegraded).toBe(true);
  expect(sawSpool).toBe(true);
  await until(() => app.writer.health.spooledPoints === 0 && app.writer.health.reachable, 60_000, 'the spool to drain');
  const health = await app.get('/api/health');
  expect(health.body).toMatchObject({ status: 'ok', store: 'influxdb', reachable: true, spooledPoints: 0 });
  expect(await countInInflux()).toBe(3000);
});

it('answers 503, and acknowledges nothing it could not keep, when influxd is down and the spool is full', { timeout: 60_000 }, async () => {
  const store = new InfluxStore({ url: influxd.url, database: 'outage_full', timeoutMs: 1000 });
  const small = await startTestApp({ store, env: { SPOOL_MAX_BYTES: '5000' }, writer: { pingEveryMs: 200, retryEveryMs: 200 } });
  try {
    await influxd.stop();
    const statuses: number[] = [];
    const t0 = Date.now() - 10_000;
    for (let b = 0; b < 10; b++) {
      const lines = Array.from({ length: 40 }, (_, i) =>
        `energy,community=c-a,neighbourhood=n-a1,building=full,meter=m-full,category=residential load_kw=${b * 40 + i} ${t0 + b * 40 + i}`).join('\n');
      const r = await small.write(lines, 'precision=ms');
      statuses.push(r.status);
      if (r.status === 503) expect(r.error).toMatch(/^ingest: spool: full .* the store is unreachable/);
    }
    expect(statuses[0]).toBe(204);
    expect(statuses).toContain(503);
    const accepted = statuses.filter((s) => s === 204).length * 40;
    await influxd.start();
    await until(() => small.writer.health.spooledPoints === 0 && small.writer.health.reachable, 30_000, 'the spool to drain');
    const q = encodeURIComponent(`SELECT count("load_kw") FROM "raw"."energy" WHERE "building" = 'full'`);
    const body = await (await fetch(`${influxd.url}/query?db=outage_full&q=${q}`)).json() as { results: { series?: { values: [string, number][] }[] }[] };
    expect(body.results[0].series?.[0].values[0][1]).toBe(accepted);
  } finally {
    await small.stop();
  }
});

it('waits for an InfluxDB that is not up yet instead of failing to start', { timeout: 60_000 }, async () => {
  await influxd.stop();
  const store = new InfluxStore({ url: influxd.url, database: 'late_start', timeoutMs: 1000 });
  const starting = startTestApp({ store });
  setTimeout(() => void influxd.start(), 1500);
  const late = await starting;
  try {
    expect((await late.get('/api/health')).body).toMatchObject({ store: 'influxdb', reachable: true });
    const r = await late.write(`energy,community=c-a,neighbourhood=n-a1,building=late,meter=m,category=residential load_kw=1 ${Date.now()}`, 'precision=ms');
    expect(r.status).toBe(204);
  } finally {
    await late.stop();
  }
});
