/**
 * InfluxStore against a real influxd (one per test file, see test/support/influxd.ts): the store
 * contract, plus what only InfluxDB has (retention policies, continuous queries, line protocol
 * limits, the server going away and coming back).
 *
 * The slow test of the continuous query scheduler (waits for a minute boundary) only runs with
 * INFLUX_SLOW_TESTS=1.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxStore } from '../../server/store/influx/influx-store.ts';
import { CQ_NAMES, rollupSelect } from '../../server/store/influx/influx-schema.ts';
import { formatBatch, lineParts } from '../../server/store/influx/line-format.ts';
import { StoreUnavailableError, type RetentionConfig, type TimeSeriesStore } from '../../server/store/types.ts';
import { freePort, startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { batch, def, storeContract, type Row } from './store-contract.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Raw data is kept 40 days so the contract's month of data stays in the raw RP. */
const RETENTION: RetentionConfig = { rawMs: 40 * DAY, minuteMs: 90 * DAY, hourMs: 5 * 365 * DAY };
const place = { community: 'c1', neighbourhood: 'n1' };

let influxd: InfluxdHandle;
let dbCounter = 0;

beforeAll(async () => {
  influxd = await startInfluxd();
}, 30_000);
afterAll(async () => {
  await influxd?.dispose();
});

/** Run InfluxQL directly (not through the store) and return the JSON results. */
async function influxql(q: string, db = ''): Promise<{ series?: { name?: string; columns: string[]; values: unknown[][]; tags?: Record<string, string> }[]; error?: string }[]> {
  const res = await fetch(`${influxd.url}/query`, { method: 'POST', body: new URLSearchParams({ q, db, epoch: 'ms' }) });
  const body = (await res.json()) as { results: [] };
  return body.results;
}

function newDatabase(): string {
  return `twin_test_${++dbCounter}`;
}

function hourStart(hoursAgo: number): number {
  return Math.floor(Date.now() / HOUR) * HOUR - hoursAgo * HOUR;
}

storeContract('influxdb', async () => {
  const database = newDatabase();
  const stores: InfluxStore[] = [];
  const make = (): InfluxStore => {
    const s = new InfluxStore({ url: influxd.url, database, retention: RETENTION });
    stores.push(s);
    return s;
  };
  return {
    store: make(),
    reopen: async () => make(),
    cleanup: async () => {
      for (const s of stores) await s.close();
      await influxql(`DROP DATABASE "${database}"`);
    },
  };
});

describe('InfluxStore: schema', () => {
  it('open() creates the database, the raw/rp_1m/rp_1h retention policies and the rollup CQs', async () => {
    const database = newDatabase();
    const store = new InfluxStore({ url: influxd.url, database, retention: { rawMs: 7 * DAY, minuteMs: 90 * DAY, hourMs: 1.5 * HOUR } });
    try {
      expect(await store.open()).toEqual([]);
      const [dbs] = await influxql('SHOW DATABASES');
      expect(dbs.series?.[0].values.flat()).toContain(database);

      const [rps] = await influxql(`SHOW RETENTION POLICIES ON "${database}"`);
      const cols = rps.series![0].columns;
      const rows = rps.series![0].values.map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i]])));
      expect(rows).toEqual(expect.arrayContaining([
        expect.objectContaining({ name: 'raw', duration: '168h0m0s', default: true }),
        expect.objectContaining({ name: 'rp_1m', duration: '2160h0m0s', default: false }),
        // Durations are whole hours, rounded up.
        expect.objectContaining({ name: 'rp_1h', duration: '2h0m0s', default: false }),
      ]));

      const [cqs] = await influxql('SHOW CONTINUOUS QUERIES');
      const ours = cqs.series!.find((s) => s.name === database)!.values.map((r) => ({ name: r[0], query: String(r[1]) }));
      expect(ours.map((c) => c.name).sort()).toEqual([CQ_NAMES['1h'], CQ_NAMES['1m']].sort());
      for (const [res, rp] of [['1m', 'rp_1m'], ['1h', 'rp_1h']] as const) {
        const q = ours.find((c) => c.name === CQ_NAMES[res])!.query;
        expect(q).toContain('sum(*), count(*), min(*), max(*), last(*)');
        expect(q).toContain(`INTO ${database}.${rp}.:MEASUREMENT`);
        expect(q).toContain(`FROM ${database}.raw./.*/`);
        expect(q).toContain(`GROUP BY time(${res}), *`);
      }
    } finally {
      await store.close();
      await influxql(`DROP DATABASE "${database}"`);
    }
  });

  it('opening twice is fine, returns the same series, and applies a changed retention', async () => {
    const database = newDatabase();
    const first = new InfluxStore({ url: influxd.url, database, retention: RETENTION });
    const second = new InfluxStore({ url: influxd.url, database, retention: { ...RETENTION, rawMs: 3 * DAY } });
    try {
      await first.open();
      const s = def(1, 'env', { ...place, walkway: 'w', sensor: 's' }, 'noise_db');
      await first.write(batch([s], [[s, hourStart(1), 40]]));
      const again = await first.open();
      const other = await second.open();
      expect(again).toEqual([s]);
      expect(other).toEqual([s]);
      const [rps] = await influxql(`SHOW RETENTION POLICIES ON "${database}"`);
      expect(rps.series![0].values).toContainEqual(['raw', '72h0m0s', '24h0m0s', 1, true]);
      const [cqs] = await influxql('SHOW CONTINUOUS QUERIES');
      expect(cqs.series!.find((x) => x.name === database)!.values).toHaveLength(2);
    } finally {
      await first.close();
      await second.close();
      await influxql(`DROP DATABASE "${database}"`);
    }
  });
});

