import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ env: { MAX_BODY_BYTES: String(256 * 1024) } }); });
afterAll(async () => { await app?.stop(); });

const now = () => Date.now();
const E = 'energy,community=c-a,neighbourhood=n-a1,building=b-1,meter=m-1,category=residential';

async function latest(q: string) {
  const r = await app.get(`/api/latest?${q}`);
  return r.body.series as { tags: Record<string, string>; field: string; t: number; v: number | string }[];
}

describe('POST /write: bad line protocol is refused with the line number and the reason', () => {
  const cases: { name: string; body: () => string; query?: string; error: RegExp }[] = [
    { name: 'missing fields', body: () => 'energy,community=c-a,neighbourhood=n-a1', error: /^line 1: unable to parse 'energy,community=c-a,neighbourhood=n-a1': missing fields$/ },
    { name: 'missing field value', body: () => `${E} load_kw=`, error: /^line 1: .*missing value of field "load_kw"/ },
    { name: 'bad escape leaves a field without "="', body: () => `${E} load\\=kw 5`, error: /^line 1: .*invalid field format/ },
    { name: 'tag without value', body: () => 'energy,community=c-a,neighbourhood load_kw=1', error: /^line 1: .*missing tag value/ },
    { name: 'unbalanced quotes', body: () => `${E} note="open`, error: /^line 1: .*unbalanced quotes in the value of field "note"/ },
    { name: 'not a number', body: () => `${E} load_kw=abc`, error: /^line 1: .*invalid value of field "load_kw": abc is not a number/ },
    { name: 'NaN', body: () => `${E} load_kw=NaN`, error: /^line 1: .*invalid value of field "load_kw": NaN/ },
    { name: 'infinity', body: () => `${E} load_kw=1e999`, error: /^line 1: .*value of field "load_kw" is out of range/ },
    { name: 'bad timestamp', body: () => `${E} load_kw=1 12ab`, error: /^line 1: .*bad timestamp "12ab"/ },
    { name: 'huge line', body: () => `${E} note="${'x'.repeat(70_000)}"`, error: /^line 1: line is \d+ characters long, over the limit of 65536$/ },
    { name: 'type conflict with the measurement definition', body: () => `${E} load_kw=5i`, error: /^line 1: field type conflict: input field "load_kw" on measurement "energy" is type integer, already exists as type float$/ },
    { name: 'family measurement without community', body: () => 'energy,building=b-1 load_kw=1', error: /^line 1: measurement "energy" needs the tag "community"$/ },
    { name: 'future timestamp', body: () => `${E} load_kw=1 ${now() + 3_600_000}`, query: 'precision=ms', error: /^line 1: timestamp .* is more than 600 s ahead of the server clock/ },
    { name: 'wrong precision makes ms look like far future', body: () => `${E} load_kw=1 ${now()}`, query: 'precision=s', error: /bad timestamp .*out of range.*\(check the precision parameter\)/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await app.write(c.body(), c.query);
      expect(r.status).toBe(400);
      expect(r.error).toMatch(c.error);
    });
  }

  it('refuses a body over the limit with 413 and stores nothing of it', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${E.replace('b-1', 'big')} load_kw=${i} ${now() - i}`).join('\n');
    const r = await app.write(lines, 'precision=ms');
    expect(r.status).toBe(413);
    expect(r.error).toMatch(/larger than the limit of 262144 bytes/);
    const r2 = await app.get('/api/latest?measurement=energy&tag.building=big');
    expect(r2.status).toBe(404);
    expect(r2.body.error).toBe('query: no series match measurement "energy", building="big"');
  });
});

describe('POST /write: good input', () => {
  it('writes every good line of a partly bad batch and names the bad ones, as InfluxDB does', async () => {
    const t = now() - 1000;
    const body = [
      `${E.replace('b-1', 'p1')} load_kw=10 ${t}`,
      `${E.replace('b-1', 'p2')} load_kw=oops ${t}`,
      '',
      '# a comment line',
      `${E.replace('b-1', 'p3')} load_kw=30 ${t}`,
      `energy,community=c-a load_kw=1 ${t}`,
    ].join('\n');
    const r = await app.write(body, 'precision=ms');
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/^partial write: 2 points written, 2 lines rejected: line 2: .*"load_kw": oops.*\nline 6: measurement "energy" needs the tag "neighbourhood"$/s);
    const got = await latest('measurement=energy&field=load_kw&community=c-a');
    const byBuilding = Object.fromEntries(got.map((s) => [s.tags.building, s.v]));
    expect(byBuilding.p1).toBe(10);
    expect(byBuilding.p3).toBe(30);
    expect(byBuilding.p2).toBeUndefined();
  });

  it('answers 204 and stores values with every precision', async () => {
    const base = Math.floor(now() / 1000) * 1000 - 60_000;
    const cases: [string, string][] = [
      ['ns', `${base}000000`], ['u', `${base + 1}000`], ['ms', String(base + 2)], ['s', String(base / 1000 + 3)],
    ];
    for (const [p, ts] of cases) {
      const r = await app.write(`env,community=c-a,neighbourhood=n-a2,walkway=w-${p},sensor=s-${p} temperature_c=21.5 ${ts}`, `precision=${p}`);
      expect(r.status, p).toBe(204);
    }
    const got = await latest('measurement=env&field=temperature_c&neighbourhood=n-a2');
    const byWalkway = Object.fromEntries(got.map((s) => [s.tags.walkway, s.t]));
    expect(byWalkway).toEqual({ 'w-ns': base, 'w-u': base + 1, 'w-ms': base + 2, 'w-s': base + 3000 });
  });

  it('keeps escaped and Chinese tag values, strings with quotes and HTML intact', async () => {
    const body = `pipe,community=c-a,neighbourhood=n-a1,network=water_supply,sensor=一号\\ 阀门\\,东\\=1 status="<script>alert(\\"x\\")</script>",pressure_kpa=301.5 ${now()}`;
    expect((await app.write(body, 'precision=ms')).status).toBe(204);
    const got = await latest('measurement=pipe&tag.sensor=' + encodeURIComponent('一号 阀门,东=1'));
    const status = got.find((s) => s.field === 'status');
    expect(status?.v).toBe('<script>alert("x")</script>');
    expect(got.find((s) => s.field === 'pressure_kpa')?.v).toBe(301.5);
  });

  it('accepts gzip bodies (Telegraf content_encoding = "gzip")', async () => {
    const body = gzipSync(`${E.replace('b-1', 'gz')} load_kw=7 ${now()}`);
    const r = await app.write(body, 'precision=ms', { 'Content-Encoding': 'gzip' });
    expect(r.status).toBe(204);
    expect((await latest('measurement=energy&tag.building=gz'))[0]?.v).toBe(7);
  });

  it('answers /ping and CREATE DATABASE like InfluxDB so gateways start unchanged', async () => {
    const ping = await app.fetch(`/ping`);
    expect(ping.status).toBe(204);
    expect(ping.headers.get('x-influxdb-version')).toBeTruthy();
    const q = await app.fetch(`/query?q=${encodeURIComponent('CREATE DATABASE "telegraf"')}`, { method: 'POST' });
    expect(q.status).toBe(200);
  });
});
