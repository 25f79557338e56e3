/**
 * GET /api/replay on a real server, with the embedded store and with a real influxd: a known past
 * hour comes back as the samples stored for it, in time order, with each series' descriptor and
 * the value it held just before the window; a street replays its recorded figures; a step
 * buckets samples; a sample budget pages the window without losing or repeating a sample; bad
 * windows, unknown nodes and nodes outside the caller's scope are refused with what is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startInfluxd, type InfluxdHandle } from '../support/influxd.ts';
import { InfluxStore } from '../../server/store/influx/influx-store.ts';
import type { TimeSeriesStore } from '../../server/store/types.ts';
import type { ReplayAnswer } from '../../server/api/replay-route.ts';

const MIN = 60_000;
/** The replayed hour starts on a whole hour, two hours back. */
const hourStart = (now: number) => Math.floor(now / 3_600_000) * 3_600_000 - 2 * 3_600_000;

const energy = (n: string, b: string, kw: number, t: number) =>
  `energy,community=c-a,neighbourhood=${n},building=${b},meter=m-${b},category=residential load_kw=${kw} ${t}`;

/**
 * Before the hour: b1 at 7 kW. In it: b1 every 10 minutes (100 + minute), b2 at minutes 5 and 35;
 * after it, a sample that must not be replayed. The roll-up history records minutes 10 and 11.
 */
async function seed(app: TestApp, t0: number): Promise<void> {
  app.history.hold();
  const lines = [energy('n-a1', 'b1', 7, t0 - 10 * MIN)];
  for (let m = 0; m < 60; m += 10) lines.push(energy('n-a1', 'b1', 100 + m, t0 + m * MIN));
  lines.push(energy('n-a2', 'b2', 55, t0 + 5 * MIN), energy('n-a2', 'b2', 65, t0 + 35 * MIN));
  lines.push(energy('n-a1', 'b1', 999, t0 + 61 * MIN));
  const res = await app.write(lines.join('\n'), 'precision=ms');
  expect(res.status, res.error).toBe(204);
  for (const t of [t0 + 10 * MIN, t0 + 11 * MIN]) await app.history.record(t);
  await app.writer.flush();
}