describe('InfluxStore: rollups', () => {
  it('queries older than raw retention read rp_1m / rp_1h and give the same answers as raw', { timeout: 60_000 }, async () => {
    const database = newDatabase();
    const store = new InfluxStore({ url: influxd.url, database, retention: RETENTION });
    // Same database, but believes raw data only covers the last hour: 3-hour-old ranges go to the rollups.
    const rollupReader = new InfluxStore({ url: influxd.url, database, retention: { ...RETENTION, rawMs: HOUR } });
    try {
      await store.open();
      const T0 = hourStart(3);
      const float = def(1, 'energy', { ...place, building: 'b', meter: 'm', category: 'residential' }, 'load_kw', 'float');
      const int = def(2, 'parking', { ...place, lot: 'L', kind: 'surface' }, 'occupied', 'integer');
      const rows: Row[] = [];
      for (let t = T0; t < T0 + 2 * HOUR; t += 10_000) {
        const k = (t - T0) / 10_000;
        rows.push([float, t, Math.round(50 + 30 * Math.sin(k / 17)) / 4], [int, t, (k * 7) % 23]);
      }
      await store.write(batch([float, int], rows));
      // What the CQs do each minute / hour, run once over the written range.
      const where = `time >= ${T0}ms AND time < ${T0 + 2 * HOUR}ms`;
      for (const res of ['1m', '1h'] as const) {
        const [r] = await influxql(rollupSelect(database, res, where), database);
        expect(r.error).toBeUndefined();
      }

      const cases = [MINUTE, 15 * MINUTE, HOUR, 2 * HOUR].flatMap((windowMs) =>
        (['mean', 'min', 'max', 'last', 'sum'] as const).map((agg) => ({ windowMs, agg })));
      for (const { windowMs, agg } of cases) {
        const q = { series: [float, int], from: T0, to: T0 + 2 * HOUR, windowMs, agg };
        const raw = await store.query(q);
        const rolled = await rollupReader.query(q);
        expect(raw.source).toBe('raw');
        expect(rolled.source).toBe(windowMs % HOUR === 0 ? '1h' : '1m');
        for (const i of [0, 1]) {
          expect(rolled.series[i].t, `${agg} ${windowMs}`).toEqual(raw.series[i].t);
          // Buckets are aligned to the epoch: a 2 h window over these 2 hours may give 2 buckets.
          expect(rolled.series[i].t.length).toBe(Math.ceil((T0 + 2 * HOUR) / windowMs) - Math.floor(T0 / windowMs));
          rolled.series[i].v.forEach((v, j) => expect(v, `${agg} ${windowMs}`).toBeCloseTo(raw.series[i].v[j], 9));
        }
      }
    } finally {
      await store.close();
      await rollupReader.close();
      await influxql(`DROP DATABASE "${database}"`);
    }
  });

  it.skipIf(!process.env.INFLUX_SLOW_TESTS)('the 1-minute CQ rolls up the minute that just ended', { timeout: 150_000 }, async () => {
    const database = newDatabase();
    const store = new InfluxStore({ url: influxd.url, database, retention: RETENTION });
    try {
      await store.open();
      const s = def(1, 'env', { ...place, walkway: 'w', sensor: 's' }, 'noise_db');
      const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
      await store.write(batch([s], [[s, minute + 1, 10], [s, minute + 2, 20]]));
      const deadline = minute + 2 * MINUTE + 30_000;
      let rows: unknown[][] | undefined;
      while (!rows && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        const [r] = await influxql('SELECT "sum_noise_db", "count_noise_db", "min_noise_db", "max_noise_db", "last_noise_db" FROM "rp_1m"."env"', database);
        rows = r.series?.[0].values;
      }
      expect(rows).toEqual([[minute, 30, 2, 10, 20, 20]]);
    } finally {
      await store.close();
      await influxql(`DROP DATABASE "${database}"`);
    }
  });
});

