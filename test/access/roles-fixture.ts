/**
 * A signed-in caller of every role on the test tree (test/support/test-app.ts): each scoped to
 * community c-a (the property operator to its neighbourhood n-a1), so c-b and n-b1 are outside
 * every scope but the administrator's. Users and tokens are made through the admin API, sessions
 * through the real sign-in routes.
 */
import type { TestApp } from '../support/test-app.ts';
import { withSession, type TestSession } from '../support/session.ts';

export const CALLERS = ['anon', 'admin', 'leader', 'centre', 'property', 'guest', 'display', 'gateway'] as const;
export type Caller = (typeof CALLERS)[number];

export interface Callers {
  sessions: Partial<Record<Caller, TestSession>>;
  gatewaySecret: string;
  displaySecret: string;
  /** fetch() on the app as `who`. */
  as(who: Caller, path: string, init?: RequestInit): Promise<Response>;
}

export async function makeCallers(app: TestApp): Promise<Callers> {
  const post = async (path: string, body: unknown) => {
    const res = await app.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json();
    if (res.status !== 201 && res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const user = (username: string, role: string, scopes: string[]) => app.userSession({ username, displayName: `测试${username}`, roles: [role], scopes });
  const sessions: Callers['sessions'] = {
    admin: app.session,
    leader: await user('leader', 'leader', ['c-a']),
    centre: await user('centre', 'centre_operator', ['c-a']),
    property: await user('property', 'property_operator', ['n-a1']),
    guest: await user('guest', 'demo_guest', ['c-a']),
  };
  const display = await post('/api/admin/tokens', { kind: 'display', name: 'wall-c-a', scopes: ['c-a'] }) as { secret: string };
  const gateway = await post('/api/admin/tokens', { kind: 'gateway', name: 'gw-c-a', scopes: ['c-a'] }) as { secret: string };
  const exchanged = await fetch(`${app.url}/api/auth/display`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: display.secret }) });
  if (exchanged.status !== 200) throw new Error(`display sign-in: ${exchanged.status} ${await exchanged.text()}`);
  const cookie = exchanged.headers.getSetCookie().find((c) => c.startsWith('twin_session='))!.split(';')[0];
  const body = await exchanged.json() as { csrfToken: string; principal: TestSession['principal'] };
  sessions.display = { cookie, secret: cookie.split('=')[1], csrf: body.csrfToken, principal: body.principal };

  return {
    sessions,
    gatewaySecret: gateway.secret,
    displaySecret: display.secret,
    as(who, path, init = {}) {
      if (who === 'anon') return fetch(`${app.url}${path}`, init);
      if (who === 'gateway') {
        const headers = new Headers(init.headers);
        headers.set('authorization', `Token ${gateway.secret}`);
        return fetch(`${app.url}${path}`, { ...init, headers });
      }
      return fetch(`${app.url}${path}`, withSession(sessions[who], init));
    },
  };
}
