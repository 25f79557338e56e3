/**
 * Fuzzing every route the server mounts (read from the Express router stack at run time, so a new
 * route is covered without being listed) with random methods, hostile path segments (`../`, `%00`,
 * malformed percent-encoding, `__proto__`, SQL, InfluxQL, HTML, very long ids), random query
 * strings and random JSON and non-JSON bodies. Every answer must be below 500 (or a 503 a store
 * outage explains), an error must be JSON `{ error }`, and nothing may show a stack trace, a
 * source path or an HTML page. The server still answers /api/health afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { fuzzParams } from '../support/fuzz.ts';
import { concretePath, mountedRoutes, type MountedRoute } from '../../server/access/mounted-routes.ts';
import { internalsIn, rawRequest, type RawAnswer, type RawRequest } from '../support/raw-request.ts';
import { writeSmallTwin } from '../indicators/auto-twin-fixture.ts';

/** Text that has broken servers before, as a client would send it (encoded where it goes). */
const HOSTILE_TEXT = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  "' OR '1'='1' --", "1; DROP TABLE alerts; --", 'SELECT * FROM "pipe" WHERE 1=1; DROP MEASUREMENT pipe',
  '"; DROP DATABASE community_twin; --', '/.*/', '<script>alert(1)</script>', '<!DOCTYPE html><html>', '{{7*7}}', '${7*7}',
  '../../../../etc/passwd', '..\\..\\windows', '\u0000', '\u202e', '小区', '😀', ' ', '',
  'a'.repeat(5000), '-1', '0', '1.5', '1e400', '99999999999999999999', '-8640000000000001', 'NaN', 'Infinity',
  'now-99999999w', 'null', 'true', '[]', '{}', '{camera}', '$where', 'javascript:alert(1)',
];
/** Path pieces sent as they are: dot segments, NUL and malformed percent-encoding. */
const RAW_SEGMENTS = ['..', '.', '%00', '%E0%A4%A', '%2e%2e', '%2F', '%252F', '%ZZ', '%', '', '..%2F..%2F', '%C0%AE%C0%AE'];
/** Values a route understands, so random requests also reach past the first check. */
const VALID_PARAMS: Record<string, string[]> = {
  community: ['c-a', 'c-b', 'n-a1', 'cq'],
  item: ['1.1', '12.1', '33.3'],
  id: ['1', '2', '3'],
  action: ['ack', 'dispatch', 'resolve', 'close', 'reopen', 'comment'],
  path: ['index.html', 'c-a', 'c-a/manifest.json', 'c-a/layers/pipes.geojson', 'c-a/buildings'],
};
const VALID_QUERY: Record<string, string[]> = {
  community: ['c-a', 'c-b'], node: ['c-a', 'n-a1', 's-1', 'cq'], neighbourhood: ['n-a1'],
  measurement: ['pipe', 'env', 'alert', 'alert_event'], field: ['pressure_kpa', 'pm25_ugm3', 'status'],
  'tag.network': ['water_supply'], 'tag.sensor': ['ws-1'], from: ['now-1h', '0', '2026-01-01T00:00:00Z'], to: ['now', '1900000000000'],
  window: ['1m', 'raw', '5s', '0'], agg: ['mean', 'max', 'last'], maxPoints: ['10', '10000'], limit: ['1', '1000'],
  state: ['raised', 'raised,acknowledged'], type: ['fire'], severity: ['critical', 'info'], format: ['json', 'csv', 'xlsx'], month: ['2026-11', '2026-13', '1999-01'],
  precision: ['ms', 's', 'ns'], q: ['CREATE DATABASE x', 'SHOW MEASUREMENTS'], db: ['community_twin'], days: ['1', '30', '365'],
};
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
  'application/json; charset=latin9', 'text/html', 'multipart/form-data; boundary=x',
];

