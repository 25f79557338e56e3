/**
 * Role × route × place → status, for every route the server mounts. Each caller is scoped to
 * community c-a (the property operator to neighbourhood n-a1); every request is made once about a
 * place inside that scope and once about one outside (c-b, n-b1). A route mounted without a row
 * here fails the first test, so no route ships without a decision about who may call it.
 *
 * State changes are sent with bodies the route refuses (400) once the caller is let through, so
 * the table checks the decision and no row changes what the next one sees.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { mountedRoutes } from '../../server/access/mounted-routes.ts';
import { CALLERS, makeCallers, type Caller, type Callers } from './roles-fixture.ts';

interface Place { c: string; n: string; alert: string; user: string; token: string; site: string; display: string }
type Cell = number | [inside: number, outside: number];
interface Row {
  /** `METHOD /path` as mounted (Express syntax). */
  route: string;
  request: (p: Place) => { path: string; method?: string; body?: unknown; text?: string };
  /** Made only about the place inside (the request changes what a second one would see). */
  once?: boolean;
  /** anon, admin, leader, centre, property, guest, display, gateway. */
  expect: [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];
}

const R = 403; // refused
const U = 401; // not signed in
const json = (body: unknown) => ({ body });
const energy = (p: Place) => `energy,community=${p.c},neighbourhood=${p.n},building=b1,meter=m-b1,category=residential load_kw=10`;

