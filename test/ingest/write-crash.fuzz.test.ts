/**
 * Crash test of POST /write on a real server (embedded store): thousands of random requests —
 * line protocol of every sort, mutated lines, binary junk, gzip headers over junk, gzip bombs,
 * over-long lines and bodies, odd query strings, charsets and encodings. Every answer must be a
 * 2xx, or a 4xx with a JSON `{ error }` (never a 500, an HTML page or a stack trace); afterwards
 * the server is healthy, ingests and serves a known point, and has stored nothing non-finite.
 * 2,000 requests in `npm test`; FUZZ_RUNS for more.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzRuns } from '../support/fuzz.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { expectIngestWorks } from './ingest-checks.ts';
import { anyLineArb, bodyArb, nameArb, PROTOTYPE_WORDS } from './line-protocol-arbitraries.ts';

const MAX_BODY_BYTES = 256 * 1024;
const RUNS = fuzzRuns(2000);

let app: TestApp;
beforeAll(async () => { app = await startTestApp({ env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES) } }); });
afterAll(async () => { await app?.stop(); });

interface WriteRequest {
  body: string | Uint8Array<ArrayBuffer>;
  query: string;
  headers: Record<string, string>;
}

const now = Date.now();
/** Lines the server would take, with recent timestamps (most random times are refused as future or are long past). */
const recentLineArb = fc.tuple(
  fc.constantFrom('energy', 'pipe', 'env', 'alert', 'parking_space', 'm', ...PROTOTYPE_WORDS),
  fc.uniqueArray(fc.tuple(fc.oneof(fc.constantFrom('community', 'neighbourhood', ...PROTOTYPE_WORDS), nameArb), nameArb), { selector: ([k]) => k, maxLength: 4 }),
  fc.constantFrom('load_kw=1.5', 'status="ok"', 'occupied=true', 'v=NaN', 'v=1e999', 'v=constructor', 'v=-0', 'n=7i', 'message="x",value=2'),
  fc.integer({ min: -86_400_000, max: 0 }),
).map(([m, tags, fields, dt]) => {
  const esc = (s: string) => s.replace(/[\\, =]/g, '\\$&');
  return `${m}${tags.map(([k, v]) => `,${esc(k)}=${esc(v)}`).join('')} ${fields} ${now + dt}`;
});

const queryArb: fc.Arbitrary<string> = fc.array(
  fc.tuple(
    fc.constantFrom('precision', 'precision', 'db', 'rp', 'u', 'p', 'consistency', 'precision[]', 'precision[a]', '__proto__', 'constructor', 'q'),
    fc.oneof(
      fc.constantFrom('ms', 'ns', 'n', 'u', 'µ', 'us', 's', 'm', 'h', '', 'fortnight', '__proto__', 'constructor', 'toString', '%', '%zz', '%E0%A4%A', '%00', 'ms%00', '1e3'),
      nameArb.map(encodeURIComponent),
    ),
  ),
  { maxLength: 4 },
).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const headersArb: fc.Arbitrary<Record<string, string>> = fc.record({
  'Content-Type': fc.constantFrom('text/plain', 'text/plain; charset=utf-8', 'application/octet-stream', 'text/plain; charset=latin1',
    'text/plain; charset=utf-16le', 'text/plain; charset=bogus', 'application/x-www-form-urlencoded', 'application/json'),
  'Content-Encoding': fc.constantFrom('identity', 'gzip', 'deflate', 'br', 'x-bogus', 'gzip, gzip'),
}, { requiredKeys: [] });

const GZIP_MAGIC = [0x1f, 0x8b, 0x08, 0x00];
/** Built once: a request of these is costly to generate and the shape is what matters. */
const HUGE_LINE = `m,t=x s="${'x'.repeat(70_000)}"`;
const OVER_LIMIT = `m v=1\n`.repeat(Math.ceil((MAX_BODY_BYTES + 1024) / 6));
const GZIP_BOMB = gzipSync(Buffer.alloc(4 * MAX_BODY_BYTES, 0x61));