for (const kind of ['sqlite', 'influxdb'] as const) {
  describe(`GET /api/replay (${kind} store)`, () => {
    let app: TestApp;
    let influxd: InfluxdHandle | undefined;
    let t0: number;

    beforeAll(async () => {
      let store: TimeSeriesStore | undefined;
      if (kind === 'influxdb') {
        influxd = await startInfluxd();
        store = new InfluxStore({ url: influxd.url, database: 'replay_test' });
      }
      app = await startTestApp(store ? { store } : {});
      t0 = hourStart(Date.now());
      await seed(app, t0);
    }, 60_000);
    afterAll(async () => {
      await app?.stop();
      await influxd?.dispose();
    });

    async function replay(query: string): Promise<ReplayAnswer> {
      const res = await app.get(`/api/replay?${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as ReplayAnswer;
    }
    /** The answer's samples as "building@minute=value", in the order sent. */
    const rows = (a: ReplayAnswer, c = a.samples) => c.sid.map((sid, i) => {
      const d = a.schema.find((s) => s.id === sid)!;
      return `${d.tags.building}@${(c.t[i] - t0) / MIN}=${c.v[i]}`;
    });

    it('gives a community\'s stored hour in time order, with the value each series held before it', async () => {
      const a = await replay(`node=c-a&from=${t0}&to=${t0 + 60 * MIN}`);
      expect(a.node).toMatchObject({ id: 'c-a', level: 'community' });
      expect(a.stepMs).toBe(0);
      expect(rows(a)).toEqual(['b1@0=100', 'b2@5=55', 'b1@10=110', 'b1@20=120', 'b1@30=130', 'b2@35=65', 'b1@40=140', 'b1@50=150']);
      expect(a.next).toBeNull();
      const b1 = a.schema.find((s) => s.tags.building === 'b1')!;
      expect(b1).toMatchObject({ measurement: 'energy', field: 'load_kw', type: 'float' });
      expect(a.before.sid).toEqual([b1.id]);
      expect(a.before.v).toEqual([7]);
      expect(a.before.t[0]).toBeLessThan(t0);
      // The community's own recorded figures: its load as recorded at minutes 10 and 11.
      const key = Object.entries(a.figures.keys).find(([, k]) => k === 'energy.load_kw');
      expect(key, JSON.stringify(a.figures.keys)).toBeDefined();
      expect(a.figures.samples.t.map((t) => (t - t0) / MIN)).toEqual([10, 11]);
    });

    it('keeps a neighbourhood to its own series, and a street to its recorded figures', async () => {
      const n = await replay(`node=n-a2&from=${t0}&to=${t0 + 60 * MIN}`);
      expect(rows(n)).toEqual(['b2@5=55', 'b2@35=65']);
      expect(n.figures.samples.t).toEqual([]);
      const street = await replay(`node=s-1&from=${t0}&to=${t0 + 60 * MIN}`);
      expect(street.schema).toEqual([]);
      expect(street.samples.t).toEqual([]);
      const load = Number(Object.entries(street.figures.keys).find(([, k]) => k === 'energy.load_kw')![0]);
      const at = street.figures.samples.sid.flatMap((sid, i) => (sid === load ? [street.figures.samples.v[i]] : []));
      // Recorded after every write, so from the latest values then: b1 999 + b2 65 (c-b has none).
      expect(at).toHaveLength(2);
      expect(at[0]).toBeCloseTo(1064, 9);
    });

    it('starts a window inside an hour from the last value before it, not from the hour\'s roll-up', async () => {
      const a = await replay(`node=n-a1&from=${t0 + 25 * MIN}&to=${t0 + 60 * MIN}`);
      expect(a.before.v).toEqual([120]);
      expect(rows(a)).toEqual(['b1@30=130', 'b1@40=140', 'b1@50=150']);
    });

    it('buckets samples by step, keeping the last of each bucket', async () => {
      const a = await replay(`node=n-a1&from=${t0}&to=${t0 + 60 * MIN}&step=30m`);
      expect(a.stepMs).toBe(30 * MIN);
      expect(rows(a)).toEqual(['b1@0=120', 'b1@30=150']);
    });

    it('pages a window past the sample budget without losing or repeating a sample', async () => {
      const small = await startPagedApp();
      try {
        const seen: string[] = [];
        let from = t0;
        for (let page = 0; page < 10; page++) {
          const res = await small.app.get(`/api/replay?node=c-a&from=${from}&to=${t0 + 60 * MIN}${page > 0 ? '&before=0' : ''}`);
          expect(res.status).toBe(200);
          const a = res.body as ReplayAnswer;
          expect(a.samples.t.length).toBeLessThanOrEqual(3);
          seen.push(...rows(a));
          // Only the first page carries what stood before the window.
          if (page > 0) expect(a.before.sid).toEqual([]);
          if (a.next === null) break;
          from = a.next;
        }
        expect(seen).toEqual(['b1@0=100', 'b2@5=55', 'b1@10=110', 'b1@20=120', 'b1@30=130', 'b2@35=65', 'b1@40=140', 'b1@50=150']);
      } finally {
        await small.stop();
      }
    });

    it('refuses bad windows, unknown nodes and hostile ids, naming what is wrong', async () => {
      const bad = async (query: string, status: number, says: RegExp) => {
        const res = await app.get(`/api/replay?${query}`);
        expect(res.status, query).toBe(status);
        expect(res.body.error, query).toMatch(says);
      };
      await bad(`from=${t0}&to=${t0 + MIN}`, 400, /name the node/);
      await bad(`node=c-a&to=${t0}`, 400, /name the window/);
      await bad(`node=c-a&from=${t0 + MIN}&to=${t0}`, 400, /"from" .* must be before "to"/);
      await bad(`node=c-a&from=now-30d&to=now`, 400, /at most 168 h/);
      await bad(`node=c-a&from=${t0}&to=${t0 + MIN}&step=fast`, 400, /step "fast" is not a duration/);
      await bad(`node=c-a&from=yesterday&to=now`, 400, /from "yesterday" is not epoch ms/);
      await bad(`node=${encodeURIComponent('<script>x</script>')}&from=now-1h&to=now`, 404, /unknown node/);
      await bad(`node=${encodeURIComponent("c-a' OR 1=1 --")}&from=now-1h&to=now`, 404, /unknown node/);
    });

    it('refuses a node outside the caller\'s scope', async () => {
      const user = await app.userSession({ username: `replay-b-${kind}`, roles: ['centre_operator'], scopes: ['c-b'] });
      const res = await fetch(`${app.url}/api/replay?node=c-a&from=${t0}&to=${t0 + 60 * MIN}`, { headers: { cookie: user.cookie } });
      expect(res.status).toBe(403);
      const own = await fetch(`${app.url}/api/replay?node=c-b&from=${t0}&to=${t0 + 60 * MIN}`, { headers: { cookie: user.cookie } });
      expect(own.status).toBe(200);
    });

    /** The same data on a server whose replay answers hold at most 3 samples. */
    async function startPagedApp() {
      const db = kind === 'influxdb' ? `replay_paged_${Date.now()}` : undefined;
      const small = await startTestApp({ replay: { maxSamples: 3 }, ...(db ? { store: new InfluxStore({ url: influxd!.url, database: db }) } : {}) });
      await seed(small, t0);
      return { app: small, stop: () => small.stop() };
    }
  });
}
