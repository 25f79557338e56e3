/**
 * GET /api/compare and GET /api/indicators/compliance-history on a real server: a parent's row is
 * the sum of its children's (communities passing the gate, open alerts, load), energy intensity
 * follows the known floor areas, acknowledgement times are medians per child, the failing
 * communities name their open binding items, an assessment changed through the API moves the
 * figures at once, compliance over time counts per China day, a street-scoped user sees its
 * street's rows and is refused above it, and bad input gets a clear 400/404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { withSession, type TestSession } from '../support/session.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { ITEMS } from '../../streams/indicators/catalogue.ts';
import type { AssessmentStatus } from '../../streams/indicators/assessment.ts';
import { chinaDayStart, DAY_MS } from '../../streams/china-time.ts';
import { AssessmentStore } from '../../server/indicators/assessment-store.ts';
import type { CompareAnswer, CompareRow } from '../../streams/compare.ts';

const node = (id: string, level: HierarchyNode['level'], parent: string | null, zh = id): HierarchyNode => ({ id, level, parent, name: { zh, en: id } });
/** Two districts; d-yz has two streets, s-1 with three communities. */
const TREE: HierarchyNode[] = [
  node('cq', 'city', null, '重庆市'),
  node('d-yz', 'district', 'cq', '渝中区'), node('d-jb', 'district', 'cq', '江北区'),
  node('s-1', 'street', 'd-yz', '两路口街道'), node('s-2', 'street', 'd-yz', '上清寺街道'), node('s-3', 'street', 'd-jb', '观音桥街道'),
  node('c-a', 'community', 's-1', '甲社区'), node('n-a1', 'neighbourhood', 'c-a'), node('n-a2', 'neighbourhood', 'c-a'),
  node('c-b', 'community', 's-1', '乙社区'), node('n-b1', 'neighbourhood', 'c-b'),
  node('c-e', 'community', 's-1', '戊社区'), node('n-e1', 'neighbourhood', 'c-e'),
  node('c-c', 'community', 's-2', '丙社区'), node('n-c1', 'neighbourhood', 'c-c'),
  node('c-d', 'community', 's-3', '丁社区'), node('n-d1', 'neighbourhood', 'c-d'),
];
const HOOD_OF: Record<string, string> = { 'n-a1': 'c-a', 'n-a2': 'c-a', 'n-b1': 'c-b', 'n-e1': 'c-e', 'n-c1': 'c-c', 'n-d1': 'c-d' };
const BINDING = ITEMS.filter((it) => it.type === 'binding');
const BASIC = ITEMS.filter((it) => it.type === 'basic');
const DAY_NOW = Date.now();
const daysAgo = (d: number) => chinaDayStart(DAY_NOW) - d * DAY_MS + 3_600_000;

let app: TestApp;
let street: TestSession;

async function compare(id: string, session?: TestSession): Promise<{ status: number; body: CompareAnswer & { error?: string } }> {
  const res = session ? await fetch(`${app.url}/api/compare?node=${encodeURIComponent(id)}`, withSession(session)) : await app.fetch(`/api/compare?node=${encodeURIComponent(id)}`);
  return { status: res.status, body: await res.json() };
}
async function ok(id: string): Promise<CompareAnswer> {
  const r = await compare(id);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const child = (a: CompareAnswer, id: string) => a.children.find((c) => c.id === id)!;
const sum = (rows: CompareRow[], f: (r: CompareRow) => number | null) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);

