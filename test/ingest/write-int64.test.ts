/**
 * Integers are int64, as in InfluxDB: values beyond ±2^53 (which a float64 would round) go through
 * POST /write into each store and come back exactly from /api/query (raw) and /api/latest, as
 * decimal strings where a JSON number would round; smaller integers stay JSON numbers. With the
 * InfluxDB store, influxd itself holds the exact values, and a restart reads them back exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxStore } from '../../server/store/influx/influx-store.ts';
import { parseJsonExact } from '../../server/store/influx/exact-json.ts';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const DATABASE = 'twin_int64';
let influxd: InfluxdHandle;
const apps: Record<string, TestApp> = {};

beforeAll(async () => {
  influxd = await startInfluxd();
  [apps.sqlite, apps.influxdb] = await Promise.all([
    startTestApp(),
    startTestApp({ store: new InfluxStore({ url: influxd.url, database: DATABASE }) }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all(Object.values(apps).map((a) => a.stop()));
  await influxd?.dispose();
});

const EXTREMES: Record<string, string | number> = {
  max: '9223372036854775807', min: '-9223372036854775808', above_2_53: '9007199254740993', below_2_53: '-9007199254740995',
  leading_zeros: '9223372036854775806', small: 42, safe_edge: 9007199254740991,
};

/** The body: one line with every extreme (the leading zeros written out), then a later line of `later`. */
function body(m: string, t: number): string {
  const fields = Object.entries(EXTREMES).map(([k, v]) => `${k}=${k === 'leading_zeros' ? `000${v}` : v}i`).join(',');
  return `${m},k=v ${fields} ${t}\n${m},k=v later=9223372036854775000i ${t}\n${m},k=v later=7i ${t + 1}`;
}

async function json(app: TestApp, path: string): Promise<any> {
  const res = await app.fetch(path);
  expect(res.status, path).toBe(200);
  return res.json();
}

describe.each(['sqlite', 'influxdb'])('int64 through POST /write, the %s store and the read API', (store) => {
  const m = `int64_${store}`;
  const t = Date.now() - 60_000;

  it('stores every extreme exactly and answers big ones as strings, small ones as numbers', async () => {
    const app = apps[store];
    expect(await app.write(body(m, t), 'precision=ms')).toEqual({ status: 204, error: undefined });
    await app.writer.flush();
    const q = await json(app, `/api/query?measurement=${m}&window=raw&from=${t - 1}&to=${t + 2}`);
    const byField = Object.fromEntries(q.series.map((s: { field: string; type: string; t: number[]; v: unknown[] }) => [s.field, { type: s.type, t: s.t, v: s.v }]));
    for (const [k, v] of Object.entries(EXTREMES)) expect(byField[k], k).toEqual({ type: 'integer', t: [t], v: [v] });
    // A later value within ±2^53 is a number again; the earlier one stays exact.
    expect(byField.later).toEqual({ type: 'integer', t: [t, t + 1], v: ['9223372036854775000', 7] });

    const latest = await json(app, `/api/latest?measurement=${m}`);
    const latestBy = Object.fromEntries(latest.series.map((s: { field: string; v: unknown }) => [s.field, s.v]));
    expect(latestBy).toEqual({ ...EXTREMES, later: 7 });
  });

  it('reads the exact values back from the store itself (as after a restart)', async () => {
    const app = apps[store];
    const defs = app.catalog.find({ measurement: m, tags: Object.create(null) });
    const latest = await app.store.latest(defs);
    const byField = Object.fromEntries(latest.map((l) => [app.catalog.get(l.id)!.field, l.v]));
    expect(byField).toEqual({ ...EXTREMES, later: 7 });
  });
});

it('influxd holds the exact values the InfluxDB store wrote', async () => {
  const res = await fetch(`${influxd.url}/query`, { method: 'POST', body: new URLSearchParams({ q: 'SELECT * FROM "raw"."int64_influxdb"', db: DATABASE }) });
  const answer = parseJsonExact(await res.text()) as { results: { series: { columns: string[]; values: unknown[][] }[] }[] };
  const [series] = answer.results[0].series;
  const first = Object.fromEntries(series.columns.map((c, i) => [c, series.values[0][i]]));
  for (const [k, v] of Object.entries(EXTREMES)) expect(first[k], k).toEqual(v);
});