const requestArb: fc.Arbitrary<WriteRequest> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ body: bodyArb(), query: queryArb, headers: fc.constant({}) }) },
  { weight: 4, arbitrary: fc.record({ body: fc.array(fc.oneof(recentLineArb, anyLineArb), { minLength: 1, maxLength: 8 }).map((l) => l.join('\n')), query: fc.constantFrom('precision=ms', 'precision=ms&db=x', 'precision=s'), headers: fc.constant({}) }) },
  { weight: 2, arbitrary: fc.record({ body: bodyArb(), query: queryArb, headers: headersArb }) },
  { weight: 2, arbitrary: fc.record({ body: fc.uint8Array({ maxLength: 512 }), query: queryArb, headers: headersArb }) },
  { weight: 2, arbitrary: fc.record({ body: fc.uint8Array({ maxLength: 256 }).map((junk) => Uint8Array.from([...GZIP_MAGIC, ...junk])), query: queryArb, headers: fc.constant({ 'Content-Encoding': 'gzip' }) }) },
  { weight: 1, arbitrary: fc.record({ body: bodyArb().map((b) => new Uint8Array(gzipSync(b))), query: queryArb, headers: fc.constantFrom<Record<string, string>>({ 'Content-Encoding': 'gzip' }, {}) }) },
  { weight: 1, arbitrary: fc.record({ body: fc.constantFrom<string | Uint8Array<ArrayBuffer>>(HUGE_LINE, `${HUGE_LINE}\nm v=1`, OVER_LIMIT, new Uint8Array(GZIP_BOMB)), query: queryArb, headers: fc.constantFrom<Record<string, string>>({}, { 'Content-Encoding': 'gzip' }) }) },
);

async function send(r: WriteRequest): Promise<{ status: number; type: string; text: string }> {
  const res = await app.fetch(`/write${r.query ? `?${r.query}` : ''}`, { method: 'POST', body: r.body, headers: r.headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('POST /write crash test (fuzz)', () => {
  it(`answers ${RUNS} random requests with 2xx or a JSON 4xx, and keeps working`, { timeout: Math.max(120_000, RUNS * 60) }, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(requestArb, async (r) => {
      const got = await send(r);
      statuses.set(got.status, (statuses.get(got.status) ?? 0) + 1);
      const what = `${got.status} ${got.text.slice(0, 300)}`;
      expect(got.status >= 200 && got.status < 300 || got.status >= 400 && got.status < 500, what).toBe(true);
      if (got.status === 204) { expect(got.text).toBe(''); return; }
      expect(got.type, what).toMatch(/^application\/json/);
      const body = JSON.parse(got.text) as { error?: unknown };
      expect(typeof body.error, what).toBe('string');
      const error = body.error as string;
      expect(error, what).not.toMatch(/<html|<pre>|\n\s+at |\.ts:\d+|node_modules/i);
      expect(error.length).toBeLessThan(64 * 1024);
    }), fuzzParams(RUNS));

    // Bad lines were answered as bad lines, not all refused wholesale: every kind of answer came up.
    expect(statuses.get(204) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(413) ?? 0).toBeGreaterThan(0);

    const health = await app.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', reachable: true, spooledPoints: 0 });
    await expectIngestWorks(app, 'after-crash-test');

    // Nothing non-finite in the catalog's latest values or in the store.
    const defs = Array.from({ length: app.catalog.size }, (_, i) => app.catalog.get(i + 1)!).filter((d) => d.type !== 'string');
    for (const d of defs) {
      if (!Number.isNaN(app.catalog.latestTime(d.id))) expect(Number.isFinite(app.catalog.latestValue(d.id)), `${d.key} ${d.field}`).toBe(true);
    }
    // Numbers are finite; integers beyond ±2^53 come as their exact decimal text.
    for (const v of await app.store.latest(defs)) expect(typeof v.v === 'string' ? /^-?\d+$/.test(v.v) : Number.isFinite(v.v), `series ${v.id}: ${String(v.v)}`).toBe(true);
  });
});
