/**
 * The behaviour every TimeSeriesStore must show, as a reusable vitest suite:
 *
 *   storeContract('sqlite', async () => ({ store, reopen, cleanup }));
 *
 * `make` is called before every test and must return a store that is not yet opened, over empty
 * storage. Its raw retention must cover the last 40 days (the month test writes a month of data
 * ending now). `reopen`, when given, returns a new store over the same storage (the suite closes
 * the old one first, and opens the new one); `cleanup` closes whatever is still open and removes
 * the storage.
 *
 * What the month test exercises depends on the store: the embedded store answers 1 h windows from
 * its 1-hour rollup table; the InfluxDB store answers from its raw RP, because the range is within
 * raw retention (its continuous queries only roll up data as time passes, so data written with
 * past timestamps is never rolled up; influx-store.test.ts checks the rollup queries separately).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seriesKey } from '../../streams/line-protocol/format.ts';
import type { FieldType } from '../../streams/families/index.ts';
import type { Aggregate, RangeResult, SeriesDef, TimeSeriesStore, WriteBatch } from '../../server/store/types.ts';

export interface StoreHarness {
  store: TimeSeriesStore;
  reopen?: () => Promise<TimeSeriesStore>;
  cleanup: () => Promise<void>;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A field series as the catalog would announce it. */
export function def(id: number, measurement: string, tags: Record<string, string>, field: string, type: FieldType = 'float'): SeriesDef {
  return { id, measurement, tags, field, type, key: seriesKey(measurement, tags) };
}

/** One sample: series, time (epoch ms), value (text for string series, 0/1 for booleans). */
export type Row = [SeriesDef, number, number | string];

/** A write batch in columns; new typed arrays every time (a store may take them over). */
export function batch(newSeries: SeriesDef[], rows: Row[]): WriteBatch {
  const num = rows.filter((r) => typeof r[2] === 'number');
  const txt = rows.filter((r) => typeof r[2] === 'string');
  return {
    newSeries,
    samples: {
      sid: Uint32Array.from(num, (r) => r[0].id),
      t: Float64Array.from(num, (r) => r[1]),
      v: Float64Array.from(num, (r) => r[2] as number),
    },
    text: { sid: txt.map((r) => r[0].id), t: txt.map((r) => r[1]), s: txt.map((r) => r[2] as string) },
  };
}

/** `[time, value]` pairs of one series of a result. */
function pairs(res: RangeResult, id: number): [number, number][] {
  const s = res.series.find((x) => x.id === id);
  expect(s, `series ${id} in the result`).toBeDefined();
  return s!.t.map((t, i) => [t, s!.v[i]]);
}

/** Compare buckets: times exactly, values to 9 decimals (means are divisions). */
function expectBuckets(actual: [number, number][], expected: [number, number][]): void {
  expect(actual.map((p) => p[0])).toEqual(expected.map((p) => p[0]));
  actual.forEach(([, v], i) => expect(v).toBeCloseTo(expected[i][1], 9));
}

/** Identity of a series regardless of its id. */
const identity = (d: Pick<SeriesDef, 'measurement' | 'tags' | 'field' | 'type'>): string =>
  JSON.stringify([d.measurement, Object.entries(d.tags).sort(), d.field, d.type]);

/** Start of the hour, `hoursAgo` hours before now: recent data, aligned to minute and hour windows. */
function hourStart(hoursAgo: number): number {
  return Math.floor(Date.now() / HOUR) * HOUR - hoursAgo * HOUR;
}

/** Measurement names and tag values that must be stored and matched literally. */
export const HOSTILE_NAMES = [
  `it's "quoted"`,
  'back\\slash',
  'C:\\dir\\file.txt',
  'comma,separated',
  'with space',
  'key=value',
  "' OR ''='",
  `x' OR 1=1; DROP DATABASE "db`,
  '"; DROP DATABASE x',
  '<script>alert(1)</script>',
  '一号楼',
  '/.*/',
];