beforeAll(async () => {
  app = await startTestApp({ hierarchy: TREE });
  const t = Date.now() - 5 * 60_000;
  const tags = (n: string) => `community=${HOOD_OF[n]},neighbourhood=${n}`;
  const loads: [string, number][] = [['n-a1', 100], ['n-a2', 50], ['n-b1', 30], ['n-e1', 20], ['n-c1', 40], ['n-d1', 60]];
  const lines = [
    ...loads.map(([n, kw], i) => `energy,${tags(n)},building=b-${i},meter=m-${i},category=residential load_kw=${kw} ${t}`),
    `parking,${tags('n-a1')},lot=p-1,kind=resident occupied=30i,capacity=100i ${t}`,
    `parking,${tags('n-c1')},lot=p-2,kind=resident occupied=45i,capacity=50i ${t}`,
    // Open alerts: two in c-a (one acknowledged below), one in c-c, one in c-d.
    ...[['n-a1', 'critical', 'd-1'], ['n-a2', 'major', 'd-2'], ['n-a1', 'warning', 'd-3'], ['n-c1', 'major', 'd-4'], ['n-d1', 'critical', 'd-5']]
      .map(([n, sev, dev]) => `alert,${tags(n)},type=fire,severity=${sev},device=${dev} location="1栋",message="烟感报警" ${t}`),
  ];
  const w = await app.write(lines.join('\n'), 'precision=ms');
  expect(w.status, w.error).toBe(204);
  // Acknowledge d-1 and d-4; resolve d-3 so it is no longer open.
  const alerts = (await app.get('/api/alerts?limit=100')).body.alerts as { id: number; device: string; revision: number }[];
  const act = async (device: string, action: string, body: Record<string, unknown> = {}) => {
    const a = alerts.find((x) => x.device === device)!;
    const res = await app.fetch(`/api/alerts/${a.id}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedRevision: a.revision, ...body }) });
    expect(res.status, await res.clone().text()).toBe(200);
    a.revision = ((await res.json()) as { alert: { revision: number } }).alert.revision;
  };
  await act('d-1', 'ack');
  await act('d-4', 'ack');
  await act('d-3', 'ack');
  await act('d-3', 'resolve', { comment: '误报' });

  // Assessments, dated: c-a passes the gate since 3 days ago; c-b is part-way; c-c and c-e pass one
  // basic item each; c-d has nothing assessed.
  let at = daysAgo(5);
  const store = new AssessmentStore(app.records, () => at);
  const set = (c: string, item: string, status: AssessmentStatus, when: number) => {
    at = when;
    store.apply(c, item, { status, operator: 'system', expectedRevision: store.current(c, item).revision, evidence: { note: '', links: [], attachments: [] } });
  };
  for (const it of BINDING) set('c-a', it.id, it === BINDING[0] ? 'in_progress' : 'met', daysAgo(5));
  set('c-a', BINDING[0].id, 'met', daysAgo(3));
  for (const it of BASIC.slice(0, 19)) set('c-a', it.id, 'met', daysAgo(3));
  for (const it of BINDING.slice(0, 10)) set('c-b', it.id, 'met', daysAgo(2));
  set('c-b', BINDING[10].id, 'not_met', daysAgo(2));
  set('c-c', BASIC[0].id, 'met', daysAgo(1));
  set('c-e', BASIC[0].id, 'not_applicable', daysAgo(1));
  set('c-e', BASIC[1].id, 'met', daysAgo(1));

  // Floor areas: c-a and c-c known (as a twin or the simulator would give them), c-b not.
  app.facts.setCommunity('c-a', [{ neighbourhood: 'n-a1', floorAreaM2: 10_000, households: 100 }, { neighbourhood: 'n-a2', floorAreaM2: 5_000, households: 50 }], 'simulator');
  app.facts.setCommunity('c-c', [{ neighbourhood: 'n-c1', floorAreaM2: 8_000, households: 80 }], 'twin');

  street = await app.userSession({ username: 'street-lead', roles: ['leader'], scopes: ['s-1'] });
}, 60_000);
afterAll(async () => { await app?.stop(); });

describe('GET /api/compare', () => {
  it('gives the city its districts with figures that sum to the city', async () => {
    const city = await ok('cq');
    expect(city.node).toEqual({ id: 'cq', level: 'city', name: { zh: '重庆市', en: 'cq' } });
    expect(Math.abs(city.time - Date.now())).toBeLessThan(5000);
    expect(city.children.map((c) => c.id)).toEqual(['d-yz', 'd-jb']);
    expect(city.self.communities).toBe(5);
    for (const f of [(r: CompareRow) => r.communities, (r: CompareRow) => r.compliance.gatePassed, (r: CompareRow) => r.compliance.assessed,
      (r: CompareRow) => r.alerts.open, (r: CompareRow) => r.energy.loadKw, (r: CompareRow) => r.energy.floorAreaM2, (r: CompareRow) => r.parking.occupied]) {
      expect(sum(city.children, f)).toBe(f(city.self) ?? 0);
    }
    expect(city.self.compliance).toEqual({ assessed: 4, gatePassed: 1, gateRatio: 0.2, basicRatio: expect.any(Number) });
    expect(city.self.alerts).toEqual({ open: 4, bySeverity: { critical: 2, major: 2 }, timeToAckMedianS: expect.any(Number), timeToAckCount: 3 });
    expect(city.self.energy.loadKw).toBe(300);
    expect(child(city, 'd-jb')).toMatchObject({ communities: 1, compliance: { assessed: 0, gatePassed: 0, gateRatio: 0, basicRatio: 0 }, energy: { loadKw: 60, floorAreaM2: null, intensityWm2: null } });
  });

  it('ranks a street\'s communities with their compliance, failing items, alerts, intensity and parking pressure', async () => {
    const s1 = await ok('s-1');
    expect(s1.children.map((c) => c.id)).toEqual(['c-a', 'c-b', 'c-e']);
    const a = child(s1, 'c-a'), b = child(s1, 'c-b'), e = child(s1, 'c-e');
    expect(a.compliance).toEqual({ assessed: 1, gatePassed: 1, gateRatio: 1, basicRatio: Number((19 / BASIC.length).toFixed(4)), failing: [] });
    expect(b.compliance.gatePassed).toBe(0);
    expect(b.compliance.failing!.map((f) => f.item)).toEqual(BINDING.slice(10).map((it) => it.id));
    expect(b.compliance.failing![0].name.zh).toBe(BINDING[10].text.zh);
    expect(e.compliance.basicRatio).toBe(Number((1 / (BASIC.length - 1)).toFixed(4)));
    expect(s1.self.compliance.basicRatio).toBe(Number(((19 / BASIC.length + 0 + 1 / (BASIC.length - 1)) / 3).toFixed(4)));
    expect(s1.self.compliance.failing).toBeUndefined();
    expect(a.alerts.open).toBe(2);
    expect(a.alerts.bySeverity).toEqual({ critical: 1, major: 1 });
    expect(a.alerts.timeToAckCount).toBe(2);
    const acked = ((await app.get('/api/alerts?node=c-a&limit=100')).body.alerts as { ackSeconds: number | null }[]).flatMap((x) => (x.ackSeconds === null ? [] : [x.ackSeconds]));
    expect(acked).toHaveLength(2);
    expect(a.alerts.timeToAckMedianS).toBeCloseTo((acked[0] + acked[1]) / 2, 2);
    expect(b.alerts).toEqual({ open: 0, bySeverity: {}, timeToAckMedianS: null, timeToAckCount: 0 });
    expect(a.energy).toEqual({ loadKw: 150, floorAreaM2: 15_000, intensityWm2: 10 });
    expect(b.energy).toEqual({ loadKw: 30, floorAreaM2: null, intensityWm2: null });
    expect(a.parking).toEqual({ occupied: 30, capacity: 100, pressure: 0.3 });
    expect(b.parking).toEqual({ occupied: null, capacity: null, pressure: null });
    // Failing communities, most open binding items first: c-e (none met), then c-b.
    expect(s1.failing.communities.map((f) => [f.id, f.under, f.items.length])).toEqual([['c-e', 'c-e', BINDING.length], ['c-b', 'c-b', BINDING.length - 10]]);
    expect(s1.failing).toMatchObject({ total: 2, unassessed: 0 });
    expect(s1.failing.itemNames[BINDING[0].id]).toEqual(BINDING[0].text);
    const yz = await ok('d-yz');
    expect(yz.failing.communities.map((f) => [f.id, f.under])).toEqual([['c-c', 's-2'], ['c-e', 's-1'], ['c-b', 's-1']]);
    expect(child(yz, 's-2').energy).toEqual({ loadKw: 40, floorAreaM2: 8000, intensityWm2: 5 });
    expect(child(yz, 's-2').parking.pressure).toBe(0.9);
    expect((await ok('cq')).failing).toMatchObject({ total: 3, unassessed: 1 });
  });

  it('gives a community its neighbourhoods, with their own floor areas and alerts', async () => {
    const ca = await ok('c-a');
    expect(ca.self).toMatchObject({ communities: 1, compliance: { gatePassed: 1, failing: [] }, energy: { loadKw: 150, floorAreaM2: 15_000, intensityWm2: 10 } });
    expect(ca.children.map((c) => [c.id, c.communities, c.alerts.open, c.energy.intensityWm2])).toEqual([['n-a1', 0, 1, 10], ['n-a2', 0, 1, 10]]);
    const hood = await ok('n-a2');
    expect(hood.children).toEqual([]);
    expect(hood.self).toMatchObject({ communities: 0, alerts: { open: 1, bySeverity: { major: 1 } }, energy: { loadKw: 50, floorAreaM2: 5000 } });
  });

  it('moves the figures at once when an assessment is changed through the API', async () => {
    const item = BINDING[10].id;
    const before = (await app.get(`/api/indicators/assessments?node=c-b`)).body.assessments.find((x: { item: string }) => x.item === item);
    const res = await app.fetch(`/api/indicators/assessments/c-b/${item}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'met', expectedRevision: before.revision, evidence: { note: '已整改', links: [], attachments: [] } }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const b = child(await ok('s-1'), 'c-b');
    expect(b.compliance.failing!.map((f) => f.item)).toEqual(BINDING.slice(11).map((it) => it.id));
  });

  it('shows a street-scoped user its street and refuses the district above it', async () => {
    const mine = await compare('s-1', street);
    expect(mine.status).toBe(200);
    expect(mine.body.children.map((c) => c.id)).toEqual(['c-a', 'c-b', 'c-e']);
    expect((await compare('c-a', street)).status).toBe(200);
    for (const id of ['d-yz', 'cq', 's-2', 'c-c']) expect((await compare(id, street)).status, id).toBe(403);
  });

  it.each([
    ['no node', '/api/compare', 400, 'api: name a hierarchy node: /api/compare?node=<id> (the tree is at /api/hierarchy)'],
    ['an empty node', '/api/compare?node=', 400, 'api: name a hierarchy node: /api/compare?node=<id> (the tree is at /api/hierarchy)'],
    ['node twice', '/api/compare?node=c-a&node=c-b', 400, 'api: give node once, as one id: /api/compare?node=<id>'],
    ['an unknown node', '/api/compare?node=c-zz', 404, 'api: unknown node "c-zz"; the tree is at /api/hierarchy'],
    ['HTML', `/api/compare?node=${encodeURIComponent('<img src=x onerror=alert(1)>')}`, 404, 'api: unknown node "<img src=x onerror=alert(1)>"; the tree is at /api/hierarchy'],
    ['SQL', `/api/compare?node=${encodeURIComponent("c-a' OR '1'='1")}`, 404, 'api: unknown node "c-a\' OR \'1\'=\'1"; the tree is at /api/hierarchy'],
    ['InfluxQL', `/api/compare?node=${encodeURIComponent('c-a"; DROP MEASUREMENT energy')}`, 404, 'api: unknown node "c-a\\"; DROP MEASUREMENT energy"; the tree is at /api/hierarchy'.replace('\\"', '"')],
    ['__proto__', '/api/compare?node=__proto__', 404, 'api: unknown node "__proto__"; the tree is at /api/hierarchy'],
  ])('answers %s with what is wrong', async (_what, path, status, error) => {
    const res = await app.fetch(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error });
  });

  it('clips a 10 kB id in its answer', async () => {
    const res = await app.get(`/api/compare?node=${'x'.repeat(10_000)}`);
    expect(res.status).toBe(404);
    expect(res.body.error.length).toBeLessThan(120);
  });
});

