/**
 * The roll-up history on a real server, with the embedded store and with a real influxd: the
 * figures the server records each minute read back per node from GET /api/summary/history, a
 * street's curve is the sum of its communities' bucket by bucket, yesterday lies on today's clock,
 * gateways cannot forge the history, and bad requests are answered with what is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { InfluxStore } from '../../server/store/influx/influx-store.ts';
import type { TimeSeriesStore } from '../../server/store/types.ts';
import { DAY_MS, chinaDayStart } from '../../streams/china-time.ts';

const MIN = 60_000;
const BUCKET = 5 * MIN;

interface DayCurve { t: number[]; v: number[] }
interface History { node: { id: string; level: string }; dayStart: number; windowMs: number; curves: Record<string, { today: DayCurve; yesterday: DayCurve }> }

const energy = (c: string, n: string, b: string, kw: number, pv: number, t: number) =>
  `energy,community=${c},neighbourhood=${n},building=${b},meter=m-${b},category=residential load_kw=${kw},pv_kw=${pv} ${t}`;

/**
 * Minutes to record, oldest first: three in a 5-minute bucket of yesterday (China day) and two in
 * one of today, all in the past. Values per building at each minute.
 */
function plan(now: number) {
  const dayStart = chinaDayStart(now);
  const yesterday = dayStart - DAY_MS + 10 * 3_600_000;
  // Today's bucket: the one before now's, or today's first when the day has just begun.
  const todayBucket = Math.max(dayStart, Math.floor((now - BUCKET) / BUCKET) * BUCKET);
  const todayMinutes = [todayBucket, todayBucket + MIN].filter((t) => t < now);
  return {
    dayStart, yesterdayBucket: yesterday, todayBucket,
    minutes: [yesterday, yesterday + MIN, yesterday + 2 * MIN, ...todayMinutes],
  };
}
/** Load of each building at minute i: b1 and b2 in c-a, b3 in c-b. */
const load = (i: number) => ({ b1: 10 + i, b2: 5, b3: 20 + 2 * i });

