/**
 * CSRF on cookie sessions, and token authentication the InfluxDB 1.x/2.x way (Bearer, Token,
 * Basic, u/p), which needs no CSRF token: a browser never adds those by itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client, startAuthServer, type AuthServer } from './support/auth-server.ts';

const ADMIN = 'Admin-password-42';
const servers: AuthServer[] = [];
afterEach(async () => { for (const s of servers.splice(0)) await s.stop(); });

async function start(): Promise<{ s: AuthServer; admin: Client }> {
  const s = await startAuthServer({ env: { ADMIN_PASSWORD: ADMIN } });
  servers.push(s);
  const admin = new Client(s.url);
  expect((await admin.login('admin', ADMIN)).status).toBe(200);
  return { s, admin };
}

describe('CSRF', () => {
  it('refuses a state change by cookie without the X-CSRF-Token header, or with a wrong one, and lets the right one through', async () => {
    const { s, admin } = await start();
    admin.sendCsrf = false;
    for (const method of ['POST', 'DELETE']) {
      const missing = await admin.call(method, '/api/probe');
      expect(missing.status).toBe(403);
      expect(missing.body.error).toMatch(/^csrf: .*X-CSRF-Token/);
    }
    const create = await admin.call('POST', '/api/admin/users', { username: 'nobody1', password: 'some-passw0rd', roles: ['leader'], scopes: ['cq'] });
    expect(create.status).toBe(403);
    expect(s.auth.service.listUsers()).toHaveLength(1);

    const wrong = await admin.call('POST', '/api/probe', undefined, { 'x-csrf-token': 'A'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe('csrf: the X-CSRF-Token header does not match this session');

    // Another session's token does not do either.
    const other = new Client(s.url);
    await other.login('admin', ADMIN);
    expect((await admin.call('POST', '/api/probe', undefined, { 'x-csrf-token': other.csrf! })).status).toBe(403);

    admin.sendCsrf = true;
    expect((await admin.call('POST', '/api/probe')).status).toBe(200);
    expect((await admin.call('GET', '/api/probe')).status).toBe(200);
    // Reading needs none.
    admin.sendCsrf = false;
    expect((await admin.call('GET', '/api/probe')).status).toBe(200);
  });

  it('gives the session\'s CSRF token again from /me (a reloaded page)', async () => {
    const { s, admin } = await start();
    const first = admin.csrf;
    const reloaded = new Client(s.url);
    reloaded.cookie = admin.cookie;
    const me = await reloaded.call('GET', '/api/auth/me');
    expect(me.body.csrfToken).toBe(first);
    expect((await reloaded.call('POST', '/api/probe')).status).toBe(200);
  });
});

describe('tokens', () => {
  it('authenticate by Bearer, Token, Basic (any username) and u/p, with no CSRF token', async () => {
    const { s, admin } = await start();
    const created = await admin.call('POST', '/api/admin/tokens', { kind: 'gateway', name: '网关 gw-1', scopes: ['c-eling', 'c-b'] });
    expect(created.status).toBe(201);
    const { secret, token: { id } } = created.body;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body.token).toMatchObject({ kind: 'gateway', name: '网关 gw-1', scopes: ['c-eling', 'c-b'], createdBy: 'admin', lastUsedAt: null, revokedAt: null });
    const expected = { kind: 'gateway', id, name: '网关 gw-1', displayName: '网关 gw-1', roles: ['gateway'], scopes: ['c-eling', 'c-b'] };

    const ask = (path: string, headers: Record<string, string> = {}) => fetch(`${s.url}${path}`, { method: 'POST', headers }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const basic = (user: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
    for (const [path, headers] of [
      ['/api/probe', { authorization: `Bearer ${secret}` }],
      ['/api/probe', { authorization: `Token ${secret}` }],
      ['/api/probe', { authorization: basic('telegraf') }],
      ['/api/probe', { authorization: basic('') }],
      [`/api/probe?u=anyone&p=${secret}`, {}],
    ] as const) {
      const r = await ask(path, headers);
      expect(r, `${path} ${JSON.stringify(headers)}`).toEqual({ status: 200, body: { principal: expected } });
    }
    expect((await ask('/api/probe', { authorization: `Bearer ${secret}x` })).status).toBe(401);
    expect((await ask('/api/probe', { authorization: 'Basic !!!' })).status).toBe(401);
    expect((await ask('/api/probe?p=')).status).toBe(401);

    // The token's last use is shown; the secret never is.
    const listed = (await admin.call('GET', '/api/admin/tokens')).body.tokens;
    expect(listed).toEqual([{ id, kind: 'gateway', name: '网关 gw-1', scopes: ['c-eling', 'c-b'], createdAt: s.clock.t, createdBy: 'admin', lastUsedAt: s.clock.t, revokedAt: null }]);

    s.revoked.length = 0;
    expect((await admin.call('DELETE', `/api/admin/tokens/${id}`)).status).toBe(204);
    expect(s.revoked).toEqual([{ kind: 'token', id }]);
    expect((await ask('/api/probe', { authorization: `Bearer ${secret}` })).status).toBe(401);
    expect((await admin.call('DELETE', '/api/admin/tokens/t-nope')).status).toBe(404);
  });

  it('a socket handshake is authenticated by its cookie or its Authorization header', async () => {
    const { s, admin } = await start();
    const gw = (await admin.call('POST', '/api/admin/tokens', { kind: 'gateway', name: 'gw', scopes: ['c-b'] })).body;
    expect(s.auth.principalFromHandshake({ cookie: `other=1; twin_session=${admin.cookie}` })?.name).toBe('admin');
    expect(s.auth.principalFromHandshake({ authorization: `Bearer ${gw.secret}` })?.kind).toBe('gateway');
    expect(s.auth.principalFromHandshake({ cookie: 'twin_session=forged' })).toBeUndefined();
    expect(s.auth.principalFromHandshake({})).toBeUndefined();
  });

  it('are refused with a clear error when their kind, name or scopes are wrong', async () => {
    const { admin } = await start();
    const cases: [unknown, RegExp][] = [
      [{ kind: 'root', name: 'x', scopes: ['cq'] }, /kind "root" is not one of display, gateway/],
      [{ kind: 'gateway', name: ' ', scopes: ['cq'] }, /name must not be empty/],
      [{ kind: 'gateway', name: 'gw', scopes: [] }, /needs at least one scope/],
      [{ kind: 'gateway', name: 'gw', scopes: ['c-b', 'atlantis'] }, /scope "atlantis" is not in the sites tree/],
      [{ kind: 'display', name: 'wall', scopes: ['c-b', 's-1'] }, /exactly one node/],
      [{ kind: 'gateway', name: 'gw', scopes: ['c-b'], secret: 'mine' }, /secret/],
    ];
    for (const [body, message] of cases) {
      const r = await admin.call('POST', '/api/admin/tokens', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatch(message);
    }
  });
});
