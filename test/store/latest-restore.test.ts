/**
 * After a restart /api/latest (and the live snapshots, which read the same catalog) show the
 * values the store holds, not `t: null` until every series reports again; for both stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { InfluxStore } from '../../server/store/influx/influx-store.ts';
import type { TimeSeriesStore } from '../../server/store/types.ts';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { startTestApp } from '../support/test-app.ts';

let influxd: InfluxdHandle;
let dir: string;
beforeAll(async () => {
  influxd = await startInfluxd();
  dir = mkdtempSync(join(tmpdir(), 'latest-restore-'));
}, 30_000);
afterAll(async () => {
  await influxd?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const stores: { name: string; make: () => TimeSeriesStore }[] = [
  { name: 'sqlite', make: () => new SqliteStore({ path: join(dir, 'ts.sqlite') }) },
  { name: 'influxdb', make: () => new InfluxStore({ url: influxd.url, database: 'latest_restore' }) },
];

it.each(stores)('$name: /api/latest after a restart shows the stored values', { timeout: 30_000 }, async ({ make }) => {
  const t = Date.now() - 60_000;
  const first = await startTestApp({ store: make() });
  const body = [
    `energy,community=c-a,neighbourhood=n-a1,building=b1,meter=m1,category=residential load_kw=12.5 ${t}`,
    `energy,community=c-a,neighbourhood=n-a1,building=b1,meter=m1,category=residential load_kw=13.5 ${t + 1000}`,
    `pipe,community=c-a,neighbourhood=n-a1,network=water_supply,sensor=p1 pressure_kpa=301.5,status="leak" ${t + 2000}`,
  ].join('\n');
  expect((await first.write(body, 'precision=ms')).status).toBe(204);
  await first.stop();

  const second = await startTestApp({ store: make() });
  try {
    const energy = await second.get('/api/latest?measurement=energy&community=c-a');
    expect(energy.body.series).toEqual([expect.objectContaining({ field: 'load_kw', t: t + 1000, v: 13.5 })]);
    const pipe = await second.get('/api/latest?measurement=pipe&community=c-a');
    const byField = Object.fromEntries(pipe.body.series.map((s: { field: string; t: number; v: unknown }) => [s.field, [s.t, s.v]]));
    expect(byField).toEqual({ pressure_kpa: [t + 2000, 301.5], status: [t + 2000, 'leak'] });
  } finally {
    await second.stop();
  }
});