for (const kind of ['sqlite', 'influxdb'] as const) {
  describe(`GET /api/summary/history (${kind} store)`, () => {
    let app: TestApp;
    let influxd: InfluxdHandle | undefined;
    let p: ReturnType<typeof plan>;

    beforeAll(async () => {
      let store: TimeSeriesStore | undefined;
      if (kind === 'influxdb') {
        influxd = await startInfluxd();
        store = new InfluxStore({ url: influxd.url, database: 'history_test' });
      }
      app = await startTestApp(store ? { store } : {});
      // The test records the minutes itself; the server's own minute timer stays out of the way.
      app.history.hold();
      p = plan(Date.now());
      for (const [i, t] of p.minutes.entries()) {
        const kw = load(i);
        const res = await app.write([
          energy('c-a', 'n-a1', 'b1', kw.b1, 1, t), energy('c-a', 'n-a2', 'b2', kw.b2, 0, t), energy('c-b', 'n-b1', 'b3', kw.b3, 2, t),
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

    async function history(node: string, keys = 'energy.load_kw'): Promise<History> {
      const res = await app.get(`/api/summary/history?node=${node}&key=${keys}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as History;
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

    it('reads back each node\'s recorded figures, yesterday on today\'s clock in 5-minute means', async () => {
      const todayN = p.minutes.length - 3;
      const cA = (i: number) => load(i).b1 + load(i).b2;
      const cB = (i: number) => load(i).b3;
      const expectCurve = (h: History, per: (i: number) => number) => {
        const c = h.curves['energy.load_kw'];
        expect(c.yesterday.t).toEqual([p.yesterdayBucket + DAY_MS]);
        expect(c.yesterday.v[0]).toBeCloseTo(mean([0, 1, 2].map(per)), 9);
        expect(c.today.t).toEqual([p.todayBucket]);
        expect(c.today.v[0]).toBeCloseTo(mean(Array.from({ length: todayN }, (_, k) => per(3 + k))), 9);
      };
      const a = await history('c-a');
      expect(a.node).toMatchObject({ id: 'c-a', level: 'community' });
      expect(a.dayStart).toBe(p.dayStart);
      expect(a.windowMs).toBe(BUCKET);
      expectCurve(a, cA);
      expectCurve(await history('c-b'), cB);
      for (const node of ['s-1', 'd-yz', 'cq']) expectCurve(await history(node), (i) => cA(i) + cB(i));
    });

    it('gives a street the sum of its communities\' curves for a summed figure, bucket by bucket', async () => {
      const keys = 'energy.load_kw&key=energy.pv_kw';
      const [street, a, b] = await Promise.all([history('s-1', keys), history('c-a', keys), history('c-b', keys)]);
      for (const key of ['energy.load_kw', 'energy.pv_kw']) {
        for (const day of ['today', 'yesterday'] as const) {
          const s = street.curves[key][day];
          expect(s.t.length, `${key} ${day}`).toBeGreaterThan(0);
          expect(s.t).toEqual(a.curves[key][day].t);
          s.v.forEach((v, i) => expect(v).toBeCloseTo(a.curves[key][day].v[i] + b.curves[key][day].v[i], 9));
        }
      }
      expect(street.curves['energy.pv_kw'].today.v[0]).toBeCloseTo(3, 9);
    });

    it('answers one day when asked, and empty curves for a figure never recorded', async () => {
      const today = (await app.get('/api/summary/history?node=s-1&key=energy.load_kw&day=today')).body as History;
      expect(today.curves['energy.load_kw'].yesterday.t).toEqual([]);
      expect(today.curves['energy.load_kw'].today.t).toEqual([p.todayBucket]);
      const yesterday = (await app.get('/api/summary/history?node=s-1&key=energy.load_kw&day=yesterday')).body as History;
      expect(yesterday.curves['energy.load_kw'].today.t).toEqual([]);
      expect(yesterday.curves['energy.load_kw'].yesterday.t).toEqual([p.yesterdayBucket + DAY_MS]);
      const none = await history('s-1', 'parking.occupied');
      expect(none.curves['parking.occupied']).toEqual({ today: { t: [], v: [] }, yesterday: { t: [], v: [] } });
    });

    it('refuses node_rollup lines from gateways, naming the measurement', async () => {
      const res = await app.write(`node_rollup,node=s-1 energy.load_kw=1e9 ${Date.now()}`, 'precision=ms');
      expect(res.status).toBe(400);
      expect(res.error).toContain('measurement "node_rollup" is written by the server itself');
      const c = (await history('s-1')).curves['energy.load_kw'];
      expect(Math.max(...c.today.v)).toBeLessThan(1000);
    });
  });
}

describe('GET /api/summary/history: bad requests', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => { await app?.stop(); });

  it.each([
    ['no node', '?key=energy.load_kw', 400, 'name a hierarchy node'],
    ['node twice', '?node=c-a&node=c-b&key=energy.load_kw', 400, 'give node once'],
    ['unknown node', '?node=nowhere&key=energy.load_kw', 404, 'unknown node "nowhere"'],
    ['a neighbourhood', '?node=n-a1&key=energy.load_kw', 400, 'is a neighbourhood; roll-up history is kept for city, district, street and community nodes'],
    ['no key', '?node=s-1', 400, 'name a figure: key=<measurement>.<field>'],
    ['unknown family', '?node=s-1&key=node_rollup.energy', 400, '"node_rollup" is not a data family'],
    ['prototype family', '?node=s-1&key=toString.x', 400, '"toString" is not a data family'],
    ['unknown field', '?node=s-1&key=energy.nope', 400, 'the family "energy" has no field "nope"'],
    ['a field not rolled up', '?node=s-1&key=pipe.status', 400, 'is not rolled up over the tree'],
    ['too many keys', `?node=s-1&${Array.from({ length: 9 }, () => 'key=energy.load_kw').join('&')}`, 400, 'at most 8 per request'],
    ['bad day', '?node=s-1&key=energy.load_kw&day=tomorrow', 400, 'day must be one of both, today, yesterday, not "tomorrow"'],
  ])('%s: %i with what is wrong', async (_name, query, status, text) => {
    const res = await app.get(`/api/summary/history${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error).toContain(text);
  });

  it('keeps a street-scoped user to its street', async () => {
    const s = await app.userSession({ username: 'street-viewer', scopes: ['s-1'] });
    const res = await fetch(`${app.url}/api/summary/history?node=cq&key=energy.load_kw`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(403);
    const own = await fetch(`${app.url}/api/summary/history?node=s-1&key=energy.load_kw`, { headers: { cookie: s.cookie } });
    expect(own.status).toBe(200);
  });
});