describe('InfluxStore: errors', () => {
  let store: InfluxStore;
  let database: string;
  beforeAll(async () => {
    database = newDatabase();
    store = new InfluxStore({ url: influxd.url, database, retention: RETENTION });
    await store.open();
  });
  afterAll(async () => {
    await store.close();
    await influxql(`DROP DATABASE "${database}"`);
  });

  it('a field type conflict is refused with InfluxDB\'s message, not as "unavailable"', async () => {
    const asFloat = def(1, 'conflict', { ...place }, 'x', 'float');
    const asString = def(2, 'conflict', { ...place, other: 'y' }, 'x', 'string');
    await store.write(batch([asFloat], [[asFloat, hourStart(1), 1]]));
    const err = await store.write(batch([asString], [[asString, hourStart(1), 'text']])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/^influxdb: write: 400 .*field type conflict/);
  });

  it.each([
    { what: 'a tag value ending in a backslash', s: def(1, 'env', { ...place, sensor: 'C:\\dir\\' }, 'v'), msg: /ends with a backslash/ },
    { what: 'a measurement with "\\," in it', s: def(1, 'a\\,b', { ...place }, 'v'), msg: /backslash before a comma/ },
    { what: 'a tag value with a line break', s: def(1, 'env', { ...place, sensor: 'a\nb' }, 'v'), msg: /line break/ },
    { what: 'a measurement starting with #', s: def(1, '#env', { ...place }, 'v'), msg: /comment/ },
    { what: 'the tag key "time"', s: def(1, 'env', { ...place, time: 'x' }, 'v'), msg: /reserved/ },
  ])('$what is refused before anything is written', async ({ s, msg }) => {
    const good = def(2, 'fine', { ...place }, 'v');
    const err = await store.write(batch([good, s], [[good, hourStart(1), 1], [s, hourStart(1), 2]])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^influxdb: series 1 /);
    expect((err as Error).message).toMatch(msg);
    expect(await store.latest([good])).toEqual([]);
  });

  it('a series id that was never announced is refused', async () => {
    const s = def(77, 'env', { ...place }, 'v');
    await expect(store.write(batch([], [[s, hourStart(1), 1]]))).rejects.toThrow(/^influxdb: series id 77 was never announced/);
  });

  it('statements cannot escape their quotes: DROP DATABASE in names drops nothing', async () => {
    const T0 = hourStart(1);
    const evil = [
      def(10, 'env', { ...place, sensor: `x' OR 1=1; DROP DATABASE "${database}` }, 'v'),
      def(11, `"; DROP DATABASE "${database}`, { ...place }, 'v'),
      def(12, 'env', { ...place, sensor: `x'; DROP DATABASE ${database}; SELECT '` }, `v"; DROP DATABASE "${database}`),
    ];
    await store.write(batch(evil, evil.map((s) => [s, T0, s.id])));
    const res = await store.query({ series: evil, from: T0, to: T0 + 1, windowMs: 0, agg: 'mean' });
    expect(res.series.map((s) => s.v)).toEqual([[10], [11], [12]]);
    expect(await store.latest(evil)).toHaveLength(3);
    const again = await store.open();
    for (const s of evil) expect(again.map((d) => [d.measurement, d.tags, d.field])).toContainEqual([s.measurement, s.tags, s.field]);
    const [dbs] = await influxql('SHOW DATABASES');
    expect(dbs.series?.[0].values.flat()).toContain(database);
  });

  it('a server that accepts connections but never answers fails within timeoutMs', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((sock) => { sockets.push(sock); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const silent = new InfluxStore({ url: `http://127.0.0.1:${port}`, database: 'x', timeoutMs: 300 });
    try {
      const s = def(1, 'env', { ...place }, 'v');
      for (const op of [() => silent.write(batch([s], [[s, Date.now(), 1]])), () => silent.ping(), () => silent.open()]) {
        const t = Date.now();
        const err = await op().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreUnavailableError);
        expect((err as Error).message).toMatch(/^influxdb: /);
        expect(Date.now() - t).toBeLessThan(2000);
      }
    } finally {
      await silent.close();
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('nothing listening: write and ping reject at once with StoreUnavailableError', async () => {
    const port = await freePort();
    const nowhere = new InfluxStore({ url: `http://127.0.0.1:${port}`, database: 'x' });
    try {
      const s = def(1, 'env', { ...place }, 'v');
      const t = Date.now();
      const err = await nowhere.write(batch([s], [[s, Date.now(), 1]])).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as Error).message).toMatch(/^influxdb: write: server unavailable \(ECONNREFUSED/);
      expect((err as Error).cause).toBeDefined();
      await expect(nowhere.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - t).toBeLessThan(1000);
    } finally {
      await nowhere.close();
    }
  });
});

describe('InfluxStore: line protocol', () => {
  const parts = (d: ReturnType<typeof def>) => lineParts(d);
  it('merges adjacent samples of one series and time into one line, with typed values', () => {
    const load = def(1, 'energy', { meter: 'm 1', building: 'b,1' }, 'load_kw', 'float');
    const pv = def(2, 'energy', { meter: 'm 1', building: 'b,1' }, 'pv_kw', 'float');
    const occ = def(3, 'parking', { lot: 'a=b' }, 'occupied', 'integer');
    const sp = def(4, 'parking_space', { lot: 'x' }, 'occupied', 'boolean');
    const st = def(5, 'pipe', { sensor: 'p' }, 'status', 'string');
    const byId = new Map([load, pv, occ, sp, st].map((d) => [d.id, parts(d)]));
    const b = batch([], [
      [load, 1000, 1.5], [pv, 1000, 0.25], [load, 2000, 2], [occ, 2000, 7], [sp, 2000, 1], [sp, 3000, 0],
      [load, 4000, 1], [load, 4000, 3], [st, 5000, 'say "hi"\\'],
    ]);
    const bodies = formatBatch(b.samples, b.text, (id) => byId.get(id)!);
    expect(bodies).toEqual([[
      'energy,building=b\\,1,meter=m\\ 1 load_kw=1.5,pv_kw=0.25 1000',
      'energy,building=b\\,1,meter=m\\ 1 load_kw=2 2000',
      'parking,lot=a\\=b occupied=7i 2000',
      'parking_space,lot=x occupied=true 2000',
      'parking_space,lot=x occupied=false 3000',
      'energy,building=b\\,1,meter=m\\ 1 load_kw=1 4000',
      'energy,building=b\\,1,meter=m\\ 1 load_kw=3 4000',
      'pipe,sensor=p status="say \\"hi\\"\\\\" 5000',
    ].join('\n')]);
  });

  it('splits large batches into several request bodies', () => {
    const s = def(1, 'm', {}, 'f');
    const rows: Row[] = Array.from({ length: 25 }, (_, i) => [s, i, i]);
    const b = batch([], rows);
    const bodies = formatBatch(b.samples, b.text, () => parts(s), 10);
    expect(bodies.map((x) => x.split('\n').length)).toEqual([10, 10, 5]);
  });
});


// Last: stops and restarts the file's influxd.
describe('InfluxStore: influxd outage', () => {
  it('writes, queries and ping reject with StoreUnavailableError while influxd is down, and work once it is back', { timeout: 60_000 }, async () => {
    const database = newDatabase();
    const store: TimeSeriesStore = new InfluxStore({ url: influxd.url, database, retention: RETENTION, timeoutMs: 2000 });
    const T0 = hourStart(1);
    const s = def(1, 'env', { ...place, walkway: 'w', sensor: 's' }, 'noise_db');
    let stopped = false;
    try {
      await store.open();
      await store.write(batch([s], [[s, T0, 40]]));
      await influxd.stop();
      stopped = true;

      const t = Date.now();
      const err = await store.write(batch([], [[s, T0 + 1000, 41]])).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as Error).message).toMatch(/^influxdb: write: server unavailable/);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.query({ series: [s], from: T0, to: T0 + MINUTE, windowMs: 0, agg: 'mean' })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.latest([s])).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - t).toBeLessThan(3000);

      await influxd.start();
      stopped = false;
      await store.ping();
      await store.write(batch([], [[s, T0 + 1000, 41]]));
      const res = await store.query({ series: [s], from: T0, to: T0 + MINUTE, windowMs: 0, agg: 'mean' });
      expect(res.series[0]).toEqual({ id: 1, t: [T0, T0 + 1000], v: [40, 41] });
    } finally {
      if (stopped) await influxd.start();
      await store.close();
      await influxql(`DROP DATABASE "${database}"`);
    }
  });
});
