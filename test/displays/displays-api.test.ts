/**
 * Display profiles through the real API: an administrator defines a wall (defaults filled in),
 * changes and deletes it; a bad field gets a 400 naming it; the wall signs in with its display
 * token, reads its own profile (not another's), reports its health, and the admin list shows the
 * report. A display token reads alerts but may not act on them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { withSession, type TestSession } from '../support/session.ts';

let app: TestApp;
const tokens: Record<string, { id: string; secret: string }> = {};
const walls: Record<string, TestSession> = {};

const send = (method: string, path: string, body?: unknown, session?: TestSession) => {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) };
  return session ? fetch(`${app.url}${path}`, withSession(session, init)) : app.fetch(path, init);
};
const json = async (res: Response) => ({ status: res.status, body: await res.json() as any });

async function displayToken(name: string, scope: string) {
  const made = await json(await send('POST', '/api/admin/tokens', { kind: 'display', name, scopes: [scope] }));
  tokens[name] = { id: made.body.token.id, secret: made.body.secret };
  const res = await fetch(`${app.url}/api/auth/display`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: made.body.secret }) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('twin_session='))!.split(';')[0];
  const body = await res.json() as { csrfToken: string; principal: TestSession['principal'] };
  walls[name] = { cookie, secret: cookie.split('=')[1], csrf: body.csrfToken, principal: body.principal };
}

beforeAll(async () => {
  app = await startTestApp();
  await displayToken('wall-street', 's-1');
  await displayToken('wall-b', 'c-b');
  const gw = await json(await send('POST', '/api/admin/tokens', { kind: 'gateway', name: 'gw', scopes: ['c-a'] }));
  tokens.gw = { id: gw.body.token.id, secret: gw.body.secret };
});
afterAll(async () => { await app?.stop(); });

const beat = { version: '0.1.0', width: 3840, height: 2160, heapMb: 210.5, reloads: 0, reloadReason: null };

describe('display profiles', () => {
  it('are created with the defaults a wall needs, listed, changed and deleted', async () => {
    const made = await json(await send('POST', '/api/admin/displays', { id: 'centre-1', name: '街道指挥中心大屏', tokenId: tokens['wall-street'].id }));
    expect(made.status).toBe(201);
    expect(made.body.display).toMatchObject({
      id: 'centre-1', node: 's-1', layout: 'auto', lang: 'zh', scale: 'fit', views: [], hideCursorS: 5,
      watchdog: { noFrameS: 60, heapLimitMb: 1536, staleFactor: 3, staleAfterS: null, maxDriftS: 5 },
    });
    const changed = await json(await send('PATCH', '/api/admin/displays/centre-1', {
      layout: '32x9', scale: 'fill-height', lang: 'en', views: [{ node: 'c-a', panel: 'energy', durationS: 20 }, { level: 'community', durationS: 10 }, { node: 'n-a1', scene: 3, durationS: 15 }],
      watchdog: { noFrameS: 30 },
    }));
    expect(changed.status).toBe(200);
    expect(changed.body.display).toMatchObject({ layout: '32x9', scale: 'fill-height', lang: 'en', node: 's-1', watchdog: { noFrameS: 30, heapLimitMb: 1536 } });
    expect(changed.body.display.views).toHaveLength(3);
    const list = await json(await send('GET', '/api/admin/displays'));
    expect(list.body.displays.map((d: any) => d.profile.id)).toEqual(['centre-1']);
    expect(list.body.displays[0]).toMatchObject({ lastSeenAt: null, reloads: 0, version: null });
    expect((await send('POST', '/api/admin/displays', { id: 'gone', name: 'x', tokenId: tokens['wall-b'].id })).status).toBe(201);
    expect((await send('DELETE', '/api/admin/displays/gone')).status).toBe(204);
    expect((await json(await send('DELETE', '/api/admin/displays/gone'))).body.error).toMatch(/no display "gone"/);
    expect((await send('PATCH', '/api/admin/displays/gone', { name: 'y' })).status).toBe(404);
  });

  const BAD: [string, unknown, RegExp][] = [
    ['an id with capitals', { id: 'Wall 1', name: 'x', tokenId: 'T' }, /body field "id": must be 1 to 64 lower-case/],
    ['no name', { id: 'w1', tokenId: 'T' }, /body field "name"/],
    ['an unknown field', { id: 'w1', name: 'x', tokenId: 'T', colour: 'red' }, /body: .*colour/],
    ['an unknown layout', { id: 'w1', name: 'x', tokenId: 'T', layout: '4x3' }, /body field "layout"/],
    ['an unknown scale mode', { id: 'w1', name: 'x', tokenId: 'T', scale: 'stretch' }, /body field "scale"/],
    ['a language other than zh and en', { id: 'w1', name: 'x', tokenId: 'T', lang: 'fr' }, /body field "lang"/],
    ['a view of no duration', { id: 'w1', name: 'x', tokenId: 'T', views: [{ node: 'c-a' }] }, /body field "views.0.durationS"/],
    ['a view of a day', { id: 'w1', name: 'x', tokenId: 'T', views: [{ durationS: 86400 }] }, /body field "views.0.durationS": must be at most 3600/],
    ['a scene 10', { id: 'w1', name: 'x', tokenId: 'T', views: [{ scene: 10, durationS: 5 }] }, /body field "views.0.scene"/],
    ['an unknown panel', { id: 'w1', name: 'x', tokenId: 'T', views: [{ panel: 'weather', durationS: 5 }] }, /body field "views.0.panel"/],
    ['an unknown token', { id: 'w1', name: 'x', tokenId: 'no-such-token' }, /tokenId "no-such-token" is not a token/],
    ['a gateway token', { id: 'w1', name: 'x', tokenId: 'GW' }, /is a gateway token, not a display token/],
    ['a node outside the token', { id: 'w1', name: 'x', tokenId: 'T', node: 'd-yz' }, /node "d-yz" is outside the display token's node "s-1"/],
    ['a view outside the token', { id: 'w1', name: 'x', tokenId: 'T', views: [{ node: 'cq', durationS: 5 }] }, /views.0.node "cq" is outside/],
    ['a node not in the tree', { id: 'w1', name: 'x', tokenId: 'T', node: 'nowhere' }, /node "nowhere" is not in the sites tree/],
    ['a level above the node', { id: 'w1', name: 'x', tokenId: 'T', node: 'c-a', views: [{ level: 'street', durationS: 5 }] }, /views.0.level "street" must be below the view's node, a community/],
    ['a watchdog of no frame for 0 s', { id: 'w1', name: 'x', tokenId: 'T', watchdog: { noFrameS: 0 } }, /body field "watchdog.noFrameS"/],
  ];
  for (const [what, body, message] of BAD) {
    it(`refuses ${what} with a 400 naming it`, async () => {
      const b = JSON.parse(JSON.stringify(body).replace('"T"', JSON.stringify(tokens['wall-street'].id)).replace('"GW"', JSON.stringify(tokens.gw.id)));
      const res = await json(await send('POST', '/api/admin/displays', b));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toMatch(/^displays: /);
      expect(res.body.error).toMatch(message);
    });
  }

  it('refuses a second display of the same id (409) and a PATCH with nothing in it (400)', async () => {
    const again = await json(await send('POST', '/api/admin/displays', { id: 'centre-1', name: 'x', tokenId: tokens['wall-street'].id }));
    expect(again.status).toBe(409);
    const empty = await json(await send('PATCH', '/api/admin/displays/centre-1', {}));
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/name at least one of name, tokenId/);
  });
});

describe('a wall signed in with its display token', () => {
  it('reads its own profile with the server time, and not another display\'s', async () => {
    const own = await json(await send('GET', '/api/displays/centre-1', undefined, walls['wall-street']));
    expect(own.status).toBe(200);
    expect(own.body.display.id).toBe('centre-1');
    expect(Math.abs(own.body.serverTime - Date.now())).toBeLessThan(5000);
    const other = await json(await send('GET', '/api/displays/centre-1', undefined, walls['wall-b']));
    expect(other.status).toBe(403);
    expect(other.body.error).toMatch(/is not the display token of this display/);
    expect((await send('GET', '/api/displays/nothing', undefined, walls['wall-b'])).status).toBe(404);
  });

  it('reports its health; the admin list shows it, and the reason of its last reload', async () => {
    const first = await json(await send('POST', '/api/displays/centre-1/heartbeat', beat, walls['wall-street']));
    expect(first.status).toBe(200);
    expect(typeof first.body.serverTime).toBe('number');
    await send('POST', '/api/displays/centre-1/heartbeat', { ...beat, reloads: 1, reloadReason: 'webgl-context-lost', reloadDetail: 'webglcontextlost on the twin', reloading: true }, walls['wall-street']);
    // After the reload: the page repeats why it last reloaded; the time of that reload stays.
    await send('POST', '/api/displays/centre-1/heartbeat', { ...beat, reloads: 1, heapMb: 180, reloadReason: 'webgl-context-lost' }, walls['wall-street']);
    const list = await json(await send('GET', '/api/admin/displays'));
    const s = list.body.displays.find((d: any) => d.profile.id === 'centre-1');
    expect(s).toMatchObject({ version: '0.1.0', width: 3840, height: 2160, heapMb: 180, reloads: 1, lastReloadReason: 'webgl-context-lost', lastReloadDetail: 'webglcontextlost on the twin' });
    expect(s.lastSeenAt).toBeGreaterThan(Date.now() - 10_000);
    expect(s.lastReloadAt).toBeLessThanOrEqual(s.lastSeenAt);
  });

  it('gets a 400 naming the field for a bad report, and a 403 reporting as another display', async () => {
    const bad = await json(await send('POST', '/api/displays/centre-1/heartbeat', { ...beat, reloadReason: 'bored' }, walls['wall-street']));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/body field "reloadReason"/);
    expect((await send('POST', '/api/displays/centre-1/heartbeat', beat, walls['wall-b'])).status).toBe(403);
    // An administrator reads any profile but does not report as a screen.
    expect((await send('POST', '/api/displays/centre-1/heartbeat', beat)).status).toBe(403);
  });

  it('reads the alerts of its node but may not act on them', async () => {
    const line = 'alert,community=c-a,neighbourhood=n-a1,type=emergency_button,severity=critical,device=btn-1 location="1栋",message="一键呼叫"';
    expect((await app.write(line)).status).toBe(204);
    const list = await json(await send('GET', '/api/alerts?node=c-a', undefined, walls['wall-street']));
    expect(list.status).toBe(200);
    const id = list.body.alerts[0].id;
    const before = (await json(await send('GET', `/api/alerts/${id}`))).body.alert.state;
    for (const action of ['ack', 'dispatch', 'resolve', 'close']) {
      const res = await json(await send('POST', `/api/alerts/${id}/${action}`, { note: '大屏' }, walls['wall-street']));
      expect(res.status, action).toBe(403);
      expect(res.body.error).toMatch(/may not act on alerts/);
    }
    expect((await json(await send('GET', `/api/alerts/${id}`))).body.alert.state).toBe(before);
  });
});
