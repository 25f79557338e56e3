/** Administration of users over /api/admin: what may be created, hostile names, the last administrator, the audit API. */
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

const user = (over: Record<string, unknown> = {}) => ({ username: 'li.ming', password: 'li-ming-passw0rd', roles: ['property_operator'], scopes: ['n-b1'], ...over });

describe('users', () => {
  it('are shown without their password hash or failure count', async () => {
    const { s, admin } = await start();
    const created = await admin.call('POST', '/api/admin/users', user({ displayName: '李明' }));
    expect(created.status).toBe(201);
    expect(created.body.user).toEqual({
      id: expect.stringMatching(/^u-/), username: 'li.ming', displayName: '李明', roles: ['property_operator'], scopes: ['n-b1'],
      disabled: false, lockedUntil: null, mustChangePassword: true, createdAt: s.clock.t, lastLoginAt: null,
    });
    const listed = await admin.call('GET', '/api/admin/users');
    expect(listed.body.users.map((u: any) => u.username)).toEqual(['admin', 'li.ming']);
    expect(JSON.stringify(listed.body)).not.toMatch(/argon2|hash|failed/i);
    await new Client(s.url).login('li.ming', 'li-ming-passw0rd');
    expect((await admin.call('GET', '/api/admin/users')).body.users[1].lastLoginAt).toBe(s.clock.t);
  });

  it('are refused, naming the field, when a role, scope or password is wrong', async () => {
    const { admin } = await start();
    const cases: [Record<string, unknown>, RegExp][] = [
      [user({ roles: ['superuser'] }), /role "superuser" is not one of admin, leader, centre_operator, property_operator, demo_guest/],
      [user({ roles: ['gateway'] }), /role "gateway" is not one of/],
      [user({ roles: [] }), /roles must name at least one/],
      [user({ scopes: [] }), /needs at least one scope/],
      [user({ scopes: ['n-b1', 'c-nowhere'] }), /scope "c-nowhere" is not in the sites tree/],
      [user({ password: 'short' }), /at least 10 characters/],
      [user({ password: 'li.ming' + '' }), /at least 10 characters/],
      [user({ username: 'li.ming.user', password: 'LI.MING.USER' }), /must not be the username/],
      [user({ password: 'aaaaaaaaaaaa' }), /one character repeated/],
      [user({ password: undefined }), /body field "password"/],
      [user({ isAdmin: true }), /isAdmin/],
    ];
    for (const [body, message] of cases) {
      const r = await admin.call('POST', '/api/admin/users', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatch(/^auth: /);
      expect(r.body.error).toMatch(message);
    }
    const repeated = await admin.call('POST', '/api/admin/users', user({ password: '一一一一一一一一一一一' }));
    expect(repeated.body.message).toEqual({ zh: '密码不能只由同一个字符组成', en: 'the password must not be one character repeated' });
    // An administrator needs no scope.
    expect((await admin.call('POST', '/api/admin/users', user({ username: 'admin2', roles: ['admin'], scopes: [] }))).status).toBe(201);
  });

  it('have usernames unique ignoring case', async () => {
    const { admin } = await start();
    expect((await admin.call('POST', '/api/admin/users', user())).status).toBe(201);
    const again = await admin.call('POST', '/api/admin/users', user({ username: 'LI.Ming' }));
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('auth: username "LI.Ming" is taken (usernames are compared ignoring case)');
  });

  it('refuse hostile usernames with a clear error and keep hostile display names as plain text', async () => {
    const { s, admin } = await start();
    for (const username of ['<script>alert(1)</script>', "x' OR '1'='1", "robert'); DROP TABLE auth_users;--", 'a'.repeat(65), 'ab\u0000cd', ' spaced', 'a']) {
      const r = await admin.call('POST', '/api/admin/users', user({ username }));
      expect(r.status, username).toBe(400);
      expect(r.body.error).toMatch(/^auth: username ".*" must be 2 to 64 letters, digits or the characters \. _ @ -/s);
    }
    const hostile = '<img src=x onerror=alert(1)> \'; DROP TABLE auth_users;-- &amp; 王';
    const created = await admin.call('POST', '/api/admin/users', user({ username: '王小明', displayName: hostile }));
    expect(created.status).toBe(201);
    expect(created.body.user.username).toBe('王小明');
    expect(created.body.user.displayName).toBe(hostile);
    const c = new Client(s.url);
    const login = await c.login('王小明', 'li-ming-passw0rd');
    expect(login.body.principal.displayName).toBe(hostile);
    expect((await admin.call('GET', '/api/admin/users')).body.users).toHaveLength(2);
    // A hostile or huge username at sign-in is just a wrong one.
    expect((await c.login("' OR 1=1 --", 'whatever-pass')).status).toBe(401);
    const huge = await c.login('x'.repeat(10_000), 'whatever-pass');
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatch(/body field "username"/);
    expect((await admin.call('POST', '/api/admin/users', user({ username: 'long.name', displayName: '长'.repeat(101) }))).body.error).toMatch(/displayName .* is longer than 100 characters/);
  });

  it('always leave one enabled administrator, and an administrator cannot remove themselves', async () => {
    const { s, admin } = await start();
    const adminId = s.auth.service.listUsers()[0].id;
    const demote = await admin.call('PATCH', `/api/admin/users/${adminId}`, { roles: ['leader'], scopes: ['cq'] });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toMatch(/would leave no enabled administrator/);
    expect((await admin.call('PATCH', `/api/admin/users/${adminId}`, { disabled: true })).body.error).toBe('auth: you cannot disable your own account');
    expect((await admin.call('DELETE', `/api/admin/users/${adminId}`)).body.error).toBe('auth: you cannot delete your own account');
    const second = await admin.call('POST', '/api/admin/users', user({ username: 'admin2', roles: ['admin'], scopes: [] }));
    expect((await admin.call('PATCH', `/api/admin/users/${second.body.user.id}`, { roles: ['leader'], scopes: ['cq'] })).status).toBe(200);
    expect((await admin.call('PATCH', `/api/admin/users/${second.body.user.id}`, {})).body.error).toMatch(/at least one of displayName/);
    expect((await admin.call('PATCH', '/api/admin/users/u-missing', { disabled: true })).status).toBe(404);
  });

  it('may not be administered by someone who is not an administrator', async () => {
    const { s, admin } = await start();
    await admin.call('POST', '/api/admin/users', user({ roles: ['leader'], scopes: ['cq'] }));
    const leader = new Client(s.url);
    await leader.login('li.ming', 'li-ming-passw0rd');
    expect((await leader.call('GET', '/api/admin/users')).status).toBe(403);
    expect((await new Client(s.url).call('GET', '/api/admin/audit')).status).toBe(401);
  });
});

describe('the audit API', () => {
  it('lists every change newest first, filtered, in pages with a cursor, with the caller and its address', async () => {
    const { s, admin } = await start();
    for (let i = 0; i < 5; i++) {
      s.clock.t += 1000;
      expect((await admin.call('POST', '/api/admin/users', user({ username: `user${i}` }))).status).toBe(201);
    }
    const page1 = await admin.call('GET', '/api/admin/audit?action=user.create&limit=2');
    expect(page1.status).toBe(200);
    expect(page1.body.entries.map((e: any) => e.target)).toEqual(['user:user4', 'user:user3']);
    expect(page1.body.entries[0]).toMatchObject({ at: s.clock.t, actor: { kind: 'user', name: 'admin' }, action: 'user.create', address: '127.0.0.1' });
    const page2 = await admin.call('GET', `/api/admin/audit?action=user.create&limit=2&before=${page1.body.next}`);
    expect(page2.body.entries.map((e: any) => e.target)).toEqual(['user:user2', 'user:user1']);
    const page3 = await admin.call('GET', `/api/admin/audit?action=user.create&limit=2&before=${page2.body.next}`);
    expect(page3.body.entries.map((e: any) => e.target)).toEqual(['user:user0', 'user:admin']);
    // Nothing older: the last page says so rather than sending an empty one after it.
    expect(page3.body.next).toBeNull();
    expect(page3.body.limit).toBe(2);

    const family = await admin.call('GET', '/api/admin/audit?action=auth.');
    expect(family.body.entries.map((e: any) => e.action)).toEqual(['auth.login']);
    const window = await admin.call('GET', `/api/admin/audit?from=${s.clock.t - 1500}&to=${s.clock.t + 1}&actor=admin`);
    expect(window.body.entries.map((e: any) => e.target)).toEqual(['user:user4', 'user:user3']);
    expect((await admin.call('GET', '/api/admin/audit?target=user:user2')).body.entries).toHaveLength(1);

    for (const [q, message] of [['limit=501', /limit "501" must be a whole number from 1 to 500/], ['from=yesterday', /from "yesterday" is not epoch ms/], ['who=me', /query parameter "who" is not one of/]] as const) {
      const r = await admin.call('GET', `/api/admin/audit?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error).toMatch(message);
    }
  });
});
