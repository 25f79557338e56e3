import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const HOUR = 3_600_000;
const base = Math.floor((Date.now() - 3 * 86_400_000) / HOUR) * HOUR;

beforeAll(async () => {
  app = await startTestApp();
  // Three days of one sample a minute for one building: load = hour of the day (0..23) kW.
  const lines: string[] = [];
  for (let m = 0; m < 3 * 1440; m++) {
    const t = base + m * 60_000;
    lines.push(`energy,community=c-a,neighbourhood=n-a1,building=q1,meter=m-q1,category=residential load_kw=${new Date(t).getUTCHours()} ${t}`);
  }
  for (let i = 0; i < lines.length; i += 2000) expect((await app.write(lines.slice(i, i + 2000).join('\n'), 'precision=ms')).status).toBe(204);
  await app.writer.flush();
});
afterAll(async () => { await app?.stop(); });

const q = (params: string) => app.get(`/api/query?measurement=energy&field=load_kw&tag.building=q1&${params}`);

describe('GET /api/query', () => {
  it('aggregates by window with the requested function', async () => {
    // Each hour holds 60 samples equal to its UTC hour.
    const hours = [0, 1, 2].map((i) => (new Date(base).getUTCHours() + i) % 24);
    const expected: Record<string, number[]> = {
      mean: hours, min: hours, max: hours, last: hours, sum: hours.map((h) => h * 60),
    };
    for (const [agg, values] of Object.entries(expected)) {
      const r = await q(`from=${base}&to=${base + 3 * HOUR}&window=1h&agg=${agg}`);
      expect(r.status, agg).toBe(200);
      expect(r.body.series[0].v, agg).toEqual(values);
      expect(r.body.source).toBe('1h');
      expect(r.body.series[0].t).toEqual([base, base + HOUR, base + 2 * HOUR]);
    }
  });

  it('reads the rollups for whole-minute windows and raw samples for finer ones', async () => {
    const m = await q(`from=${base}&to=${base + HOUR}&window=5m`);
    expect(m.body.source).toBe('1m');
    expect(m.body.series[0].t).toHaveLength(12);
    const raw = await q(`from=${base}&to=${base + 10 * 60_000}&window=raw`);
    expect(raw.body.source).toBe('raw');
    expect(raw.body.series[0].t).toHaveLength(10);
  });

  it('widens a window too fine for maxPoints, and says so', async () => {
    const r = await q(`from=${base}&to=${base + 3 * 86_400_000}&window=1m&maxPoints=100`);
    expect(r.status).toBe(200);
    expect(r.body.windowMs).toBe(3_600_000);
    expect(r.body.series[0].t.length).toBeLessThanOrEqual(100);
    const auto = await q(`from=${base}&to=${base + 3 * 86_400_000}`);
    expect(auto.body.series[0].t.length).toBeLessThanOrEqual(1000);
    expect(auto.body.series[0].t.length).toBeGreaterThan(200);
  });

  it('cuts raw results to maxPoints, newest kept, and flags it', async () => {
    const r = await q(`from=${base}&to=${base + 3 * 86_400_000}&window=raw&maxPoints=50`);
    expect(r.body.truncated).toBe(true);
    expect(r.body.series[0].t).toHaveLength(50);
    expect(r.body.series[0].t.at(-1)).toBe(base + (3 * 1440 - 1) * 60_000);
  });

  it.each([
    ['agg=median', 400, 'query: agg "median" is not one of mean, min, max, last, sum'],
    ['window=fortnight', 400, 'query: window "fortnight" is not a duration like 30s, 5m, 1h, 1d or "raw"'],
    ['from=yesterday', 400, 'query: from "yesterday" is not epoch ms, an ISO 8601 time or now-<duration>'],
    ['from=now&to=now-1h', 400, /^query: "from" \(.*\) must be before "to"/],
    ['maxPoints=0', 400, 'query: maxPoints must be an integer from 1 to 10000'],
    ['maxPoints=1e9', 400, 'query: maxPoints must be an integer from 1 to 10000'],
  ])('refuses %s with %i', async (params, status, error) => {
    const r = await q(params);
    expect(r.status).toBe(status);
    if (typeof error === 'string') expect(r.body.error).toBe(error);
    else expect(r.body.error).toMatch(error);
  });

  it.each([
    ["tag.building=q1' OR '1'='1", `query: no series match measurement "energy", field "load_kw", building="q1' OR '1'='1"`],
    ['tag.building=<script>alert(1)</script>', 'query: no series match measurement "energy", field "load_kw", building="<script>alert(1)</script>"'],
  ])('answers 404 for unknown or hostile ids: %s', async (params, error) => {
    const r = await app.get(`/api/query?measurement=energy&field=load_kw&${params.split('=')[0]}=${encodeURIComponent(params.slice(params.indexOf('=') + 1))}`);
    expect(r.status).toBe(404);
    expect(r.body.error).toBe(error);
    expect(r.body.error).not.toContain('&lt;');
  });

  it.each(['__proto__', 'constructor', 'toString'])('a tag parameter named %s selects by that tag, so it matches no series here', async (key) => {
    const r = await app.get(`/api/series?measurement=energy&tag.${key}=x`);
    expect(r.status).toBe(200);
    expect(r.body.series ?? r.body).toEqual([]);
  });

  it('answers JSON 404 for an unknown endpoint', async () => {
    const r = await app.get('/api/nope');
    expect(r.status).toBe(404);
    expect(r.body.error).toMatch(/^api: no such endpoint/);
  });
});

describe('GET /api/health and /api/hierarchy', () => {
  it('reports the store kind and that it is reachable', async () => {
    const r = await app.get('/api/health');
    expect(r.body).toMatchObject({ status: 'ok', store: 'sqlite', reachable: true, spooledPoints: 0 });
  });
  it('lists the five levels', async () => {
    const r = await app.get('/api/hierarchy');
    expect(new Set(r.body.nodes.map((n: { level: string }) => n.level))).toEqual(new Set(['city', 'district', 'street', 'community', 'neighbourhood']));
  });
});
