/**
 * Every error answer is JSON `{ error: "<subsystem>: …" }`, in production and in development
 * (where Express's own handler would print the stack and source paths as HTML): unknown paths,
 * body parser failures on every JSON route, malformed percent-encoding, static file errors,
 * thrown errors and rejected promises in handlers, and requests Node's parser refuses. An internal
 * error is logged once with its subsystem and answered only with a reference to that log line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { mountedRoutes, concretePath } from '../../server/access/mounted-routes.ts';
import { internalsIn, rawRequest, type RawRequest } from '../support/raw-request.ts';
import { StoreUnavailableError } from '../../server/store/types.ts';

/** An error whose message is full of what must never reach a client. */
const LEAKY = () => new Error(`boom at ${process.cwd()}/server/secret.ts:12:3 (password=hunter2)`);

interface Case {
  name: string;
  request: RawRequest;
  status: number;
  /** The start of the error text. */
  error: string | RegExp;
  /** Make the server fail for this request; returns the undo. */
  inject?: (app: TestApp) => () => void;
}

const json = { 'content-type': 'application/json' };
const CASES: Case[] = [
  { name: 'an unknown page', request: { method: 'POST', path: '/nope' }, status: 404, error: 'server: no such page or endpoint: POST /nope' },
  { name: 'an unknown API endpoint', request: { method: 'DELETE', path: '/api/alerts/rules' }, status: 404, error: 'api: no such endpoint' },
  { name: 'the client page without its index.html', request: { method: 'GET', path: '/some/page' }, status: 404, error: 'server: no such file' },
  { name: 'a range past the end of a static file', request: { method: 'GET', path: '/app.js', headers: { range: 'bytes=99999-' } }, status: 416, error: 'server: range not satisfiable' },
  { name: 'malformed percent-encoding of a client path', request: { method: 'GET', path: '/%E0%A4%A' }, status: 400, error: 'server: the path is not valid percent-encoded UTF-8' },
  { name: 'malformed percent-encoding of an alert id', request: { method: 'GET', path: '/api/alerts/%E0%A4%A' }, status: 400, error: 'alerts: the path is not valid percent-encoded UTF-8' },
  { name: 'malformed percent-encoding of a community', request: { method: 'GET', path: '/api/indicators/assessments/%E0%A4%A/1.1/history' }, status: 400, error: 'indicators: the path is not valid percent-encoded UTF-8' },
  { name: 'malformed percent-encoding of a twin', request: { method: 'GET', path: '/api/twins/%E0%A4%A' }, status: 400, error: 'twins: the path is not valid percent-encoded UTF-8' },
  { name: 'a twins folder that cannot be listed (a rejected async handler)', request: { method: 'GET', path: '/api/twins' }, status: 500, error: /^server: internal error in twins \(reference [0-9a-f]{8}\)/ },
  {
    name: 'a thrown error in a synchronous handler', request: { method: 'GET', path: '/api/alerts/stats' }, status: 500, error: /^server: internal error in alerts \(reference [0-9a-f]{8}\)/,
    inject: (app) => patch(app.alerts.queries, 'stats', () => { throw LEAKY(); }),
  },
  {
    name: 'a rejected promise in an async handler', request: { method: 'GET', path: '/api/indicators/auto?community=c-a' }, status: 500, error: /^server: internal error in indicators \(reference [0-9a-f]{8}\)/,
    inject: (app) => patch(app.twins, 'get', async () => { throw LEAKY(); }),
  },
  {
    name: 'a store query that fails', request: { method: 'GET', path: '/api/query?measurement=pipe&community=c-a' }, status: 500, error: /^server: internal error in api \(reference [0-9a-f]{8}\)/,
    inject: (app) => patch(app.store, 'query', async () => { throw LEAKY(); }),
  },
  {
    name: 'a store that is unreachable', request: { method: 'GET', path: '/api/query?measurement=pipe&community=c-a' }, status: 503, error: 'query: the time-series store is unreachable; try again shortly',
    inject: (app) => patch(app.store, 'query', async () => { throw new StoreUnavailableError('sqlite: gone'); }),
  },
  {
    name: 'an error thrown on the ingest path', request: { method: 'POST', path: '/write', body: 'pipe,community=c-a,neighbourhood=n-a1,network=gas,sensor=g-1 pressure_kpa=2' }, status: 500, error: /^server: internal error in ingest \(reference [0-9a-f]{8}\)/,
    // Live delivery failing is logged and the batch still stored (write-hardening tests); a failure of the store writer itself is internal.
    inject: (app) => patch(app.writer, 'submit', async () => { throw LEAKY(); }),
  },
  { name: 'a request line and headers over 16 kB', request: { method: 'GET', path: `/api/alerts/${'9'.repeat(20_000)}` }, status: 431, error: 'server: the request line and headers are larger than 16 kB' },
];

