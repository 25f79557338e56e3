/** Sign-in over HTTP: login, me, logout, wrong passwords, lockout and unlock, throttling, the cookie. */
import { afterEach, describe, expect, it } from 'vitest';
import { Client, startAuthServer, type AuthServer } from './support/auth-server.ts';

const ADMIN = 'Admin-password-42';
const servers: AuthServer[] = [];
afterEach(async () => { for (const s of servers.splice(0)) await s.stop(); });

async function serverWithUser(env: Record<string, string> = {}): Promise<{ s: AuthServer; admin: Client }> {
  const s = await startAuthServer({ env: { ADMIN_PASSWORD: ADMIN, ...env } });
  servers.push(s);
  const admin = new Client(s.url);
  expect((await admin.login('admin', ADMIN)).status).toBe(200);
  const created = await admin.call('POST', '/api/admin/users', { username: 'wang.li', displayName: '王丽', password: 'wang-li-passw0rd', roles: ['centre_operator'], scopes: ['s-1'] });
  expect(created.status).toBe(201);
  return { s, admin };
}

describe('sign-in', () => {
  it('signs in, says who is signed in, and signs out', async () => {
    const { s } = await serverWithUser();
    const c = new Client(s.url);
    const login = await c.login('WANG.LI', 'wang-li-passw0rd');
    expect(login.status).toBe(200);
    expect(login.body.principal).toEqual({ kind: 'user', id: expect.any(String), name: 'wang.li', displayName: '王丽', roles: ['centre_operator'], scopes: ['s-1'] });
    expect(login.body.expiresAt).toBe(s.clock.t + 12 * 3_600_000);
    expect(login.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^twin_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);

    const me = await c.call('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ principal: login.body.principal, csrfToken: login.body.csrfToken, expiresAt: login.body.expiresAt, mustChangePassword: true });

    const out = await c.call('POST', '/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/twin_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(c.cookie).toBeUndefined();
    expect((await c.call('GET', '/api/auth/me')).status).toBe(401);
    const actions = s.auth.audit.list({ target: 'user:wang.li' }).entries.map((e) => e.action);
    expect(actions).toEqual(['auth.logout', 'auth.login', 'user.create']);
  });

  it('keeps a stolen cookie useless after logout', async () => {
    const { s } = await serverWithUser();
    const c = new Client(s.url);
    await c.login('wang.li', 'wang-li-passw0rd');
    const stolen = c.cookie;
    await c.call('POST', '/api/auth/logout');
    const replay = new Client(s.url);
    replay.cookie = stolen;
    expect((await replay.call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('answers a wrong password and an unknown username alike, with 401', async () => {
    const { s } = await serverWithUser();
    const c = new Client(s.url);
    const wrong = await c.login('wang.li', 'not-the-password');
    const unknown = await c.login('nobody', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'auth: wrong username or password' });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a body that is not a username and password, naming the field', async () => {
    const { s } = await serverWithUser();
    const c = new Client(s.url);
    const missing = await c.call('POST', '/api/auth/login', { username: 'wang.li' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/^auth: body field "password"/);
    const extra = await c.call('POST', '/api/auth/login', { username: 'wang.li', password: 'x', remember: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatch(/remember/);
  });

  it('locks a username after 5 wrong passwords (423, until when), even for the right one, until an administrator unlocks it', async () => {
    const { s, admin } = await serverWithUser();
    const c = new Client(s.url);
    for (let i = 0; i < 4; i++) expect((await c.login('wang.li', `wrong-${i}-password`)).status).toBe(401);
    const fifth = await c.login('wang.li', 'wrong-5-password');
    expect(fifth.status).toBe(423);
    expect(fifth.body.lockedUntil).toBe(s.clock.t + 15 * 60_000);
    const right = await c.login('wang.li', 'wang-li-passw0rd');
    expect(right.status).toBe(423);
    expect(right.body.error).toMatch(/locked/);

    const listed = (await admin.call('GET', '/api/admin/users')).body.users.find((u: any) => u.username === 'wang.li');
    expect(listed.lockedUntil).toBe(fifth.body.lockedUntil);
    const unlock = await admin.call('POST', `/api/admin/users/${listed.id}/unlock`);
    expect(unlock.status).toBe(200);
    expect(unlock.body.user.lockedUntil).toBeNull();
    expect((await c.login('wang.li', 'wang-li-passw0rd')).status).toBe(200);
    expect(s.auth.audit.list({ action: 'user.unlock' }).entries[0].actor.name).toBe('admin');
  });

  it('lifts a lockout by itself after LOGIN_LOCK_MINUTES', async () => {
    const { s } = await serverWithUser({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '2' });
    const c = new Client(s.url);
    for (let i = 0; i < 2; i++) expect((await c.login('wang.li', 'wrong-password-x')).status).toBe(401);
    expect((await c.login('wang.li', 'wrong-password-x')).status).toBe(423);
    s.clock.t += 119_000;
    expect((await c.login('wang.li', 'wang-li-passw0rd')).status).toBe(423);
    s.clock.t += 2_000;
    expect((await c.login('wang.li', 'wang-li-passw0rd')).status).toBe(200);
  });

  it('throttles one address to LOGIN_RATE_PER_MINUTE attempts (429 with Retry-After), whatever the usernames', async () => {
    const { s } = await serverWithUser({ LOGIN_RATE_PER_MINUTE: '10' });
    const c = new Client(s.url);
    // The admin's sign-in above took one attempt.
    for (let i = 0; i < 9; i++) expect((await c.login(`user${i}`, 'guess-password')).status).toBe(401);
    const refused = await c.login('wang.li', 'wang-li-passw0rd');
    expect(refused.status).toBe(429);
    expect(refused.body.retryAfterS).toBe(6);
    expect(refused.headers.get('retry-after')).toBe('6');
    s.clock.t += 6_000;
    expect((await c.login('wang.li', 'wang-li-passw0rd')).status).toBe(200);
  });

  it('marks the cookie Secure behind a trusted proxy when the request came over https', async () => {
    const s = await startAuthServer({ env: { ADMIN_PASSWORD: ADMIN, TRUST_PROXY: 'loopback' } });
    servers.push(s);
    const https = await new Client(s.url).call('POST', '/api/auth/login', { username: 'admin', password: ADMIN }, { 'x-forwarded-proto': 'https' });
    expect(https.headers.get('set-cookie')).toMatch(/; Secure/);
    const http = await new Client(s.url).call('POST', '/api/auth/login', { username: 'admin', password: ADMIN }, { 'x-forwarded-proto': 'http' });
    expect(http.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});
