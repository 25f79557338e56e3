/**
 * A person an administrator gave a password (or whose password was reset) must choose their own
 * before doing anything else: the server, not only the sign-in page, holds them to it, for HTTP
 * and for live data alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signIn, withSession, type TestSession } from '../support/session.ts';

const GIVEN = 'given-by-admin-Pa55';
const OWN = 'chosen-by-me-Pa55w0rd';

let app: TestApp;
beforeAll(async () => { app = await startTestApp(); });
afterAll(async () => { await app?.stop(); });

const call = (s: TestSession, path: string, init: RequestInit = {}) => fetch(`${app.url}${path}`, withSession(s, init));

function liveConnect(s: TestSession): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = io(app.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: s.cookie } });
    socket.on('connect', () => { socket.close(); resolve('connected'); });
    socket.on('connect_error', (e) => { socket.close(); resolve(e.message); });
  });
}

describe('a password given by an administrator', () => {
  it('lets its user only see who they are, change it and sign out; then everything their role allows', async () => {
    const made = await app.fetch('/api/admin/users', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'new-operator', password: GIVEN, roles: ['centre_operator'], scopes: ['c-a'] }),
    });
    expect(made.status).toBe(201);
    expect((await made.json()).user.mustChangePassword).toBe(true);
    const s = await signIn(app.url, 'new-operator', GIVEN);

    const refused = await call(s, '/api/hierarchy');
    expect(refused.status).toBe(403);
    const body = await refused.json();
    expect(body).toMatchObject({ mustChangePassword: true });
    expect(body.error).toMatch(/must change the password first.*POST \/api\/auth\/password/);
    expect((await call(s, '/api/alerts?community=c-a')).status).toBe(403);
    expect(await liveConnect(s)).toMatch(/must change the password first/);

    const me = await call(s, '/api/auth/me');
    expect(me.status).toBe(200);
    expect((await me.json()).mustChangePassword).toBe(true);

    const changed = await call(s, '/api/auth/password', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ oldPassword: GIVEN, newPassword: OWN }),
    });
    expect(changed.status).toBeLessThan(300);
    const hierarchy = await call(s, '/api/hierarchy');
    expect(hierarchy.status).toBe(200);
    expect((await hierarchy.json()).nodes.map((n: { id: string }) => n.id)).toContain('c-a');
    expect(await liveConnect(s)).toBe('connected');
  });

  it('is due again after an administrator resets it, and signing out stays open', async () => {
    const made = await app.fetch('/api/admin/users', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'reset-leader', password: GIVEN, roles: ['leader'], scopes: ['cq'], mustChangePassword: false }),
    });
    const { user } = await made.json();
    const before = await signIn(app.url, 'reset-leader', GIVEN);
    expect((await call(before, '/api/hierarchy')).status).toBe(200);
    const reset = await app.fetch(`/api/admin/users/${user.id}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'reset-by-admin-Pa55' }),
    });
    expect(reset.status).toBe(200);
    const after = await signIn(app.url, 'reset-leader', 'reset-by-admin-Pa55');
    expect((await call(after, '/api/hierarchy')).status).toBe(403);
    expect((await call(after, '/api/auth/logout', { method: 'POST' })).status).toBeLessThan(300);
  });
});