/** More tag values (InfluxDB 1.x can store these as tag values but not as measurement names). */
export const HOSTILE_TAG_VALUES = [...HOSTILE_NAMES, '#hash', 'a\\,b', 'a\\ b', 'a\\=b', '\\"', ' leading space', '=x'];

const place = { community: 'c1', neighbourhood: 'n1' };

export function storeContract(name: string, make: () => Promise<StoreHarness>): void {
  describe(`TimeSeriesStore contract: ${name}`, () => {
    let h: StoreHarness;
    let store: TimeSeriesStore;
    let opened: SeriesDef[];

    beforeEach(async () => {
      h = await make();
      store = h.store;
      opened = await store.open();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('a new store holds no series', () => {
      expect(opened).toEqual([]);
    });

    describe('raw range queries return exactly the samples in [from, to)', () => {
      const T0 = hourStart(3);
      const s = def(1, 'env', { ...place, walkway: 'w1', sensor: 's1' }, 'temperature_c');
      const values = [20.5, 21, 21.25, -3.5, 0, 1e-9, 123456.789, 22, 0.1 + 0.2, 19.75];
      const rows: Row[] = values.map((v, i) => [s, T0 + i * 1000, v]);
      const cases: { title: string; from: number; to: number; idx: number[] }[] = [
        { title: 'whole range', from: T0, to: T0 + 10_000, idx: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
        { title: 'from is inclusive, to exclusive', from: T0 + 2000, to: T0 + 7000, idx: [2, 3, 4, 5, 6] },
        { title: 'one millisecond around a sample', from: T0 + 9000, to: T0 + 9001, idx: [9] },
        { title: 'ending on a sample excludes it', from: T0, to: T0 + 1000, idx: [0] },
        { title: 'between samples', from: T0 + 2500, to: T0 + 3000, idx: [] },
        { title: 'before the data', from: T0 - HOUR, to: T0, idx: [] },
        { title: 'empty range', from: T0 + 5000, to: T0 + 5000, idx: [] },
      ];
      it.each(cases)('$title', async ({ from, to, idx }) => {
        // Written newest first: the store returns samples in time order whatever the write order.
        await store.write(batch([s], [...rows].reverse()));
        const res = await store.query({ series: [s], from, to, windowMs: 0, agg: 'mean' });
        expect(res.source).toBe('raw');
        expect(pairs(res, s.id)).toEqual(idx.map((i) => [T0 + i * 1000, values[i]]));
      });
    });

    describe('windowed aggregation (empty buckets omitted)', () => {
      const T0 = hourStart(3);
      const s = def(1, 'energy', { ...place, building: 'b1', meter: 'm1', category: 'residential' }, 'load_kw');
      // offset ms → value
      const data: [number, number][] = [
        [0, 4], [400, 8], [999, 6], // second 0: n 3, sum 18
        [1000, -2], // second 1
        [2500, 10], [2999, 5], // second 2: sum 15
        [60_500, 1], [61_200, 3], // minute 1: seconds 60 and 61
        [125_000, 7], // minute 2, second 125
      ];
      // Hand-computed: [bucket offset, value]; nothing in seconds 3..59 or 62..124.
      const expected: Record<number, Record<Aggregate, [number, number][]>> = {
        1000: {
          mean: [[0, 6], [1000, -2], [2000, 7.5], [60_000, 1], [61_000, 3], [125_000, 7]],
          min: [[0, 4], [1000, -2], [2000, 5], [60_000, 1], [61_000, 3], [125_000, 7]],
          max: [[0, 8], [1000, -2], [2000, 10], [60_000, 1], [61_000, 3], [125_000, 7]],
          last: [[0, 6], [1000, -2], [2000, 5], [60_000, 1], [61_000, 3], [125_000, 7]],
          sum: [[0, 18], [1000, -2], [2000, 15], [60_000, 1], [61_000, 3], [125_000, 7]],
        },
        [MINUTE]: {
          mean: [[0, 31 / 6], [60_000, 2], [120_000, 7]],
          min: [[0, -2], [60_000, 1], [120_000, 7]],
          max: [[0, 10], [60_000, 3], [120_000, 7]],
          last: [[0, 5], [60_000, 3], [120_000, 7]],
          sum: [[0, 31], [60_000, 4], [120_000, 7]],
        },
      };
      const cases = [1000, MINUTE].flatMap((windowMs) =>
        (['mean', 'min', 'max', 'last', 'sum'] as const).map((agg) => ({ windowMs, agg, label: windowMs === 1000 ? '1 s' : '1 min' })));
      it.each(cases)('$agg over $label windows', async ({ windowMs, agg }) => {
        await store.write(batch([s], data.map(([dt, v]) => [s, T0 + dt, v])));
        const res = await store.query({ series: [s], from: T0, to: T0 + 10 * MINUTE, windowMs, agg });
        expectBuckets(pairs(res, s.id), expected[windowMs][agg].map(([dt, v]) => [T0 + dt, v]));
      });

      it('a range that starts inside a bucket only aggregates the samples in range', async () => {
        await store.write(batch([s], data.map(([dt, v]) => [s, T0 + dt, v])));
        const res = await store.query({ series: [s], from: T0 + 400, to: T0 + 2999, windowMs: 1000, agg: 'sum' });
        expectBuckets(pairs(res, s.id), [[T0, 14], [T0 + 1000, -2], [T0 + 2000, 10]]);
      });
    });

    describe('field types', () => {
      const T0 = hourStart(2);
      const occupied = def(1, 'parking', { ...place, lot: 'L1', kind: 'underground' }, 'occupied', 'integer');
      const capacity = def(2, 'parking', { ...place, lot: 'L1', kind: 'underground' }, 'capacity', 'integer');
      const space = def(3, 'parking_space', { ...place, lot: 'L1', space: 'A-001' }, 'occupied', 'boolean');
      const status = def(4, 'pipe', { ...place, network: 'gas', sensor: 'g1' }, 'status', 'string');
      const pressure = def(5, 'pipe', { ...place, network: 'gas', sensor: 'g1' }, 'pressure_kpa', 'float');
      const all = [occupied, capacity, space, status, pressure];

      it('integers keep their exact value', async () => {
        const ints = [0, 1, -7, 120, 2 ** 40, -(2 ** 31)];
        await store.write(batch(all, ints.map((v, i) => [occupied, T0 + i * 1000, v])));
        const res = await store.query({ series: [occupied], from: T0, to: T0 + MINUTE, windowMs: 0, agg: 'mean' });
        expect(pairs(res, occupied.id)).toEqual(ints.map((v, i) => [T0 + i * 1000, v]));
        const mean = await store.query({ series: [occupied], from: T0, to: T0 + MINUTE, windowMs: MINUTE, agg: 'mean' });
        expectBuckets(pairs(mean, occupied.id), [[T0, ints.reduce((a, b) => a + b, 0) / ints.length]]);
      });

      it('booleans read back as 0/1 and average to the share of true', async () => {
        const bools = [1, 0, 1, 1];
        await store.write(batch(all, bools.map((v, i) => [space, T0 + i * 1000, v])));
        const res = await store.query({ series: [space], from: T0, to: T0 + MINUTE, windowMs: 0, agg: 'mean' });
        expect(pairs(res, space.id)).toEqual(bools.map((v, i) => [T0 + i * 1000, v]));
        const mean = await store.query({ series: [space], from: T0, to: T0 + MINUTE, windowMs: MINUTE, agg: 'mean' });
        expectBuckets(pairs(mean, space.id), [[T0, 0.75]]);
        expect(await store.latest([space])).toEqual([{ id: space.id, t: T0 + 3000, v: 1 }]);
      });

      it('strings are returned by latest() with their exact text', async () => {
        const texts = ['normal', 'warning', 'leak at "B2", valve\\3\n第二行 <b>x</b>'];
        await store.write(batch(all, texts.map((v, i) => [status, T0 + i * 1000, v])));
        expect(await store.latest([status])).toEqual([{ id: status.id, t: T0 + 2000, v: texts[2] }]);
      });

      it('fields of one series and time written together are all kept', async () => {
        await store.write(batch(all, [
          [occupied, T0, 42], [capacity, T0, 300], [pressure, T0, 101.3], [status, T0, 'normal'],
          [occupied, T0 + 1000, 43], [capacity, T0 + 1000, 300],
        ]));
        const latest = await store.latest(all);
        expect(latest).toEqual(expect.arrayContaining([
          { id: occupied.id, t: T0 + 1000, v: 43 },
          { id: capacity.id, t: T0 + 1000, v: 300 },
          { id: pressure.id, t: T0, v: 101.3 },
          { id: status.id, t: T0, v: 'normal' },
        ]));
        expect(latest).toHaveLength(4);
      });
    });

    describe('latest values', () => {
      it('gives the newest sample of each series by time, and nothing for series without data', async () => {
        const T0 = hourStart(2);
        const a = def(1, 'env', { ...place, walkway: 'w1', sensor: 'a' }, 'noise_db');
        const b = def(2, 'env', { ...place, walkway: 'w1', sensor: 'b' }, 'noise_db');
        const empty = def(3, 'env', { ...place, walkway: 'w1', sensor: 'never' }, 'noise_db');
        await store.write(batch([a, b, empty], [[a, T0 + 5000, 55], [a, T0 + 9000, 61], [a, T0 + 1000, 40], [b, T0, 33]]));
        await store.write(batch([], [[b, T0 + 500, 34]]));
        const latest = await store.latest([a, b, empty]);
        expect(latest).toEqual(expect.arrayContaining([{ id: a.id, t: T0 + 9000, v: 61 }, { id: b.id, t: T0 + 500, v: 34 }]));
        expect(latest).toHaveLength(2);
        expect(await store.latest([])).toEqual([]);
      });

      it('a sample written again at the same time replaces the old value', async () => {
        const T0 = hourStart(2);
        const a = def(1, 'env', { ...place, walkway: 'w1', sensor: 'a' }, 'noise_db');
        await store.write(batch([a], [[a, T0, 50], [a, T0 + 1000, 51]]));
        await store.write(batch([], [[a, T0 + 1000, 52]]));
        const res = await store.query({ series: [a], from: T0, to: T0 + MINUTE, windowMs: 0, agg: 'mean' });
        expect(pairs(res, a.id)).toEqual([[T0, 50], [T0 + 1000, 52]]);
      });
    });

    describe('series that share a measurement are not mixed', () => {
      const T0 = hourStart(2);
      const base = { ...place, building: 'b1', category: 'residential' };
      const m1 = def(1, 'energy', { ...base, meter: 'm1' }, 'load_kw');
      const m10 = def(2, 'energy', { ...base, meter: 'm10' }, 'load_kw'); // key has m1's key as a prefix
      const m1extra = def(3, 'energy', { ...base, meter: 'm1', phase: 'L2' }, 'load_kw'); // m1's tags and one more
      const other = def(4, 'energy', { ...base, meter: 'm1', category: 'commercial' }, 'load_kw'); // one tag differs
      const pv = def(5, 'energy', { ...base, meter: 'm1' }, 'pv_kw'); // same series, other field
      const all = [m1, m10, m1extra, other, pv];
      const write = (): Promise<void> => store.write(batch(all, all.flatMap((s) => [
        [s, T0, s.id * 10] as Row, [s, T0 + 1000, s.id * 10 + 1] as Row,
      ])));

      it.each(all.map((s) => ({ s, label: `${s.key} ${s.field}` })))('raw, windowed and latest of $label', async ({ s }) => {
        await write();
        const raw = await store.query({ series: all, from: T0, to: T0 + MINUTE, windowMs: 0, agg: 'mean' });
        expect(pairs(raw, s.id)).toEqual([[T0, s.id * 10], [T0 + 1000, s.id * 10 + 1]]);
        const win = await store.query({ series: [s], from: T0, to: T0 + MINUTE, windowMs: MINUTE, agg: 'sum' });
        expectBuckets(pairs(win, s.id), [[T0, s.id * 20 + 1]]);
        expect(await store.latest([s])).toEqual([{ id: s.id, t: T0 + 1000, v: s.id * 10 + 1 }]);
      });
    });

    describe('hostile tag values and measurement names', () => {
      const T0 = hourStart(2);
      const victim = def(1, 'env', { ...place, walkway: 'w1', sensor: 's1' }, 'pm25_ugm3');
      const hostile = [
        ...HOSTILE_TAG_VALUES.map((x, i) => def(2 + i, 'env', { ...place, walkway: 'w1', sensor: x }, 'pm25_ugm3')),
        ...HOSTILE_NAMES.map((x, i) => def(2 + HOSTILE_TAG_VALUES.length + i, x, { ...place, sensor: 's1' }, 'pm25_ugm3')),
      ];
      const all = [victim, ...hostile];
      const write = (): Promise<void> => store.write(batch(all, all.map((s) => [s, T0 + s.id, s.id])));

      it.each(hostile.map((s) => ({ s, label: JSON.stringify([s.measurement, s.tags.sensor]) })))('round-trip exactly: $label', async ({ s }) => {
        await write();
        const res = await store.query({ series: [s], from: T0, to: T0 + MINUTE, windowMs: 0, agg: 'mean' });
        expect(pairs(res, s.id)).toEqual([[T0 + s.id, s.id]]);
        const win = await store.query({ series: [s], from: T0, to: T0 + MINUTE, windowMs: MINUTE, agg: 'max' });
        expect(pairs(win, s.id)).toEqual([[T0, s.id]]);
        expect(await store.latest([s])).toEqual([{ id: s.id, t: T0 + s.id, v: s.id }]);
      });

      it('do not leak into other series, and the store still works afterwards', async () => {
        await write();
        const res = await store.query({ series: all, from: T0, to: T0 + MINUTE, windowMs: 0, agg: 'mean' });
        for (const s of all) expect(pairs(res, s.id), s.key).toEqual([[T0 + s.id, s.id]]);
        const latest = await store.latest(all);
        expect(latest).toHaveLength(all.length);
        await store.write(batch([], [[victim, T0 + 5000, 99]]));
        expect(await store.latest([victim])).toEqual([{ id: victim.id, t: T0 + 5000, v: 99 }]);
      });
    });

    describe('reopen', () => {
      it('open() returns the series written before, and their data is still there', async (ctx) => {
        if (!h.reopen) ctx.skip();
        const T0 = hourStart(2);
        const series = [
          def(1, 'energy', { ...place, building: 'b1', meter: 'm1', category: 'residential' }, 'load_kw', 'float'),
          def(2, 'parking', { ...place, lot: 'L1', kind: 'surface' }, 'occupied', 'integer'),
          def(3, 'parking_space', { ...place, lot: 'L1', space: 'A-1' }, 'occupied', 'boolean'),
          def(4, 'pipe', { ...place, network: 'water_supply', sensor: 'p1' }, 'status', 'string'),
          def(5, 'pipe', { ...place, network: 'water_supply', sensor: 'p1' }, 'pressure_kpa', 'float'),
          def(6, '一号楼', { ...place, sensor: `x' OR 1=1; DROP DATABASE "db` }, 'value', 'float'),
        ];
        const rows: Row[] = [
          [series[0], T0, 12.5], [series[1], T0, 17], [series[2], T0, 1], [series[3], T0, 'warning'],
          [series[4], T0, 300.25], [series[5], T0, -1],
        ];
        await store.write(batch(series, rows));
        await store.close();
        store = await h.reopen!();
        const back = await store.open();
        expect(back.map(identity).sort()).toEqual(series.map(identity).sort());
        for (const b of back) expect(b.key).toBe(seriesKey(b.measurement, b.tags));
        expect(new Set(back.map((b) => b.id)).size).toBe(back.length);

        // The reopened store may number series differently: look them up by identity.
        const byIdentity = new Map(back.map((b) => [identity(b), b]));
        const again = series.map((s) => byIdentity.get(identity(s))!);
        const latest = await store.latest(again);
        expect(latest).toEqual(expect.arrayContaining(again.map((b, i) => ({ id: b.id, t: T0, v: rows[i][2] }))));
        const numeric = again.filter((b) => b.type !== 'string');
        const res = await store.query({ series: numeric, from: T0, to: T0 + MINUTE, windowMs: 0, agg: 'mean' });
        numeric.forEach((b) => expect(pairs(res, b.id)).toEqual([[T0, rows[again.indexOf(b)][2]]]));

        // Writing after reopen, with the reopened numbering, adds to the same series.
        await store.write(batch([], [[again[0], T0 + 1000, 13.5]]));
        const after = await store.query({ series: [again[0]], from: T0, to: T0 + MINUTE, windowMs: MINUTE, agg: 'mean' });
        expectBuckets(pairs(after, again[0].id), [[T0, 13]]);
      });
    });

    describe('a month of 1-minute data', () => {
      it('1 h and 1 day windows give the right means, maxima and sums', { timeout: 120_000 }, async () => {
        const start = hourStart(24 * 31);
        const minutes = 30 * 24 * 60;
        const series = [1, 2, 3].map((i) => def(i, 'env', { ...place, walkway: 'w1', sensor: `m${i}` }, 'temperature_c'));
        // Value of series i in minute m: 100·i + (minute of the hour) + (hour of the day).
        const value = (i: number, m: number): number => 100 * i + (m % 60) + (Math.floor(m / 60) % 24);
        const chunk = 20_000;
        for (let first = 0; first < minutes; first += chunk) {
          const rows: Row[] = [];
          for (let m = first; m < Math.min(minutes, first + chunk); m++) {
            for (const s of series) rows.push([s, start + m * MINUTE, value(s.id, m)]);
          }
          await store.write(batch(first === 0 ? series : [], rows));
        }
        const end = start + minutes * MINUTE;

        const hourly = await store.query({ series, from: start, to: end, windowMs: HOUR, agg: 'mean' });
        for (const s of series) {
          const got = pairs(hourly, s.id);
          expect(got).toHaveLength(30 * 24);
          // Mean of minute-of-hour 0..59 is 29.5.
          expectBuckets(got, got.map((_, k) => [start + k * HOUR, 100 * s.id + 29.5 + (k % 24)]));
        }

        const daily = await store.query({ series, from: start, to: end, windowMs: DAY, agg: 'max' });
        const dayStart = start - (start % DAY);
        for (const s of series) {
          const got = pairs(daily, s.id);
          // Buckets are aligned to the epoch (UTC days); the month starts mid-day, so 31 buckets.
          expect(got[0][0]).toBe(dayStart);
          const maxOf = (t0: number): number => {
            let max = -Infinity;
            for (let t = Math.max(t0, start); t < Math.min(t0 + DAY, end); t += MINUTE) max = Math.max(max, value(s.id, (t - start) / MINUTE));
            return max;
          };
          expectBuckets(got, got.map(([t]) => [t, maxOf(t)]));
          expect(got.length).toBe(Math.ceil((end - dayStart) / DAY));
        }

        const sum = await store.query({ series: [series[0]], from: start, to: start + 2 * HOUR, windowMs: HOUR, agg: 'sum' });
        // Hour 0: Σ(100 + m) for m 0..59 = 6000 + 1770; hour 1: each value 1 higher.
        expectBuckets(pairs(sum, 1), [[start, 7770], [start + HOUR, 7830]]);
      });
    });
  });
}
