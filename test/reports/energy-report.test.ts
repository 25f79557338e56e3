/**
 * The monthly energy and carbon report's figures on both stores (embedded and a real InfluxDB)
 * through the store interface: known meter points written through /write give the community's
 * month total, per day and per neighbourhood; the roll-up history the server records gives a
 * street's total; a point older than the raw retention is read from the 1-hour rollups (embedded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { InfluxStore } from '../../server/store/influx/influx-store.ts';
import type { TimeSeriesStore } from '../../server/store/types.ts';
import { CHINA_OFFSET_MS, DAY_MS, HOUR_MS, chinaDayStart } from '../../streams/china-time.ts';
import { GAS_EMISSION_FACTOR_KG_PER_M3, GRID_EMISSION_FACTOR_KG_PER_KWH } from '../../streams/emission-factors.ts';
import type { Report } from '../../streams/reports.ts';

// Ten hours from 10:00 China time two days ago: one China day, before now, inside raw retention.
const base = chinaDayStart(Date.now()) - 2 * DAY_MS + 10 * HOUR_MS;
const month = new Date(base + CHINA_OFFSET_MS).toISOString().slice(0, 7);
const HOURS = 10;
const section = (r: Report, id: string) => r.sections.find((s) => s.id === id)!;
/**
 * Raw samples kept 3 days: the month's start lies beyond them (on most days of a month), so the
 * report reads the month in two parts, and InfluxDB, whose 1-hour rollups hold nothing of points
 * written late, must answer the recent part from raw.
 */
const RAW_DAYS = 3;

for (const kind of ['sqlite', 'influxdb'] as const) {
  describe(`the energy report (${kind} store)`, () => {
    let app: TestApp;
    let influxd: InfluxdHandle | undefined;

    beforeAll(async () => {
      let store: TimeSeriesStore | undefined;
      if (kind === 'influxdb') {
        influxd = await startInfluxd();
        store = new InfluxStore({ url: influxd.url, database: 'reports_test', retention: { rawMs: RAW_DAYS * DAY_MS, minuteMs: 90 * DAY_MS, hourMs: 5 * 365 * DAY_MS } });
      }
      app = await startTestApp({ env: { RETENTION_RAW_DAYS: String(RAW_DAYS) }, ...(store ? { store } : {}) });
      // The test records the roll-up history itself, at the hours it wrote.
      app.history.hold();
      for (let i = 0; i < HOURS; i++) {
        const t = base + i * HOUR_MS;
        const res = await app.write([
          // b-1: 80 kW, 25 kW of PV, 10 kW charging; b-2: 40 kW; gas 3 m³/h; c-b: 15 kW.
          `energy,community=c-a,neighbourhood=n-a1,building=b-1,meter=m-b-1,category=residential load_kw=80,pv_kw=25,ev_kw=10 ${t}`,
          `energy,community=c-a,neighbourhood=n-a2,building=b-2,meter=m-b-2,category=public_service load_kw=40 ${t}`,
          `utility_meter,community=c-a,neighbourhood=n-a2,building=b-2,meter=g-b-2,utility=gas gas_m3h=3 ${t}`,
          `energy,community=c-b,neighbourhood=n-b1,building=b-9,meter=m-b-9,category=commercial load_kw=15 ${t}`,
        ].join('\n'), 'precision=ms');
        expect(res.status, res.error).toBe(204);
        await app.history.record(t);
      }
      await app.writer.flush();
    }, 60_000);
    afterAll(async () => {
      await app?.stop();
      await influxd?.dispose();
    });

    const report = async (node: string): Promise<Report> => {
      const res = await app.get(`/api/reports/energy?node=${node}&month=${month}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as Report;
    };

    it('a community: the month total, its day and its neighbourhoods from the meters', async () => {
      const r = await report('c-a');
      const total = section(r, 'days').totals!;
      expect(total.loadKwh).toBeCloseTo(120 * HOURS, 6);
      expect(total.pvKwh).toBeCloseTo(25 * HOURS, 6);
      expect(total.gridKwh).toBeCloseTo(95 * HOURS, 6);
      expect(total.evKwh).toBeCloseTo(10 * HOURS, 6);
      expect(total.gasM3).toBeCloseTo(3 * HOURS, 6);
      expect(total.carbonKg).toBeCloseTo(95 * HOURS * GRID_EMISSION_FACTOR_KG_PER_KWH + 3 * HOURS * GAS_EMISSION_FACTOR_KG_PER_M3, 6);
      const days = section(r, 'days').rows.filter((d) => (d.loadKwh as number) > 0);
      expect(days.map((d) => d.date)).toEqual([new Date(base + CHINA_OFFSET_MS).toISOString().slice(0, 10)]);
      expect(section(r, 'children').rows.map((c) => [c.id, c.loadKwh, c.gasM3])).toEqual([['n-a1', 800, 0], ['n-a2', 400, 30]]);
    });

    it('a street: its total from the roll-up history, its communities from their meters', async () => {
      const r = await report('s-1');
      expect(section(r, 'days').totals!.loadKwh).toBeCloseTo(135 * HOURS, 6);
      expect(section(r, 'days').totals!.gasM3).toBeCloseTo(3 * HOURS, 6);
      expect(section(r, 'children').rows.map((c) => [c.id, c.loadKwh])).toEqual([['c-a', 120 * HOURS], ['c-b', 15 * HOURS]]);
    });

    it('a neighbourhood has no children section; a district sums its street', async () => {
      const n = await report('n-a2');
      expect(section(n, 'days').totals!.loadKwh).toBeCloseTo(400, 6);
      expect(n.sections.map((s) => s.id)).toEqual(['days', 'compare', 'factors']);
      const d = await report('d-yz');
      expect(section(d, 'children').rows.map((c) => [c.id, c.loadKwh])).toEqual([['s-1', 135 * HOURS]]);
    });
  });
}

describe('the energy report beyond the raw retention (embedded store)', () => {
  let app: TestApp;
  // The 3rd of the month before last, 10:00 China time: older than a 7-day raw retention.
  const now = new Date(Date.now() + CHINA_OFFSET_MS);
  const old = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 3, 10) - CHINA_OFFSET_MS;
  const oldMonth = new Date(old + CHINA_OFFSET_MS).toISOString().slice(0, 7);

  beforeAll(async () => {
    app = await startTestApp();
    const lines = [0, 1, 2].map((i) => `energy,community=c-a,neighbourhood=n-a1,building=b-1,meter=m-b-1,category=residential load_kw=60 ${old + i * HOUR_MS}`);
    expect((await app.write(lines.join('\n'), 'precision=ms')).status).toBe(204);
    await app.writer.flush();
  });
  afterAll(async () => { await app?.stop(); });

  it('reads the month from the 1-hour rollups, and the next month compares with it', async () => {
    const r = (await app.get(`/api/reports/energy?node=c-a&month=${oldMonth}`)).body as Report;
    expect(section(r, 'days').totals!.loadKwh).toBeCloseTo(180, 6);
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const compare = (await app.get(`/api/reports/energy?node=c-a&month=${next}`)).body as Report;
    expect(section(compare, 'compare').rows[0]).toMatchObject({ month: 0, previous: 180, change: -180, changeRatio: -1 });
  });
});
