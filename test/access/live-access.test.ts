/**
 * Socket.IO under sign-in: no principal, no connection; subscriptions outside the caller's scope
 * refused; revoking a user, a token or a session closes its open sockets within 5 s; a page of
 * another origin can neither change state nor open a socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { makeCallers, type Callers } from './roles-fixture.ts';
import type { SubscribeResult } from '../../streams/live-protocol.ts';

let app: TestApp;
let callers: Callers;
const open: Socket[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { CORS_ORIGINS: 'https://wall.example.cn' } });
  callers = await makeCallers(app);
});
afterAll(async () => {
  for (const s of open) s.close();
  await app?.stop();
});

function connect(headers: Record<string, string> = {}): Promise<Socket> {
  const s = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
  open.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => reject(e));
  });
}
const as = (who: keyof Callers['sessions']) => connect({ cookie: callers.sessions[who]!.cookie });
const subscribe = (s: Socket, node: string, topics: string[]) =>
  new Promise<SubscribeResult>((resolve) => s.emit('subscribe', { node, topics }, resolve));
const closed = (s: Socket) => new Promise<number>((resolve) => {
  const t0 = Date.now();
  if (!s.connected) resolve(0);
  s.once('disconnect', () => resolve(Date.now() - t0));
});

describe('live access', () => {
  it('refuses a connection without a principal, and one whose principal may not read', async () => {
    await expect(connect()).rejects.toThrow(/auth: sign in first/);
    await expect(connect({ authorization: `Token ${callers.gatewaySecret}` })).rejects.toThrow(/may not read live data/);
  });

  it('lets each caller watch its own places and refuses the others, naming the scope', async () => {
    const property = await as('property');
    expect(await subscribe(property, 'n-a1', ['alert', 'energy'])).toMatchObject({ ok: true });
    const community = await subscribe(property, 'c-a', ['summary']);
    expect(community.ok).toBe(false);
    expect(!community.ok && community.error).toMatch(/outside the scope of "property".*n-a1/);
    const leader = await as('leader');
    expect(await subscribe(leader, 'c-a', ['summary', 'alert'])).toMatchObject({ ok: true });
    const other = await subscribe(leader, 'c-b', ['alert']);
    expect(!other.ok && other.error).toMatch(/c-b.*outside the scope/);
    const above = await subscribe(leader, 's-1', ['summary']);
    expect(above.ok).toBe(false);
  });

  it('delivers an alert only to the sockets whose scope holds it', async () => {
    const property = await as('property');
    await subscribe(property, 'n-a1', ['alert']);
    const admin = await connect({ cookie: app.session.cookie });
    await subscribe(admin, 'cq', ['alert']);
    const seenByProperty: string[] = [];
    const seenByAdmin: string[] = [];
    property.on('alert', (f: { alert: { neighbourhood: string } }) => seenByProperty.push(f.alert.neighbourhood));
    admin.on('alert', (f: { alert: { neighbourhood: string } }) => seenByAdmin.push(f.alert.neighbourhood));
    const line = (c: string, n: string) => `alert,community=${c},neighbourhood=${n},type=emergency_button,severity=critical,device=b-${n} location="2栋",message="呼叫"`;
    expect((await app.write(`${line('c-b', 'n-b1')}\n${line('c-a', 'n-a1')}`)).status).toBe(204);
    await until(() => seenByAdmin.length >= 2);
    await until(() => seenByProperty.length >= 1);
    expect(seenByProperty).toEqual(['n-a1']);
  });

  it('closes the sockets of a disabled user, a revoked display token and a signed-out session within 5 s', async () => {
    const leader = await as('leader');
    const users = (await app.get('/api/admin/users')).body as { users: { id: string; username: string }[] };
    const leaderId = users.users.find((u) => u.username === 'leader')!.id;
    const leaderClosed = closed(leader);
    const patched = await app.fetch(`/api/admin/users/${leaderId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect(patched.status).toBe(200);
    expect(await leaderClosed).toBeLessThan(5000);
    await expect(as('leader')).rejects.toThrow(/auth/);

    const display = await as('display');
    const tokens = (await app.get('/api/admin/tokens')).body as { tokens: { id: string; kind: string }[] };
    const displayClosed = closed(display);
    const revoked = await app.fetch(`/api/admin/tokens/${tokens.tokens.find((t) => t.kind === 'display')!.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    expect(await displayClosed).toBeLessThan(5000);

    const centre = await as('centre');
    const centreClosed = closed(centre);
    const out = await callers.as('centre', '/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(await centreClosed).toBeLessThan(5000);
  });
});

describe('cross-origin requests', () => {
  it('refuses a state change sent from another site, even with a valid session and CSRF token', async () => {
    const res = await app.fetch('/api/alerts/rules?community=c-a', {
      method: 'PUT', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ rules: [], expectedRevision: 0 }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/origin: requests from "https:\/\/evil.example" are not allowed/);
    const sameSite = await app.fetch('/api/alerts/rules?community=c-a', {
      method: 'PUT', headers: { 'content-type': 'application/json', origin: app.url }, body: JSON.stringify({ rules: [], expectedRevision: 0 }),
    });
    expect(sameSite.status).toBe(200);
  });

  it('refuses a state change without the CSRF token', async () => {
    const res = await fetch(`${app.url}/api/alerts/rules?community=c-a`, {
      method: 'PUT', headers: { 'content-type': 'application/json', cookie: app.session.cookie }, body: JSON.stringify({ rules: [], expectedRevision: 1 }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/csrf/i);
  });

  it('refuses a WebSocket opened by a page of another site', async () => {
    await expect(connect({ cookie: app.session.cookie, origin: 'https://evil.example' })).rejects.toThrow();
    const allowed = await connect({ cookie: app.session.cookie, origin: 'https://wall.example.cn' });
    expect(allowed.connected).toBe(true);
  });

  it('answers CORS only for the allow-listed origin', async () => {
    const ok = await fetch(`${app.url}/api/health`, { headers: { origin: 'https://wall.example.cn' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://wall.example.cn');
    const other = await fetch(`${app.url}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
