/**
 * The API client against a real HTTP server: state-changing requests carry the session's CSRF
 * token once one is known, reads never do, and a failed request brings the server's whole answer
 * (the lock's end, the throttle's wait, an import's problems) to the page.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, getJson, sendJson } from '../../../client/api/api-client.ts';
import { csrfHeaders, setCsrfToken } from '../../../client/auth/csrf-token.ts';
import { signInFailure } from '../../../client/auth/sign-in-outcome.ts';

interface Seen { method: string; url: string; headers: IncomingHttpHeaders; body: string }
let server: Server;
let base = '';
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = (status: number, json?: unknown) => {
        res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
        res.end(json === undefined ? undefined : JSON.stringify(json));
      };
      if (req.url === '/locked') return reply(423, { error: 'account locked', lockedUntil: 1_767_225_600_000 });
      if (req.url === '/throttled') return reply(429, { error: 'too many attempts', retryAfterS: 30 });
      if (req.url === '/wrong') return reply(401, { error: 'wrong username or password' });
      if (req.url === '/import') return reply(400, { error: 'sites: 2 problems', problems: ['row 2: no name', 'row 5: unknown parent "x"'] });
      if (req.url === '/gone') return reply(204);
      return reply(200, { ok: true, method: req.method });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => { seen.length = 0; setCsrfToken(null); });

describe('CSRF token on state-changing requests', () => {
  it('sends none before a session is known, then the session token on POST, PATCH and DELETE', async () => {
    await sendJson('POST', `${base}/x`, { a: 1 });
    expect(seen[0]!.headers['x-csrf-token']).toBeUndefined();
    setCsrfToken('tok-123');
    await sendJson('POST', `${base}/x`, { a: 1 });
    await sendJson('PATCH', `${base}/x`, { b: 2 });
    await sendJson('DELETE', `${base}/gone`);
    expect(seen.slice(1).map((s) => [s.method, s.headers['x-csrf-token']])).toEqual([['POST', 'tok-123'], ['PATCH', 'tok-123'], ['DELETE', 'tok-123']]);
    expect(seen[1]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[1]!.body)).toEqual({ a: 1 });
    expect(csrfHeaders()).toEqual({ 'X-CSRF-Token': 'tok-123' });
  });

  it('never puts the token on a read', async () => {
    setCsrfToken('tok-123');
    await getJson(`${base}/read`);
    expect(seen[0]!.method).toBe('GET');
    expect(seen[0]!.headers['x-csrf-token']).toBeUndefined();
  });

  it('sends a file as it is with its content type (a CSV import)', async () => {
    setCsrfToken('tok-9');
    const csv = 'id,level,parent,name_zh\nc-1,community,s-1,"甲,社区"\n';
    await sendJson('POST', `${base}/x`, csv, { contentType: 'text/csv' });
    expect(seen[0]!.headers['content-type']).toBe('text/csv');
    expect(seen[0]!.body).toBe(csv);
    expect(seen[0]!.headers['x-csrf-token']).toBe('tok-9');
  });

  it('answers undefined for 204 and the JSON otherwise', async () => {
    expect(await sendJson('DELETE', `${base}/gone`)).toBeUndefined();
    expect(await sendJson<{ method: string }>('PUT', `${base}/x`, {})).toEqual({ ok: true, method: 'PUT' });
  });
});

describe('failed requests carry the server answer', () => {
  it('a lock keeps its end time, a throttle its wait, a wrong password its status', async () => {
    const fail = (path: string) => sendJson('POST', `${base}${path}`, {}).then(() => { throw new Error('should fail'); }, (e: unknown) => e);
    const now = 1_000_000;
    expect(signInFailure(await fail('/locked'), now)).toEqual({ kind: 'locked', lockedUntil: 1_767_225_600_000 });
    expect(signInFailure(await fail('/throttled'), now)).toEqual({ kind: 'throttled', retryUntil: now + 30_000 });
    expect(signInFailure(await fail('/wrong'), now)).toEqual({ kind: 'wrong' });
    const unreachable = await sendJson('POST', 'http://127.0.0.1:1/x', {}).catch((e: unknown) => e);
    expect(signInFailure(unreachable, now).kind).toBe('unreachable');
  });

  it('an import refusal lists every problem', async () => {
    const e = await sendJson('POST', `${base}/import`, 'x', { contentType: 'text/csv' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(400);
    expect((e as ApiError).serverMessage).toBe('sites: 2 problems');
    expect((e as ApiError).body.problems).toEqual(['row 2: no name', 'row 5: unknown parent "x"']);
  });
});
