/**
 * POST /write with input meant to break it: field values that look like Object.prototype members,
 * non-finite numbers, names InfluxDB 1.x cannot store, prototype-ish tag keys and measurement
 * names. Every case sends a batch with a bad line between good ones and checks the answer, the
 * message naming the line, that the good lines are stored and served, and that later writes work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { configFromEnv } from '../../server/config.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectIngestWorks, latestOf, storedOf, storedRows, tagsOf } from './ingest-checks.ts';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app?.stop(); });

const PROTOTYPE_WORDS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];

/** A batch of `good`, `bad`, `good` lines of measurement `m`; the good lines carry v=1 and v=3. */
function sandwich(m: string, bad: string, t: number): string {
  return [`${m},pos=first v=1 ${t}`, bad, `${m},pos=last v=3 ${t}`].join('\n');
}

async function expectGoodLinesStored(m: string, t: number): Promise<void> {
  const latest = await latestOf(app, m);
  expect(latest.filter((s) => s.field === 'v').map((s) => [s.tags.pos, s.v]).sort()).toEqual([['first', 1], ['last', 3]]);
  expect(await storedRows(app, m, 'v', t - 1, t + 1)).toEqual([[t, 1], [t, 3]]);
  // Nothing else of the measurement reached the store, and nothing non-finite.
  const stored = await storedOf(app, m, t - 1, t + 1);
  expect(stored.map((s) => s.tags.pos).sort()).toEqual(['first', 'last']);
  for (const s of stored) for (const [, v] of s.rows) expect(Number.isFinite(v)).toBe(true);
}