/** InfluxDB-compatible ingest keeps InfluxDB's wording of line errors (`line 3: …`, `partial write: …`). */
const INFLUX_WORDING = (r: RawRequest): boolean => /^\/(write|query)\b/i.test(r.path);

let app: TestApp;
let routes: MountedRoute[];
const tmp = mkdtempSync(join(tmpdir(), 'fuzz-routes-'));
const logged: string[] = [];

beforeAll(async () => {
  writeSmallTwin(join(tmp, 'twins', 'c-a'));
  app = await startTestApp({ config: { twinsDir: join(tmp, 'twins') } });
  // Signing out or changing the password would end the session the fuzzing runs in.
  routes = mountedRoutes(app.express).filter((r) => r.path !== '/api/auth/logout' && r.path !== '/api/auth/password');
  // Internal errors are logged once with their reference; collected here to explain a failure.
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { logged.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')); });
  const t = Date.now() - 60_000;
  const lines = [
    `pipe,community=c-a,neighbourhood=n-a1,network=water_supply,sensor=ws-1 pressure_kpa=210,status="normal" ${t}`,
    `env,community=c-a,neighbourhood=n-a1,walkway=w-1,sensor=e-1 pm25_ugm3=35 ${t}`,
    ...[1, 2, 3].map((i) => `alert,community=c-a,neighbourhood=n-a1,type=fire,severity=critical,device=smk-${i} location="${i}栋",message="烟感" ${t + i}`),
  ];
  expect((await app.write(lines.join('\n'), 'precision=ms')).status).toBe(204);
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  // A store that stopped answering (the failure the last test names) must not hold the suite for a minute.
  await Promise.race([app?.stop(), new Promise((r) => setTimeout(r, 10_000).unref())]);
  rmSync(tmp, { recursive: true, force: true });
});

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const encoded = (xs: readonly string[]) => pick(xs).map(encodeURIComponent);

function segment(param: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: pick(VALID_PARAMS[param] ?? ['x']) },
    { weight: 3, arbitrary: encoded(HOSTILE_TEXT) },
    { weight: 2, arbitrary: pick(RAW_SEGMENTS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
  );
}

function pathFor(route: MountedRoute): fc.Arbitrary<string> {
  const base = route.kind === 'static'
    ? fc.array(segment('path'), { minLength: 1, maxLength: 3 }).map((segs) => `${route.path}/${segs.join('/')}`)
    : fc.tuple(...[...route.path.matchAll(/:(\w+)|\*(\w+)/g)].map((m) => segment(m[1] ?? m[2]))).map((values) => {
      let i = 0;
      return concretePath(route, () => values[i++]);
    });
  // Now and then a segment more, or the path in capitals (Express routes ignore case).
  return fc.tuple(base, fc.option(segment('any'), { freq: 4 }), fc.boolean()).map(([p, extra, upper]) => {
    const path = extra === null ? p : `${p}/${extra}`;
    return upper && path.length < 200 ? path.toUpperCase() : path;
  });
}

const queryString: fc.Arbitrary<string> = fc.array(
  fc.tuple(
    fc.oneof({ weight: 5, arbitrary: pick(Object.keys(VALID_QUERY)).map(encodeURIComponent) }, { weight: 1, arbitrary: encoded(HOSTILE_TEXT) }, { weight: 1, arbitrary: pick(['tag.__proto__', 'a[b]', '__proto__[x]', 'tag.constructor']) }),
    fc.oneof({ weight: 4, arbitrary: pick(Object.values(VALID_QUERY).flat()).map(encodeURIComponent) }, { weight: 3, arbitrary: encoded(HOSTILE_TEXT) }, { weight: 1, arbitrary: pick(RAW_SEGMENTS) }),
  ),
  { maxLength: 6 },
).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

const text = fc.oneof(pick(HOSTILE_TEXT), fc.string({ maxLength: 30 }));
const loose = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
const ruleLike = fc.record({
  id: fc.oneof(pick(['r-1', 'r-2']), text), name: fc.oneof(pick(['规则']), loose),
  kind: fc.oneof(pick(['threshold', 'rate', 'no_data', 'count']), loose), severity: fc.oneof(pick(['critical', 'warning']), loose),
  type: fc.oneof(pick(['pipe_leak', 'environment_abnormal', 'sensor_offline', 'fire']), loose),
  measurement: fc.oneof(pick(['pipe', 'env', 'alert']), loose), field: fc.oneof(pick(['pressure_kpa', 'status', 'pm25_ugm3']), loose),
  op: fc.oneof(pick(['<', '>', '=']), loose), value: loose, clearValue: loose, forSeconds: loose, windowSeconds: loose, silentSeconds: loose,
  count: loose, groupBy: fc.oneof(fc.array(fc.oneof(pick(['neighbourhood', 'device', '__proto__']), text), { maxLength: 3 }), loose),
  selector: fc.oneof(fc.dictionary(fc.oneof(pick(['network', 'sensor', '__proto__', 'constructor']), text), loose, { maxKeys: 3 }), loose), enabled: loose,
}, { requiredKeys: [] });
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ rules: fc.oneof(fc.array(ruleLike, { maxLength: 3 }), loose), operator: fc.oneof(pick(['张三']), loose), expectedRevision: fc.oneof(fc.nat(4), loose) }, { requiredKeys: [] }),
  fc.record({
    status: fc.oneof(pick(['met', 'in_progress', 'not_applicable']), loose), operator: fc.oneof(pick(['李四']), loose), expectedRevision: fc.oneof(fc.nat(3), loose),
    evidence: fc.oneof(fc.record({ note: loose, links: fc.oneof(fc.array(fc.oneof(pick(['https://ok.example', 'javascript:alert(1)']), text), { maxLength: 3 }), loose), attachments: loose }, { requiredKeys: [] }), loose),
  }, { requiredKeys: [] }),
  fc.record({ operator: fc.oneof(pick(['王五']), loose), expectedRevision: fc.oneof(fc.nat(4), loose), comment: loose, assignee: loose, reason: loose }, { requiredKeys: [] }),
).map((v) => JSON.stringify(v));
const lineProtocol = fc.array(
  fc.tuple(fc.oneof(pick(['pipe', 'env', 'alert', 'm']), text), fc.oneof(pick(['community', 'neighbourhood', 'sensor', '__proto__']), text), text, fc.oneof(pick(['pressure_kpa', 'v']), text), fc.oneof(pick(['1', '1i', 'true', '"x"']), text), fc.option(fc.integer())),
  { minLength: 1, maxLength: 3 },
).map((ls) => ls.map(([m, k, v, f, x, t]) => `${m},${k}=${v} ${f}=${x}${t === null ? '' : ` ${t}`}`).join('\n'));
const body: fc.Arbitrary<{ body?: string; contentType?: string; encoding?: string }> = fc.record({
  body: fc.option(fc.oneof(
    { weight: 4, arbitrary: jsonBody },
    { weight: 2, arbitrary: lineProtocol },
    { weight: 1, arbitrary: pick(['{bad', '{"a":', '<html><body>x</body></html>', 'null', '"x"', '1', 'x'.repeat(70 * 1024), 'q=CREATE%20DATABASE%20x']) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  ), { nil: undefined, freq: 4 }),
  contentType: fc.option(pick(CONTENT_TYPES), { nil: undefined, freq: 4 }),
  encoding: fc.option(pick(['gzip', 'deflate', 'br', 'zstd', 'identity']), { nil: undefined, freq: 12 }),
}, { requiredKeys: ['body', 'contentType', 'encoding'] });

function requestFor(route: MountedRoute): fc.Arbitrary<RawRequest> {
  const method = route.methods.length ? fc.oneof({ weight: 3, arbitrary: pick(route.methods) }, { weight: 1, arbitrary: pick(METHODS) }) : pick(METHODS);
  return fc.tuple(method, pathFor(route), queryString, body).map(([m, path, query, b]) => ({
    method: m,
    path: `${path}${query}`,
    headers: {
      ...(b.contentType ? { 'content-type': b.contentType } : {}),
      ...(b.encoding ? { 'content-encoding': b.encoding } : {}),
    },
    body: b.body,
  }));
}

/** What is wrong with an answer, or undefined when it is as every answer must be. */
function problemOf(r: RawRequest, a: RawAnswer): string | undefined {
  if (a.contentType.includes('text/html')) return 'an HTML answer';
  const leak = internalsIn(a.text);
  if (leak && !(a.status < 400 && leak === 'an HTML page')) return `the answer shows ${leak}`;
  if (a.status >= 500 && !(a.status === 503 && /store|spool/.test(a.text))) return `status ${a.status}`;
  if (a.status >= 400 && r.method !== 'HEAD') {
    if (!a.contentType.startsWith('application/json')) return `an error answered as ${a.contentType || 'nothing'}`;
    let parsed: unknown;
    try { parsed = JSON.parse(a.text); } catch { return 'an error that is not JSON'; }
    const error = (parsed as { error?: unknown } | null)?.error;
    if (typeof error !== 'string' || error === '') return 'an error without { error: "…" }';
    if (!/^[a-z]+: \S/.test(error) && !INFLUX_WORDING(r)) return 'an error that does not start with its subsystem';
    if (a.status === 500 && !/^server: internal error in [a-z]+ \(reference [0-9a-f]{8}\)/.test(error)) return 'a 500 that is not the plain internal error';
  }
  return undefined;
}

async function send(r: RawRequest): Promise<void> {
  const before = logged.length;
  const a = await rawRequest(app.url, r);
  const problem = problemOf(r, a);
  if (problem) {
    const shown = `${r.method} ${r.path.slice(0, 300)} ${JSON.stringify(r.headers)} body ${JSON.stringify(String(r.body ?? '').slice(0, 300))}`;
    expect.fail(`${problem}: ${shown}\n→ ${a.status} ${a.contentType} ${a.text.slice(0, 400)}\nserver log: ${logged.slice(before).join('\n').slice(0, 2000)}`);
  }
}

describe('every mounted route, fuzzed', () => {
  it('finds the routes in the router stack (the walker still understands Express)', () => {
    const listed = routes.map((r) => `${r.methods.join(',')} ${r.path}`);
    for (const known of ['POST /write', 'PUT /api/alerts/rules', 'POST /api/alerts/:id/:action', 'GET /api/query', 'GET /api/client-config', 'PUT /api/indicators/assessments/:community/:item', 'GET /api/twins/:community', ' /twins']) {
      expect(listed).toContain(known);
    }
  });

  it('answers every route with every method and a hostile body without a 500 or internals', async () => {
    for (const route of routes) {
      for (const method of METHODS) {
        const path = concretePath(route, () => encodeURIComponent('__proto__'));
        await send({ method, path: `${path}?community=%E0%A4%A&from=99999999999999999999`, headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"x":1},"constructor":{"prototype":1}}' });
        await send({ method, path: concretePath(route, () => '%E0%A4%A'), headers: { 'content-type': 'application/json' }, body: '{bad' });
      }
    }
  }, 60_000);

  it('answers random requests to random routes without a 500 or internals', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...routes).chain(requestFor), send), fuzzParams(400));
  }, 120_000);

  it('still answers /api/health and reads the store afterwards', async () => {
    const health = await rawRequest(app.url, { method: 'GET', path: '/api/health' }, 5000);
    expect(health.status, health.text).toBe(200);
    expect(JSON.parse(health.text).status).toBe('ok');
    const read = await rawRequest(app.url, { method: 'GET', path: '/api/query?measurement=pipe&community=c-a&field=pressure_kpa&from=now-1h' }, 5000);
    expect(read.status, read.text).toBe(200);
    expect(JSON.parse(read.text).series[0].v).toContain(210);
  });
});