/** Body failures every JSON body route must explain in its own subsystem's name. */
const BODY_CASES: { name: string; headers: Record<string, string>; body: string | Buffer; status: number; error: string }[] = [
  { name: 'not JSON', headers: json, body: '{"operator": ', status: 400, error: 'request body is not valid JSON' },
  { name: 'larger than 64 kB', headers: json, body: JSON.stringify({ note: 'x'.repeat(70 * 1024) }), status: 413, error: 'request body is larger than the limit of 65536 bytes' },
  { name: 'in a charset other than UTF-8', headers: { 'content-type': 'application/json; charset=latin9' }, body: '{}', status: 415, error: 'request body charset "latin9" is not supported; send UTF-8' },
  { name: 'in an unknown Content-Encoding', headers: { ...json, 'content-encoding': 'zstd' }, body: '{}', status: 415, error: 'request body Content-Encoding is not supported' },
  { name: 'gzip that does not inflate', headers: { ...json, 'content-encoding': 'gzip' }, body: '{"not":"gzip"}', status: 400, error: 'request body does not decompress with its Content-Encoding' },
  { name: 'gzip cut short', headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync('{"operator":"x"}').subarray(0, 12), status: 400, error: 'request body does not decompress with its Content-Encoding' },
];

/** Replace one method of a live object (an own property shadows the class's); returns the undo. */
function patch<T extends object>(target: T, key: keyof T & string, value: unknown): () => void {
  const t = target as Record<string, unknown>;
  const own = Object.prototype.hasOwnProperty.call(t, key);
  const before = t[key];
  t[key] = value;
  return () => { if (own) t[key] = before; else delete t[key]; };
}

describe.each(['development', 'production'])('error answers with NODE_ENV=%s', (nodeEnv) => {
  let app: TestApp;
  const tmp = mkdtempSync(join(tmpdir(), 'error-answers-'));
  const logged: unknown[][] = [];

  beforeAll(async () => {
    const clientDir = join(tmp, 'client');
    const notADir = join(tmp, 'twins-is-a-file');
    writeFileSync(notADir, 'not a folder');
    mkdirSync(clientDir);
    writeFileSync(join(clientDir, 'app.js'), 'console.log(1)');
    // Express reads NODE_ENV when the application is made.
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = nodeEnv;
    try {
      app = await startTestApp({ config: { clientDir, twinsDir: notADir } });
    } finally {
      process.env.NODE_ENV = saved;
    }
    expect(app.express.get('env')).toBe(nodeEnv);
    expect((await app.write('pipe,community=c-a,neighbourhood=n-a1,network=gas,sensor=g-1 pressure_kpa=2')).status).toBe(204);
  });
  afterEach(() => { logged.length = 0; vi.restoreAllMocks(); });
  afterAll(async () => {
    await app?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const expectClean = (a: { status: number; contentType: string; text: string }, status: number, error: string | RegExp) => {
    expect(a.status, a.text).toBe(status);
    expect(a.contentType).toMatch(/^application\/json/);
    expect(internalsIn(a.text), a.text).toBeUndefined();
    expect(a.text).not.toContain('hunter2');
    const body = JSON.parse(a.text) as { error: string };
    if (typeof error === 'string') expect(body.error.startsWith(error), body.error).toBe(true);
    else expect(body.error).toMatch(error);
    return body.error;
  };

  it.each(CASES)('$name', async (c) => {
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { logged.push(args); });
    const undo = c.inject?.(app);
    let a;
    try {
      a = await rawRequest(app.url, c.request);
    } finally {
      undo?.();
    }
    const error = expectClean(a, c.status, c.error);
    if (c.status === 500) {
      // Logged once, with the subsystem and the reference the client was given, and the real error.
      const reference = /reference ([0-9a-f]{8})/.exec(error)![1];
      expect(logged).toHaveLength(1);
      expect(String(logged[0][0])).toMatch(new RegExp(`^[a-z]+: internal error ${reference} on ${c.request.method} `));
      expect(logged[0][1]).toBeInstanceOf(Error);
    } else {
      expect(logged).toEqual([]);
    }
  });

  it.each(BODY_CASES)('a body $name on every JSON route', async (c) => {
    // The acknowledgement link's button posts a form, not JSON (server/notify/ack-links.ts).
    const formRoutes = ['/api/notify/ack/:token'];
    const routes = mountedRoutes(app.express).filter((r) => r.path.startsWith('/api/') && !formRoutes.includes(r.path) && r.methods.some((m) => m === 'PUT' || m === 'POST'));
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const route of routes) {
      const path = concretePath(route, (p) => ({ id: '1', action: 'comment', community: 'c-a', item: '1.1' })[p] ?? 'x');
      const query = path.startsWith('/api/alerts/rules') ? '?community=c-a' : '';
      // The sites registry answers as "sites", the wall screens' profiles as "displays", notification channels and rules as "notify", emergency plans and drills as "plans";
      // a place may carry a district's boundary (4 MB) and an import a whole city's tree (64 MB), far over the 64 kB of the other routes.
      const subsystem = path.startsWith('/api/admin/sites') ? 'sites' : path.startsWith('/api/admin/displays') ? 'displays'
        : path.startsWith('/api/admin/notify') ? 'notify'
        : /^\/api\/(plans|drills)\b|^\/api\/alerts\/[^/]+\/plan\b/.test(path) ? 'plans' : path.split('/')[2];
      if (c.status === 413 && subsystem === 'sites') continue;
      for (const method of route.methods.filter((m) => m === 'PUT' || m === 'POST')) {
        const a = await rawRequest(app.url, { method, path: `${path}${query}`, headers: c.headers, body: c.body });
        // Sign-in bodies are small: their limit is 16 kB, the others' 64 kB.
        expectClean(a, c.status, c.status === 413 ? new RegExp(`^${subsystem}: request body is larger than the limit of \\d+ bytes`) : `${subsystem}: ${c.error}`);
      }
    }
  });
});