describe('POST /write refuses bad field values by line, writes the good lines of the batch', () => {
  const cases: { name: string; value: string; error: RegExp }[] = [
    ...PROTOTYPE_WORDS.map((w) => ({
      name: `boolean-looking "${w}"`, value: w,
      error: new RegExp(`invalid value of field "flag": ${w} is not a number, boolean or quoted string$`),
    })),
    { name: 'NaN', value: 'NaN', error: /invalid value of field "flag": NaN is not a number/ },
    { name: 'nan', value: 'nan', error: /invalid value of field "flag": nan is not a number/ },
    { name: 'Inf', value: 'Inf', error: /invalid value of field "flag": Inf is not a number/ },
    { name: '-Inf', value: '-Inf', error: /invalid value of field "flag": -Inf is not a number/ },
    { name: '+Inf', value: '+Inf', error: /invalid value of field "flag": \+Inf is not a number/ },
    { name: 'Infinity', value: 'Infinity', error: /invalid value of field "flag": Infinity is not a number/ },
    { name: '1e999 (overflows to Infinity)', value: '1e999', error: /value of field "flag" is out of range: 1e999 \(beyond float64\)$/ },
    { name: '-1e999', value: '-1e999', error: /value of field "flag" is out of range: -1e999 / },
    { name: 'an integer beyond int64', value: '9223372036854775808i', error: /value of field "flag" is out of range: 9223372036854775808i \(integers are int64/ },
    { name: 'an integer of 400 digits', value: `${'9'.repeat(400)}i`, error: /value of field "flag" is out of range/ },
    { name: 'an integer in exponent form', value: '1e5i', error: /invalid value of field "flag": 1e5i is not an integer/ },
    { name: 'an integer with a point', value: '1.5i', error: /invalid value of field "flag": 1.5i is not an integer/ },
    { name: 'a leading plus, which InfluxDB refuses', value: '+5', error: /invalid value of field "flag": \+5 is not a number/ },
    { name: 'hexadecimal', value: '0x10', error: /invalid value of field "flag": 0x10 is not a number/ },
  ];
  for (const [i, c] of cases.entries()) {
    it(c.name, async () => {
      const m = `bad_value_${i}`;
      const t = Date.now() - 5000;
      const r = await app.write(sandwich(m, `${m},pos=middle flag=${c.value} ${t}`, t), 'precision=ms');
      expect(r.status).toBe(400);
      expect(r.error).toMatch(/^partial write: 2 points written, 1 lines rejected: line 2: unable to parse '/);
      expect(r.error).toMatch(c.error);
      await expectGoodLinesStored(m, t);
      expect((await latestOf(app, m)).some((s) => s.tags.pos === 'middle')).toBe(false);
      await expectIngestWorks(app, `value-${i}`);
    });
  }
});

describe('POST /write refuses names InfluxDB 1.x cannot store, whatever the store', () => {
  // Line protocol as InfluxDB reads it: a backslash escapes the separator after it, `\\\\` is two backslashes.
  const cases: { name: string; line: (m: string) => string; error: RegExp }[] = [
    // A backslash before the space escapes it: the tag value runs on into the fields.
    { name: 'a tag value ending in a backslash', line: (m) => `${m},pos=middle,path=C:\\dir\\ v=2`, error: /^unable to parse '.*': invalid tag format$/ },
    { name: 'a tag value that is one backslash', line: (m) => `${m},pos=middle,path=\\ v=2`, error: /^unable to parse '.*': invalid tag format$/ },
    { name: 'a tag key ending in a backslash', line: (m) => `${m},pos=middle,key\\=x v=2`, error: /^unable to parse '.*': missing tag value$/ },
    { name: 'a field key ending in a backslash', line: (m) => `${m},pos=middle v\\=2`, error: /^unable to parse '.*': invalid field format$/ },
    // influxd takes this one, but no InfluxQL query finds the measurement again.
    { name: 'a measurement with a backslash before a comma', line: (m) => `${m}\\\\,x,pos=middle v=2`, error: /^measurement ".*\\\\,x" has a backslash before a comma/ },
    { name: 'a tag value with a carriage return', line: (m) => `${m},pos=middle,path=a\rb v=2`, error: /^value "a\\rb" of tag "path" contains a line break$/ },
    { name: 'the tag key "time"', line: (m) => `${m},pos=middle,time=x v=2`, error: /^tag key "time" is reserved by InfluxDB$/ },
    { name: 'a NUL character in a field key', line: (m) => `${m},pos=middle v\u0000x=2`, error: /^field key "v\\u0000x" contains a NUL character, which InfluxQL cannot quote$/ },
  ];
  for (const [i, c] of cases.entries()) {
    it(c.name, async () => {
      const m = `bad_name_${i}`;
      const t = Date.now() - 5000;
      const r = await app.write(sandwich(m, `${c.line(m)} ${t}`, t), 'precision=ms');
      expect(r.status).toBe(400);
      const [head, line2] = r.error!.split(/line 2: /);
      expect(head).toBe('partial write: 2 points written, 1 lines rejected: ');
      expect(line2).toMatch(c.error);
      await expectGoodLinesStored(m, t);
      await expectIngestWorks(app, `name-${i}`);
    });
  }

  it('keeps backslashes that are not at the end, in tags and strings', async () => {
    const t = Date.now() - 5000;
    // Backslashes stand for themselves, except one before a separator (escaping it) and `\\\\` in a string.
    const r = await app.write(`win_paths,path=C:\\dir\\file,list=a\\\\,b\\\\=c,spaced=a\\\\ b v=1,s="ends with \\\\" ${t}`, 'precision=ms');
    expect(r).toEqual({ status: 204, error: undefined });
    const got = await latestOf(app, 'win_paths');
    expect(got.map((s) => [s.tags.path, s.tags.list, s.tags.spaced, s.field, s.v]).sort()).toEqual([
      ['C:\\dir\\file', 'a\\,b\\=c', 'a\\ b', 's', 'ends with \\'], ['C:\\dir\\file', 'a\\,b\\=c', 'a\\ b', 'v', 1],
    ]);
  });
});

describe('POST /write: prototype-ish names are ordinary tag keys, tag values, field keys and measurements', () => {
  const t0 = Date.now() - 60_000;
  const cases = PROTOTYPE_WORDS.flatMap((w, i) => [
    { name: `tag key "${w}"`, measurement: `proto_tag_key_${i}`, tags: tagsOf([[w, 'x'], ['pos', 'one']]), field: 'v' },
    { name: `tag value "${w}"`, measurement: `proto_tag_value_${i}`, tags: tagsOf([['kind', w]]), field: 'v' },
    { name: `field key "${w}"`, measurement: `proto_field_${i}`, tags: tagsOf([['pos', 'one']]), field: w },
    { name: `measurement "${w}"`, measurement: w, tags: tagsOf([['pos', 'one']]), field: 'v' },
  ]);
  for (const [i, c] of cases.entries()) {
    it(c.name, async () => {
      const t = t0 + i;
      const tagText = Object.entries(c.tags).map(([k, v]) => `,${k}=${v}`).join('');
      const body = [`${c.measurement}${tagText} ${c.field}=${i + 0.5} ${t}`, `${c.measurement}${tagText} ${c.field}=oops ${t}`].join('\n');
      const r = await app.write(body, 'precision=ms');
      expect(r.status).toBe(400);
      expect(r.error).toMatch(new RegExp(`^partial write: 1 points written, 1 lines rejected: line 2: .*invalid value of field "${c.field}": oops`));
      const got = (await latestOf(app, c.measurement)).filter((s) => s.t === t);
      expect(got).toHaveLength(1);
      expect(got[0].tags).toEqual(c.tags);
      expect(Object.keys(got[0].tags).sort()).toEqual(Object.keys(c.tags).sort());
      expect([got[0].field, got[0].v]).toEqual([c.field, i + 0.5]);
      expect(await storedRows(app, c.measurement, c.field, t, t + 1)).toEqual([[t, i + 0.5]]);
    });
  }

  it('a line tagged __proto__ and a plain line of the same batch are both stored, and answered 204', async () => {
    const t = Date.now() - 3000;
    const r = await app.write([`proto_batch,__proto__=x v=1 ${t}`, `proto_batch,plain=y v=2 ${t}`].join('\n'), 'precision=ms');
    expect(r).toEqual({ status: 204, error: undefined });
    expect((await latestOf(app, 'proto_batch')).map((s) => [s.tags, s.v])).toEqual([[tagsOf([['__proto__', 'x']]), 1], [tagsOf([['plain', 'y']]), 2]]);
    expect(await storedRows(app, 'proto_batch', 'v', t, t + 1)).toEqual([[t, 1], [t, 2]]);
    await expectIngestWorks(app, 'proto-batch');
  });

  it('a family measurement takes prototype-ish tags besides its placement tags', async () => {
    const t = Date.now() - 2000;
    const r = await app.write(`energy,community=c-a,neighbourhood=n-a1,building=__proto__,meter=constructor,category=toString,__proto__=x load_kw=4.5 ${t}`, 'precision=ms');
    expect(r).toEqual({ status: 204, error: undefined });
    const got = (await latestOf(app, 'energy')).filter((s) => s.tags.meter === 'constructor');
    expect(got.map((s) => [s.tags, s.v])).toEqual([[tagsOf([
      ['__proto__', 'x'], ['building', '__proto__'], ['category', 'toString'], ['community', 'c-a'], ['meter', 'constructor'], ['neighbourhood', 'n-a1'],
    ]), 4.5]]);
  });

  it('placement tags named by prototype words do not count as community and neighbourhood', async () => {
    const t = Date.now() - 2000;
    const r = await app.write([
      `energy,__proto__=c-a,constructor=n-a1,building=b-proto load_kw=1 ${t}`,
      `energy,community=c-a,neighbourhood=n-a1,building=b-ok,meter=m,category=residential load_kw=2 ${t}`,
    ].join('\n'), 'precision=ms');
    expect(r.status).toBe(400);
    expect(r.error).toBe('partial write: 1 points written, 1 lines rejected: line 1: measurement "energy" needs the tag "community"');
    const got = (await latestOf(app, 'energy')).filter((s) => s.tags.building?.startsWith('b-'));
    expect(got.map((s) => [s.tags.building, s.v])).toEqual([['b-ok', 2]]);
  });

  it('an alert with prototype-ish type, severity and device is stored and the server goes on', async () => {
    const t = Date.now() - 2000;
    const r = await app.write(`alert,community=c-a,neighbourhood=n-a1,type=constructor,severity=__proto__,device=toString message="x",value=1 ${t}`, 'precision=ms');
    expect(r).toEqual({ status: 204, error: undefined });
    expect((await latestOf(app, 'alert')).some((s) => s.tags.type === 'constructor' && s.field === 'value' && s.v === 1)).toBe(true);
    await expectIngestWorks(app, 'proto-alert');
  });
});

describe('POST /write: timestamps and parameters', () => {
  const cases: { name: string; line: string; query: string; error: RegExp }[] = [
    { name: 'before 1677 (InfluxDB\'s earliest time)', line: 'ts_range,pos=middle v=2 -9223372036855', query: 'precision=ms', error: /line 2: .*bad timestamp "-9223372036855": out of range: in precision ms, InfluxDB stores 1677-09-21T00:12:43.145Z to 2262-04-11T23:47:16.854Z/ },
    { name: 'ms sent as seconds', line: `ts_range,pos=middle v=2 ${Date.now()}`, query: 'precision=s', error: /line 2: .*bad timestamp "\d+": out of range.*\(check the precision parameter\)/ },
    { name: 'beyond what a Date can show', line: 'ts_range,pos=middle v=2 9000000000000000', query: 'precision=ms', error: /line 2: .*bad timestamp "9000000000000000": out of range/ },
    { name: 'hours beyond 2262', line: 'ts_range,pos=middle v=2 3000000', query: 'precision=h', error: /line 2: .*bad timestamp "3000000": out of range/ },
    { name: 'a day ahead of the clock', line: `ts_range,pos=middle v=2 ${Date.now() + 86_400_000}`, query: 'precision=ms', error: /line 2: timestamp .* is more than 600 s ahead of the server clock \(check the precision parameter/ },
    { name: 'a 400-digit timestamp', line: `ts_range,pos=middle v=2 ${'9'.repeat(400)}`, query: 'precision=ns', error: /line 2: .*bad timestamp "9{100}.*": out of range/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const t = Date.now() - 5000;
      const ts = { 'precision=ns': `${t}000000`, 'precision=s': String(Math.floor(t / 1000)), 'precision=h': String(Math.floor(t / 3_600_000)) }[c.query] ?? String(t);
      const good = (pos: string, v: number) => `ts_range,pos=${pos} v=${v} ${ts}`;
      const r = await app.write([good('first', 1), c.line, good('last', 3)].join('\n'), c.query);
      expect(r.status).toBe(400);
      expect(r.error).toMatch(/^partial write: 2 points written, 1 lines rejected: /);
      expect(r.error).toMatch(c.error);
      await expectIngestWorks(app, `ts-${c.query}`);
    });
  }

  it('a precision given twice: the first counts, as InfluxDB reads it', async () => {
    const t = Date.now() - 1000;
    expect(await app.write(`twice v=1 ${t}`, 'precision=ms&precision=s')).toEqual({ status: 204, error: undefined });
    expect(await storedRows(app, 'twice', 'v', t, t + 1)).toEqual([[t, 1]]);
  });

  it.each(['constructor', '__proto__', 'us', 'µ'])('precision "%s" is nanoseconds, as InfluxDB reads any spelling but u, ms, s, m, h', async (p) => {
    const t = Date.now() - 1000;
    const m = `pp_${p.replace(/\W/g, 'x')}`;
    expect(await app.write(`${m} v=1 ${t}000000`, `precision=${encodeURIComponent(p)}`)).toEqual({ status: 204, error: undefined });
    expect(await storedRows(app, m, 'v', t, t + 1)).toEqual([[t, 1]]);
  });

  it('with WRITE_PRECISION=strict, a spelling InfluxDB would read as nanoseconds is refused with the list', async () => {
    const strict = await startTestApp({ env: { WRITE_PRECISION: 'strict' } });
    try {
      expect(await strict.write(`pp v=1 ${Date.now()}`, 'precision=us')).toEqual({
        status: 400, error: 'ingest: precision "us" is not one of n, ns, u, ms, s, m, h (InfluxDB would read it as nanoseconds)',
      });
      expect((await strict.write(`pp v=1 ${Date.now()}`, 'precision=ms')).status).toBe(204);
    } finally {
      await strict.stop();
    }
  });

  it('with SUB_MS_TIMES=refuse, a timestamp finer than a millisecond is refused instead of cut', async () => {
    const strict = await startTestApp({ env: { SUB_MS_TIMES: 'refuse' } });
    try {
      const t = Date.now() - 1000;
      const r = await strict.write(`subms v=1 ${t}000000\nsubms v=2 ${t + 1}000001`);
      expect(r.status).toBe(400);
      expect(r.error).toMatch(/^partial write: 1 points written, 1 lines rejected: line 2: .*timestamp \d+ has digits finer than a millisecond, which this server does not keep/);
      expect(await storedRows(strict, 'subms', 'v', t, t + 2)).toEqual([[t, 1]]);
    } finally {
      await strict.stop();
    }
  });

  it.each([
    [{ PLACEMENT_TAGS: 'maybe' }, /^config: PLACEMENT_TAGS="maybe" is not one of required, optional$/],
    [{ SUB_MS_TIMES: 'round' }, /^config: SUB_MS_TIMES="round" is not one of truncate, refuse$/],
    [{ STORE: 'influxdb', NAME_CHECK: 'off' }, /^config: NAME_CHECK=off works only with the embedded store/],
    [{ MAX_FUTURE_S: 'never' }, /^config: MAX_FUTURE_S="never" is not a number/],
  ])('a misspelt setting of the differences table stops the start with its name: %o', (env, error) => {
    expect(() => configFromEnv(env)).toThrow(error);
  });

  it('a line without timestamp gets the clock truncated to the precision\'s unit, as InfluxDB stamps it', async () => {
    expect(await app.write('clock_s v=1', 'precision=s')).toEqual({ status: 204, error: undefined });
    const [s] = await latestOf(app, 'clock_s');
    expect(s.t! % 1000).toBe(0);
    expect(Math.abs(s.t! - Date.now())).toBeLessThan(5000);
  });
});

describe('prototype-ish tags survive a restart of the embedded store', () => {
  it('reloads a series tagged __proto__ and constructor with the same tags and id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-restart-'));
    const path = join(dir, 'kept.sqlite');
    const open = () => startTestApp({ store: new SqliteStore({ path, compactEveryMs: 200 }) });
    const t = Date.now() - 1000;
    let a = await open();
    try {
      expect(await a.write(`kept,__proto__=x,constructor=y,toString=z v=7 ${t}`, 'precision=ms')).toEqual({ status: 204, error: undefined });
      const before = await latestOf(a, 'kept');
      await a.stop();
      a = await open();
      const after = await a.get('/api/series?measurement=kept');
      const want = tagsOf([['__proto__', 'x'], ['constructor', 'y'], ['toString', 'z']]);
      expect(after.body.series.map((s: { id: number; tags: Record<string, string> }) => [s.id, s.tags])).toEqual([[before[0].id, want]]);
      expect(await storedRows(a, 'kept', 'v', t, t + 1)).toEqual([[t, 7]]);
      // The same series again, not a second one beside it.
      expect(await a.write(`kept,__proto__=x,constructor=y,toString=z v=8 ${t + 1}`, 'precision=ms')).toEqual({ status: 204, error: undefined });
      expect((await a.get('/api/series?measurement=kept')).body.total).toBe(1);
    } finally {
      await a.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
