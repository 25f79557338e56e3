/**
 * Session lifetimes and revocation: people's sessions end when idle or at their absolute end,
 * displays' never; revoking a token, changing a password or a user's roles ends what depended on
 * them, and each end is announced as a 'revoked' event (the live hub closes sockets on it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client, startAuthServer, type AuthServer } from './support/auth-server.ts';

const ADMIN = 'Admin-password-42';
const HOUR = 3_600_000;
const servers: AuthServer[] = [];
afterEach(async () => { for (const s of servers.splice(0)) await s.stop(); });

async function start(env: Record<string, string> = {}): Promise<{ s: AuthServer; admin: Client }> {
  const s = await startAuthServer({ env: { ADMIN_PASSWORD: ADMIN, ...env } });
  servers.push(s);
  const admin = new Client(s.url);
  expect((await admin.login('admin', ADMIN)).status).toBe(200);
  return { s, admin };
}

async function createUser(admin: Client, username: string, roles = ['leader'], scopes = ['d-yz']): Promise<string> {
  const r = await admin.call('POST', '/api/admin/users', { username, password: `${username}-passw0rd`, roles, scopes });
  expect(r.status).toBe(201);
  return r.body.user.id;
}

describe('people\'s sessions', () => {
  it('end after SESSION_IDLE_MINUTES without a request', async () => {
    const { s, admin } = await start({ SESSION_IDLE_MINUTES: '30' });
    await createUser(admin, 'leader1');
    const c = new Client(s.url);
    await c.login('leader1', 'leader1-passw0rd');
    const sessionId = s.auth.principalFromHandshake({ cookie: `twin_session=${c.cookie}` })!.sessionId!;
    s.clock.t += 29 * 60_000;
    expect((await c.call('GET', '/api/auth/me')).status).toBe(200);
    // That request counted as activity: another 29 minutes are fine, 30 idle are not.
    s.clock.t += 29 * 60_000;
    expect((await c.call('GET', '/api/auth/me')).status).toBe(200);
    s.revoked.length = 0;
    s.clock.t += 30 * 60_000;
    expect((await c.call('GET', '/api/auth/me')).status).toBe(401);
    expect(s.revoked).toEqual([{ kind: 'session', id: sessionId }]);
  });

  it('end at SESSION_HOURS however active', async () => {
    const { s, admin } = await start({ SESSION_HOURS: '2' });
    await createUser(admin, 'leader1');
    const c = new Client(s.url);
    const login = await c.login('leader1', 'leader1-passw0rd');
    expect(login.body.expiresAt).toBe(s.clock.t + 2 * HOUR);
    expect(login.headers.get('set-cookie')).toMatch(/Max-Age=7200/);
    for (let i = 0; i < 3; i++) {
      s.clock.t += 39 * 60_000;
      expect((await c.call('GET', '/api/auth/me')).status).toBe(200);
    }
    s.clock.t += 3 * 60_000;
    expect((await c.call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('are removed by the sweep once expired, each announced', async () => {
    const { s, admin } = await start();
    await createUser(admin, 'leader1');
    await new Client(s.url).login('leader1', 'leader1-passw0rd');
    s.revoked.length = 0;
    s.clock.t += 61 * 60_000;
    expect(s.auth.service.sweep()).toBe(2);
    expect(s.revoked.map((e) => e.kind)).toEqual(['session', 'session']);
    expect((await admin.call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('survive a restart of the server', async () => {
    const s = await startAuthServer({ env: { ADMIN_PASSWORD: ADMIN } });
    const c = new Client(s.url);
    await c.login('admin', ADMIN);
    await s.stop({ keepData: true });
    const again = await startAuthServer({ env: { ADMIN_PASSWORD: ADMIN }, dataDir: s.dataDir });
    servers.push(again);
    const moved = new Client(again.url);
    moved.cookie = c.cookie;
    expect((await moved.call('GET', '/api/auth/me')).body.principal.name).toBe('admin');
  });

  it('other than the current one end when the password is changed', async () => {
    const { s, admin } = await start();
    const id = await createUser(admin, 'leader1');
    const desk = new Client(s.url);
    const phone = new Client(s.url);
    await desk.login('leader1', 'leader1-passw0rd');
    await phone.login('leader1', 'leader1-passw0rd');
    s.revoked.length = 0;
    const wrong = await desk.call('POST', '/api/auth/password', { oldPassword: 'not-my-password', newPassword: 'leader1-new-passw0rd' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe('auth: the current password is wrong');
    expect(s.revoked).toEqual([]);
    const weak = await desk.call('POST', '/api/auth/password', { oldPassword: 'leader1-passw0rd', newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toEqual({ zh: '密码至少需要 10 个字符', en: 'the password must have at least 10 characters' });
    const ok = await desk.call('POST', '/api/auth/password', { oldPassword: 'leader1-passw0rd', newPassword: 'leader1-new-passw0rd' });
    expect(ok.status).toBe(204);
    expect((await desk.call('GET', '/api/auth/me')).status).toBe(200);
    expect((await phone.call('GET', '/api/auth/me')).status).toBe(401);
    expect(s.revoked).toHaveLength(1);
    expect(s.revoked[0].kind).toBe('session');
    expect((await new Client(s.url).login('leader1', 'leader1-passw0rd')).status).toBe(401);
    expect((await new Client(s.url).login('leader1', 'leader1-new-passw0rd')).status).toBe(200);
    expect(s.auth.service.getUser(id).mustChangePassword).toBe(false);
  });
});

describe('user changes', () => {
  it('announce the user when roles or scopes change, and the next request sees the new ones', async () => {
    const { s, admin } = await start();
    const id = await createUser(admin, 'leader1');
    const c = new Client(s.url);
    await c.login('leader1', 'leader1-passw0rd');
    s.revoked.length = 0;
    expect((await admin.call('PATCH', `/api/admin/users/${id}`, { displayName: '李明 Li Ming' })).status).toBe(200);
    expect(s.revoked).toEqual([]);
    expect((await c.call('GET', '/api/auth/me')).body.principal.displayName).toBe('李明 Li Ming');
    const patched = await admin.call('PATCH', `/api/admin/users/${id}`, { roles: ['centre_operator'], scopes: ['s-1'] });
    expect(patched.status).toBe(200);
    expect(s.revoked).toEqual([{ kind: 'user', id }]);
    expect((await c.call('GET', '/api/auth/me')).body.principal).toMatchObject({ roles: ['centre_operator'], scopes: ['s-1'] });
  });

  it('end every session of a disabled or deleted user', async () => {
    const { s, admin } = await start();
    const id = await createUser(admin, 'leader1');
    const c = new Client(s.url);
    await c.login('leader1', 'leader1-passw0rd');
    s.revoked.length = 0;
    expect((await admin.call('PATCH', `/api/admin/users/${id}`, { disabled: true })).body.user.disabled).toBe(true);
    expect(s.revoked.map((e) => e.kind).sort()).toEqual(['session', 'user']);
    expect((await c.call('GET', '/api/auth/me')).status).toBe(401);
    const refused = await c.login('leader1', 'leader1-passw0rd');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/disabled/);

    await admin.call('PATCH', `/api/admin/users/${id}`, { disabled: false });
    await c.login('leader1', 'leader1-passw0rd');
    s.revoked.length = 0;
    expect((await admin.call('DELETE', `/api/admin/users/${id}`)).status).toBe(204);
    expect(s.revoked.map((e) => e.kind).sort()).toEqual(['session', 'user']);
    expect((await c.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await admin.call('DELETE', `/api/admin/users/${id}`)).status).toBe(404);
  });

  it('end the sessions of a user whose password an administrator resets', async () => {
    const { s, admin } = await start();
    const id = await createUser(admin, 'leader1');
    const c = new Client(s.url);
    await c.login('leader1', 'leader1-passw0rd');
    const reset = await admin.call('PATCH', `/api/admin/users/${id}`, { password: 'reset-by-admin-1' });
    expect(reset.body.user.mustChangePassword).toBe(true);
    expect((await c.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await c.login('leader1', 'reset-by-admin-1')).body.mustChangePassword).toBe(true);
  });
});

describe('display sessions', () => {
  async function displayToken(admin: Client): Promise<{ id: string; secret: string }> {
    const r = await admin.call('POST', '/api/admin/tokens', { kind: 'display', name: '两路口街道大屏', scopes: ['s-1'] });
    expect(r.status).toBe(201);
    return { ...r.body.token, secret: r.body.secret };
  }

  it('never expire, refresh their long cookie, and end when the token is revoked', async () => {
    const { s, admin } = await start();
    const token = await displayToken(admin);
    const wall = new Client(s.url);
    const opened = await wall.call('POST', '/api/auth/display', { token: token.secret });
    expect(opened.status).toBe(200);
    expect(opened.body.principal).toEqual({ kind: 'display', id: token.id, name: '两路口街道大屏', displayName: '两路口街道大屏', roles: ['display'], scopes: ['s-1'] });
    expect(opened.body.expiresAt).toBeNull();
    expect(opened.headers.get('set-cookie')).toMatch(/Max-Age=34560000/);

    // A year without a request: a wall screen still shows.
    s.clock.t += 365 * 24 * HOUR;
    expect(s.auth.service.sweep()).toBe(1); // the administrator's session, not the display's
    const me = await wall.call('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.expiresAt).toBeNull();
    expect(me.headers.get('set-cookie')).toMatch(/Max-Age=34560000/);

    expect((await admin.login('admin', ADMIN)).status).toBe(200);
    s.revoked.length = 0;
    expect((await admin.call('DELETE', `/api/admin/tokens/${token.id}`)).status).toBe(204);
    expect(s.revoked.map((e) => e.kind).sort()).toEqual(['session', 'token']);
    expect(s.revoked.find((e) => e.kind === 'token')!.id).toBe(token.id);
    expect((await wall.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await new Client(s.url).call('POST', '/api/auth/display', { token: token.secret })).status).toBe(401);
    const listed = (await admin.call('GET', '/api/admin/tokens')).body.tokens[0];
    expect(listed.revokedAt).toBe(s.clock.t);
  });

  it('are not opened with a gateway token or a made-up one', async () => {
    const { s, admin } = await start();
    const gw = await admin.call('POST', '/api/admin/tokens', { kind: 'gateway', name: 'gw-1', scopes: ['c-b'] });
    const c = new Client(s.url);
    const refused = await c.call('POST', '/api/auth/display', { token: gw.body.secret });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('auth: this is not a display token in force');
    expect((await c.call('POST', '/api/auth/display', { token: 'x'.repeat(43) })).status).toBe(401);
  });
});

describe('demo guest', () => {
  it('is off unless DEMO_GUEST=on', async () => {
    const { s } = await start();
    const r = await new Client(s.url).call('POST', '/api/auth/guest');
    expect(r.status).toBe(404);
    expect(r.body.error).toMatch(/DEMO_GUEST/);
  });

  it('gets a read-only session on the demo community for two hours', async () => {
    const { s } = await start({ DEMO_GUEST: 'on' });
    const g = new Client(s.url);
    const r = await g.call('POST', '/api/auth/guest');
    expect(r.status).toBe(200);
    expect(r.body.principal).toMatchObject({ kind: 'user', name: 'demo-guest', roles: ['demo_guest'], scopes: ['c-eling'] });
    expect(r.body.expiresAt).toBe(s.clock.t + 2 * HOUR);
    expect((await g.call('GET', '/api/admin/users')).status).toBe(403);
    expect((await g.call('POST', '/api/auth/password', { oldPassword: 'x', newPassword: 'y' })).status).toBe(403);
    s.clock.t += 2 * HOUR;
    expect((await g.call('GET', '/api/auth/me')).status).toBe(401);
  });
});