const ROWS: Row[] = [
  { route: 'GET /ping', request: () => ({ path: '/ping' }), expect: [204, 204, 204, 204, 204, 204, 204, 204] },
  { route: 'HEAD /ping', request: () => ({ path: '/ping', method: 'HEAD' }), expect: [204, 204, 204, 204, 204, 204, 204, 204] },
  { route: 'POST /write', request: (p) => ({ path: '/write', method: 'POST', text: energy(p) }), expect: [U, [204, 204], R, R, R, R, R, [204, R]] },
  { route: 'POST /query', request: () => ({ path: '/query?q=CREATE%20DATABASE%20x', method: 'POST' }), expect: [U, 200, R, R, R, R, R, 200] },

  // A body with no password: checked before the attempt counts against the address's sign-in rate.
  { route: 'POST /api/auth/login', request: () => ({ path: '/api/auth/login', method: 'POST', ...json({ username: 'nobody' }) }), expect: [400, 400, 400, 400, 400, 400, 400, 400] },
  { route: 'POST /api/auth/display', request: () => ({ path: '/api/auth/display', method: 'POST', ...json({}) }), expect: [400, 400, 400, 400, 400, 400, 400, 400] },
  { route: 'POST /api/auth/guest', request: () => ({ path: '/api/auth/guest', method: 'POST', ...json({}) }), expect: [404, 404, 404, 404, 404, 404, 404, 404] },
  // A forged acknowledgement link is no credential, whoever sends it.
  { route: 'GET /api/notify/ack/:token', request: () => ({ path: '/api/notify/ack/1.YQ.9999999999.forged' }), expect: [404, 404, 404, 404, 404, 404, 404, 404] },
  { route: 'POST /api/notify/ack/:token', request: () => ({ path: '/api/notify/ack/1.YQ.9999999999.forged', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' }), expect: [404, 404, 404, 404, 404, 404, 404, 404] },
  { route: 'GET /api/auth/me', request: () => ({ path: '/api/auth/me' }), expect: [U, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'POST /api/auth/password', request: () => ({ path: '/api/auth/password', method: 'POST', ...json({}) }), expect: [U, 400, 400, 400, 400, 400, 400, 400] },
  { route: 'GET /api/client-config', request: () => ({ path: '/api/client-config' }), expect: [200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/health', request: () => ({ path: '/api/health' }), expect: [200, 200, 200, 200, 200, 200, 200, 200] },

  { route: 'GET /api/alerts/rules', request: (p) => ({ path: `/api/alerts/rules?community=${p.c}` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'PUT /api/alerts/rules', request: (p) => ({ path: `/api/alerts/rules?community=${p.c}`, method: 'PUT', ...json({}) }), expect: [U, 400, R, [400, R], R, R, R, R] },
  { route: 'GET /api/alerts', request: (p) => ({ path: `/api/alerts?node=${p.n}` }), expect: [U, 200, [200, R], [200, R], [200, R], [200, R], [200, R], R] },
  { route: 'GET /api/alerts/stats', request: (p) => ({ path: `/api/alerts/stats?node=${p.n}` }), expect: [U, 200, [200, R], [200, R], [200, R], [200, R], [200, R], R] },
  { route: 'GET /api/alerts/handover', request: (p) => ({ path: `/api/alerts/handover?node=${p.n}` }), expect: [U, 200, [200, R], [200, R], [200, R], [200, R], [200, R], R] },
  { route: 'GET /api/alerts/:id', request: (p) => ({ path: `/api/alerts/${p.alert}` }), expect: [U, 200, [200, R], [200, R], [200, R], [200, R], [200, R], R] },
  { route: 'POST /api/alerts/:id/:action', request: (p) => ({ path: `/api/alerts/${p.alert}/ack`, method: 'POST', ...json({}) }), expect: [U, 400, R, [400, R], [400, R], R, R, R] },

  // Emergency plans: the test alert is an emergency button's, which has no plan (404 once let in).
  { route: 'GET /api/plans/templates', request: (p) => ({ path: `/api/plans/templates?node=${p.n}` }), expect: [U, 200, [200, R], [200, R], [200, R], [200, R], [200, R], R] },
  { route: 'PUT /api/plans/templates/:node', request: (p) => ({ path: `/api/plans/templates/${p.n}`, method: 'PUT', ...json({}) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'DELETE /api/plans/templates/:node', request: (p) => ({ path: `/api/plans/templates/${p.n}`, method: 'DELETE' }), expect: [U, 404, R, R, R, R, R, R] },
  { route: 'GET /api/alerts/:id/plan', request: (p) => ({ path: `/api/alerts/${p.alert}/plan` }), expect: [U, 404, [404, R], [404, R], [404, R], [404, R], [404, R], R] },
  { route: 'POST /api/alerts/:id/plan/steps/:step/items/:item', request: (p) => ({ path: `/api/alerts/${p.alert}/plan/steps/confirm/items/0`, method: 'POST', ...json({}) }), expect: [U, 400, R, [400, R], [400, R], R, R, R] },
  { route: 'POST /api/alerts/:id/plan/steps/:step/done', request: (p) => ({ path: `/api/alerts/${p.alert}/plan/steps/confirm/done`, method: 'POST' }), expect: [U, 404, R, [404, R], [404, R], R, R, R] },
  // A drill's node is in its body (the route checks the scope); no drill 999999 exists.
  { route: 'POST /api/drills', request: (p) => ({ path: '/api/drills', method: 'POST', ...json({ node: p.n }) }), expect: [U, 400, R, 400, 400, R, R, R] },
  { route: 'POST /api/drills/:id/finish', request: () => ({ path: '/api/drills/999999/finish', method: 'POST' }), expect: [U, 404, R, 404, 404, R, R, R] },
  { route: 'GET /api/drills/:id/report', request: () => ({ path: '/api/drills/999999/report' }), expect: [U, 404, 404, 404, 404, 404, 404, R] },

  { route: 'GET /api/hierarchy', request: () => ({ path: '/api/hierarchy' }), expect: [U, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/series', request: (p) => ({ path: `/api/series?neighbourhood=${p.n}` }), expect: [U, 200, [200, R], [200, R], [200, R], [200, R], [200, R], R] },
  { route: 'GET /api/latest', request: (p) => ({ path: `/api/latest?measurement=energy&neighbourhood=${p.n}` }), expect: [U, 200, [200, R], [200, R], [200, R], [200, R], [200, R], R] },
  { route: 'GET /api/query', request: (p) => ({ path: `/api/query?measurement=energy&neighbourhood=${p.n}` }), expect: [U, 200, [200, R], [200, R], [200, R], [200, R], [200, R], R] },
  // About the community: a property operator, scoped to one of its neighbourhoods, does not read its totals.
  { route: 'GET /api/summary', request: (p) => ({ path: `/api/summary?node=${p.c}` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'GET /api/summary/history', request: (p) => ({ path: `/api/summary/history?node=${p.c}&key=energy.load_kw` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'GET /api/replay', request: (p) => ({ path: `/api/replay?node=${p.c}&from=now-1h&to=now` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'GET /api/map', request: (p) => ({ path: `/api/map?node=${p.c}` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'GET /api/compare', request: (p) => ({ path: `/api/compare?node=${p.c}` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },

  { route: 'GET /api/twins', request: () => ({ path: '/api/twins' }), expect: [U, 200, 200, 200, 200, 200, 200, R] },
  { route: 'GET /api/twins/:community', request: (p) => ({ path: `/api/twins/${p.c}` }), expect: [U, 404, [404, R], [404, R], R, [404, R], [404, R], R] },
  { route: 'GET /twins/{*path}', request: (p) => ({ path: `/twins/${p.c}/manifest.json` }), expect: [U, 404, [404, R], [404, R], R, [404, R], [404, R], R] },
  { route: 'HEAD /twins/{*path}', request: (p) => ({ path: `/twins/${p.c}/manifest.json`, method: 'HEAD' }), expect: [U, 404, [404, R], [404, R], R, [404, R], [404, R], R] },

  // No twin in this tree: the items judged from a twin are not there (404), once the caller is let in.
  { route: 'GET /api/indicators/auto', request: (p) => ({ path: `/api/indicators/auto?community=${p.c}` }), expect: [U, 404, [404, R], [404, R], R, [404, R], [404, R], R] },
  { route: 'GET /api/indicators/catalogue', request: () => ({ path: '/api/indicators/catalogue' }), expect: [U, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/indicators/assessments', request: (p) => ({ path: `/api/indicators/assessments?node=${p.c}` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'GET /api/indicators/assessments/:community/:item/history', request: (p) => ({ path: `/api/indicators/assessments/${p.c}/1.1/history` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'PUT /api/indicators/assessments/:community/:item', request: (p) => ({ path: `/api/indicators/assessments/${p.c}/1.1`, method: 'PUT', ...json({}) }), expect: [U, 400, R, [400, R], R, R, R, R] },
  { route: 'GET /api/indicators/progress', request: (p) => ({ path: `/api/indicators/progress?node=${p.c}` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'GET /api/indicators/compliance-history', request: (p) => ({ path: `/api/indicators/compliance-history?node=${p.c}&days=7` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'GET /api/reports/shift', request: (p) => ({ path: `/api/reports/shift?node=${p.n}` }), expect: [U, 200, [200, R], [200, R], [200, R], [200, R], [200, R], R] },
  { route: 'GET /api/reports/indicators', request: (p) => ({ path: `/api/reports/indicators?node=${p.c}&format=csv` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },
  { route: 'GET /api/reports/energy', request: (p) => ({ path: `/api/reports/energy?node=${p.c}&format=xlsx` }), expect: [U, 200, [200, R], [200, R], R, [200, R], [200, R], R] },

  // A tour of the test tree (beforeAll): step "a" stages an incident in n-a1, step "b" in n-b1.
  { route: 'GET /api/tours', request: () => ({ path: '/api/tours' }), expect: [U, 200, 200, 200, 200, 200, 200, R] },
  { route: 'GET /api/tours/:id', request: () => ({ path: '/api/tours/t' }), expect: [U, 200, 200, 200, 200, 200, 200, R] },
  { route: 'POST /api/tours/:id/steps/:step/incident', request: (p) => ({ path: `/api/tours/t/steps/${p.n === 'n-a1' ? 'a' : 'b'}/incident`, method: 'POST' }), expect: [U, 201, [201, R], [201, R], R, [201, R], R, R] },
  { route: 'POST /api/tours/incidents/:incident/:action', request: () => ({ path: '/api/tours/incidents/-999/ack', method: 'POST', ...json({}) }), expect: [U, 404, 404, 404, R, 404, R, R] },
  { route: 'DELETE /api/tours/incidents/:incident', request: () => ({ path: '/api/tours/incidents/-999', method: 'DELETE' }), expect: [U, 404, 404, 404, R, 404, R, R] },
  { route: 'DELETE /api/tours/incidents', request: () => ({ path: '/api/tours/incidents', method: 'DELETE' }), expect: [U, 200, 200, 200, R, 200, R, R] },

  { route: 'GET /api/admin/users', request: () => ({ path: '/api/admin/users' }), expect: [U, 200, R, R, R, R, R, R] },
  { route: 'POST /api/admin/users', request: () => ({ path: '/api/admin/users', method: 'POST', ...json({}) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'PATCH /api/admin/users/:id', request: (p) => ({ path: `/api/admin/users/${p.user}`, method: 'PATCH', ...json({ roles: 'not-a-list' }) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'DELETE /api/admin/users/:id', request: () => ({ path: '/api/admin/users/no-such-user', method: 'DELETE' }), expect: [U, 404, R, R, R, R, R, R] },
  { route: 'POST /api/admin/users/:id/unlock', request: () => ({ path: '/api/admin/users/no-such-user/unlock', method: 'POST' }), expect: [U, 404, R, R, R, R, R, R] },
  { route: 'GET /api/admin/tokens', request: () => ({ path: '/api/admin/tokens' }), expect: [U, 200, R, R, R, R, R, R] },
  { route: 'POST /api/admin/tokens', request: () => ({ path: '/api/admin/tokens', method: 'POST', ...json({}) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'DELETE /api/admin/tokens/:id', request: () => ({ path: '/api/admin/tokens/no-such-token', method: 'DELETE' }), expect: [U, 404, R, R, R, R, R, R] },
  { route: 'GET /api/admin/audit', request: () => ({ path: '/api/admin/audit' }), expect: [U, 200, R, R, R, R, R, R] },
  { route: 'GET /api/admin/sites', request: () => ({ path: '/api/admin/sites' }), expect: [U, 200, R, R, R, R, R, R] },
  { route: 'POST /api/admin/sites', request: () => ({ path: '/api/admin/sites', method: 'POST', ...json({}) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'POST /api/admin/sites/import', request: () => ({ path: '/api/admin/sites/import', method: 'POST', ...json({ sites: [{ id: '' }] }) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'GET /api/admin/sites/:id', request: (p) => ({ path: `/api/admin/sites/${p.site}` }), expect: [U, 200, R, R, R, R, R, R] },
  { route: 'PATCH /api/admin/sites/:id', request: (p) => ({ path: `/api/admin/sites/${p.site}`, method: 'PATCH', ...json({ level: 'city' }) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'DELETE /api/admin/sites/:id', request: () => ({ path: '/api/admin/sites/no-such-site', method: 'DELETE' }), expect: [U, 404, R, R, R, R, R, R] },
  { route: 'GET /api/admin/displays', request: () => ({ path: '/api/admin/displays' }), expect: [U, 200, R, R, R, R, R, R] },
  { route: 'POST /api/admin/displays', request: () => ({ path: '/api/admin/displays', method: 'POST', ...json({}) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'PATCH /api/admin/displays/:id', request: (p) => ({ path: `/api/admin/displays/${p.display}`, method: 'PATCH', ...json({ layout: '4x3' }) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'DELETE /api/admin/displays/:id', request: () => ({ path: '/api/admin/displays/no-such-display', method: 'DELETE' }), expect: [U, 404, R, R, R, R, R, R] },
  { route: 'GET /api/admin/dead-letters', request: () => ({ path: '/api/admin/dead-letters' }), expect: [U, 200, R, R, R, R, R, R] },
  { route: 'POST /api/admin/dead-letters/replay', request: () => ({ path: '/api/admin/dead-letters/replay', method: 'POST', ...json({}) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'GET /api/admin/notify/channels', request: () => ({ path: '/api/admin/notify/channels' }), expect: [U, 200, R, R, R, R, R, R] },
  { route: 'POST /api/admin/notify/channels', request: () => ({ path: '/api/admin/notify/channels', method: 'POST', ...json({}) }), expect: [U, 400, R, R, R, R, R, R] },
  { route: 'PATCH /api/admin/notify/channels/:id', request: () => ({ path: '/api/admin/notify/channels/no-such-channel', method: 'PATCH', ...json({ name: 'x' }) }), expect: [U, 404, R, R, R, R, R, R] },
  { route: 'DELETE /api/admin/notify/channels/:id', request: () => ({ path: '/api/admin/notify/channels/no-such-channel', method: 'DELETE' }), expect: [U, 404, R, R, R, R, R, R] },
  { route: 'POST /api/admin/notify/channels/:id/test', request: () => ({ path: '/api/admin/notify/channels/no-such-channel/test', method: 'POST' }), expect: [U, 404, R, R, R, R, R, R] },
  { route: 'GET /api/admin/notify/rules', request: () => ({ path: '/api/admin/notify/rules' }), expect: [U, 200, R, R, R, R, R, R] },
  { route: 'PUT /api/admin/notify/rules', request: () => ({ path: '/api/admin/notify/rules', method: 'PUT', ...json({}) }), expect: [U, 400, R, R, R, R, R, R] },
  // A display reads its own profile and reports as itself only; an administrator reads any profile but reports as none.
  { route: 'GET /api/displays/:id', request: (p) => ({ path: `/api/displays/${p.display}` }), expect: [U, 200, R, R, R, R, 200, R] },
  { route: 'POST /api/displays/:id/heartbeat', request: (p) => ({ path: `/api/displays/${p.display}/heartbeat`, method: 'POST', ...json({}) }), expect: [U, R, R, R, R, R, 400, R] },
  { route: 'GET /display/:id', request: (p) => ({ path: `/display/${p.display}` }), expect: [200, 200, 200, 200, 200, 200, 200, 200] },

  // Client pages and assets: public (what they show comes from the routes above).
  { route: 'GET /{*path}', request: () => ({ path: '/console.html' }), expect: [200, 200, 200, 200, 200, 200, 200, 200] },
  // Last, and once per caller: it ends the caller's session (a token has none to end).
  { route: 'POST /api/auth/logout', once: true, request: () => ({ path: '/api/auth/logout', method: 'POST' }), expect: [U, 204, 204, 204, 204, 204, 204, 204] },
];

const bi = (zh: string) => ({ zh, en: zh });
const incident = (neighbourhood: string) => ({
  kind: 'leak', device: `ws-${neighbourhood}`, neighbourhood, location: bi('供水干管'), message: bi('管网泄漏'), handling: [{ action: 'ack', at: 3 }],
});
const TEST_TOUR = {
  id: 't', title: bi('测试'),
  steps: [
    { id: 'a', node: 'c-a', caption: bi('甲'), narration: bi('甲社区'), duration: 5, incident: incident('n-a1') },
    { id: 'b', node: 'c-b', caption: bi('乙'), narration: bi('乙社区'), duration: 5, incident: incident('n-b1') },
  ],
};

let app: TestApp;
let callers: Callers;
const inside: Partial<Place> = { c: 'c-a', n: 'n-a1', site: 'n-a1', display: 'wall-c-a' };
const outside: Partial<Place> = { c: 'c-b', n: 'n-b1', site: 'n-b1', display: 'wall-c-a' };

beforeAll(async () => {
  // A client folder of one page, so the pages' route is mounted as in production.
  const clientDir = mkdtempSync(join(tmpdir(), 'pages-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>驾驶舱</title>');
  writeFileSync(join(clientDir, 'wall.html'), '<!doctype html><title>大屏</title>');
  const toursDir = mkdtempSync(join(tmpdir(), 'tours-'));
  writeFileSync(join(toursDir, 't.json'), JSON.stringify(TEST_TOUR));
  app = await startTestApp({ config: { clientDir, toursDir } });
  callers = await makeCallers(app);
  const alert = (n: string, c: string) => `alert,community=${c},neighbourhood=${n},type=emergency_button,severity=critical,device=btn-${n} location="1栋",message="一键呼叫"`;
  expect((await app.write([alert('n-a1', 'c-a'), alert('n-b1', 'c-b'), energy({ c: 'c-a', n: 'n-a1' } as Place), energy({ c: 'c-b', n: 'n-b1' } as Place)].join('\n'))).status).toBe(204);
  const listed = (await app.get('/api/alerts')).body as { alerts: { id: number; neighbourhood: string }[] };
  inside.alert = String(listed.alerts.find((a) => a.neighbourhood === 'n-a1')!.id);
  outside.alert = String(listed.alerts.find((a) => a.neighbourhood === 'n-b1')!.id);
  const users = (await app.get('/api/admin/users')).body as { users: { id: string; username: string }[] };
  inside.user = outside.user = users.users.find((u) => u.username === 'leader')!.id;
  const tokens = (await app.get('/api/admin/tokens')).body as { tokens: { id: string; name: string }[] };
  const wall = await app.fetch('/api/admin/displays', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'wall-c-a', name: '甲社区大屏', tokenId: tokens.tokens.find((t) => t.name === 'wall-c-a')!.id }),
  });
  expect(wall.status).toBe(201);
});
afterAll(async () => { await app?.stop(); });

describe('the permission table', () => {
  it('has a row for every route the server mounts, and no row for a route it does not', () => {
    const mounted = mountedRoutes(app.express).flatMap((r) => r.kind === 'static'
      ? (r.path === '/' ? [] : [`GET ${r.path}/{*path}`, `HEAD ${r.path}/{*path}`])
      : r.methods.map((m) => `${m} ${r.path}`));
    expect(mounted).toContain('GET /{*path}');
    const rows = new Set(ROWS.map((r) => r.route));
    expect(mounted.filter((m) => !rows.has(m)), 'mounted routes without a row').toEqual([]);
    expect([...rows].filter((r) => !mounted.includes(r)), 'rows for routes that are not mounted').toEqual([]);
  });

  for (const row of ROWS) {
    it(`${row.route}: ${CALLERS.map((c, i) => `${c} ${show(row.expect[i])}`).join(', ')}`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const [i, who] of CALLERS.entries()) {
        const cell = row.expect[i];
        const [inExpected, outExpected] = Array.isArray(cell) ? cell : [cell, cell];
        const places = [['inside', inside, inExpected], ['outside', outside, outExpected]] as const;
        for (const [where, place, expected] of row.once ? places.slice(0, 1) : places) {
          const r = row.request(place as Place);
          const init: RequestInit = { method: r.method ?? 'GET' };
          if (r.body !== undefined) { init.body = JSON.stringify(r.body); init.headers = { 'content-type': 'application/json' }; }
          if (r.text !== undefined) init.body = r.text;
          const res = await callers.as(who as Caller, r.path, init);
          await res.arrayBuffer();
          got.push(`${who} ${where} ${res.status}`);
          want.push(`${who} ${where} ${expected}`);
        }
      }
      expect(got).toEqual(want);
    });
  }
});

function show(c: Cell): string {
  return Array.isArray(c) ? `${c[0]}/${c[1]}` : String(c);
}