describe('GET /api/indicators/compliance-history', () => {
  it('counts per China day the communities passing the gate and the mean basic ratio', async () => {
    const res = await app.get('/api/indicators/compliance-history?node=s-1&days=7');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.node.id).toBe('s-1');
    expect(res.body.communities).toBe(3);
    const days = res.body.days as { day: string; t: number; gatePassed: number; basicRatio: number | null }[];
    expect(days).toHaveLength(7);
    expect(days.map((d) => d.t)).toEqual([6, 5, 4, 3, 2, 1].map((d) => chinaDayStart(DAY_NOW) - d * DAY_MS + DAY_MS).concat([days[6].t]));
    expect(days[6].day).toBe(new Date(chinaDayStart(DAY_NOW) + 8 * 3_600_000).toISOString().slice(0, 10));
    // c-a passes from 3 days ago; today the figures are those /api/compare gives.
    expect(days.map((d) => d.gatePassed)).toEqual([0, 0, 0, 1, 1, 1, 1]);
    expect(days[0].basicRatio).toBe(0);
    expect(days[3].basicRatio).toBe(Number(((19 / BASIC.length) / 3).toFixed(4)));
    const now = (await ok('s-1')).self.compliance;
    expect(days[6]).toMatchObject({ gatePassed: now.gatePassed, basicRatio: now.basicRatio });
    const city = (await app.get('/api/indicators/compliance-history?node=cq')).body;
    expect(city.days).toHaveLength(30);
    expect(city.communities).toBe(5);
    expect((await app.get('/api/indicators/compliance-history?node=n-a1&days=1')).body).toMatchObject({ communities: 1, days: [{ gatePassed: 1 }] });
    expect((await app.get('/api/indicators/compliance-history?node=cq&days=365')).status).toBe(200);
  });

  it('refuses the district above a street-scoped user', async () => {
    const get = (id: string) => fetch(`${app.url}/api/indicators/compliance-history?node=${id}`, withSession(street));
    expect((await get('s-1')).status).toBe(200);
    expect((await get('d-yz')).status).toBe(403);
  });

  it.each([
    ['days=0', 'node=s-1&days=0', 400, 'indicators: days must be a whole number from 1 to 365, not "0"'],
    ['days=366', 'node=s-1&days=366', 400, 'indicators: days must be a whole number from 1 to 365, not "366"'],
    ['days=-3', 'node=s-1&days=-3', 400, 'indicators: days must be a whole number from 1 to 365, not "-3"'],
    ['days=abc', 'node=s-1&days=abc', 400, 'indicators: days must be a whole number from 1 to 365, not "abc"'],
    ['days=1.5', 'node=s-1&days=1.5', 400, 'indicators: days must be a whole number from 1 to 365, not "1.5"'],
    ['days twice', 'node=s-1&days=3&days=4', 400, 'indicators: give days once: ?days=<1…365>'],
    ['no node', 'days=3', 400, 'indicators: name a hierarchy node: ?node=<id>'],
    ['node twice', 'node=s-1&node=s-2', 400, 'indicators: give node once, as one id: ?node=<id>'],
    ['an unknown node', `node=${encodeURIComponent('<b>x</b>')}`, 404, 'indicators: unknown node "<b>x</b>"'],
  ])('answers %s with what is wrong', async (_what, query, status, error) => {
    const res = await app.get(`/api/indicators/compliance-history?${query}`);
    expect(res).toEqual({ status, body: { error } });
  });
});
