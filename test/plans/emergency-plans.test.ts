/**
 * Emergency plans and drills end to end, on the real server: a fire alert starts its plan; an
 * operator ticks its checklist and finishes steps, each on the alert's history (who, when) and in
 * the shift handover (JSON and CSV); a step left past its target is marked overdue, written on the
 * history, sent live to the node's consoles and told to the neighbourhood's channel again; a drill
 * is marked as one, counted nowhere, and reported step by step against the targets; callers
 * outside the node are refused and bad input is answered 400 naming the field.
 *
 * The plans' clock is the test's: `skew` moves it forward, so a step's target passes at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import { eventually } from '../support/eventually.ts';
import { withSession, type TestSession } from '../support/session.ts';
import type { AlertHistoryEntry, AlertRecord } from '../../streams/alert-lifecycle.ts';
import type { DrillReport, PlanRun, PlanTemplate } from '../../streams/plans.ts';
import { parseTemplates } from '../../server/plans/plan-schema.ts';

let app: TestApp;
let rx: HttpReceiver;
let skew = 0;
let property: TestSession;
let outsider: TestSession;
const clients: LiveTestClient[] = [];
/** How the property operator's actions are signed: display name and username. */
const ZHANG = '张值班 (zhang)';

beforeAll(async () => {
  rx = await startHttpReceiver();
  app = await startTestApp({
    plans: { now: () => Date.now() + skew, checkMs: 50 },
    notify: { groupMs: 50, checkMs: 0, retryBaseMs: 50, maxPerMinute: 100, timeoutMs: 2000 },
  });
  const ch = await app.fetch('/api/admin/notify/channels', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: '甲一小区物业群', node: 'n-a1', role: 'property_operator', settings: { kind: 'wecom', url: `${rx.url}/wecom/a1?key=k` } }),
  });
  expect(ch.status).toBe(201);
  property = await app.userSession({ username: 'zhang', displayName: '张值班', roles: ['property_operator'], scopes: ['n-a1'] });
  outsider = await app.userSession({ username: 'li', displayName: '李值班', roles: ['property_operator'], scopes: ['n-b1'] });
});
afterEach(() => { while (clients.length) clients.pop()!.close(); });
afterAll(async () => { await app?.stop(); await rx?.close(); });

async function as(who: TestSession, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const init: RequestInit = { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }) };
  const res = await fetch(`${app.url}${path}`, withSession(who, init));
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

let seq = 0;
async function raise(type: string, neighbourhood = 'n-a1', community = 'c-a'): Promise<AlertRecord> {
  const device = `det-${++seq}`;
  expect((await app.write(`alert,community=${community},neighbourhood=${neighbourhood},type=${type},severity=critical,device=${device} location="3栋",message="烟感报警"`)).status).toBe(204);
  const r = await eventually(() => app.get('/api/alerts?limit=1000'), (x) => x.body.alerts.some((a: AlertRecord) => a.device === device), 5000, `alert of ${device}`);
  return r.body.alerts.find((a: AlertRecord) => a.device === device);
}

const planOf = async (id: number, who = property) => (await as(who, 'GET', `/api/alerts/${id}/plan`)).body.run as PlanRun;
const historyOf = async (id: number) => (await app.get(`/api/alerts/${id}`)).body.history as AlertHistoryEntry[];

describe('emergency plans', () => {
  it('ships a template per alert type, validated, and answers them', async () => {
    const r = await as(property, 'GET', '/api/plans/templates');
    expect(r.status).toBe(200);
    const types = (r.body.templates as PlanTemplate[]).map((t) => t.alertType).sort();
    expect(types).toEqual(['elevator_trapped', 'fire', 'gas_leak', 'perimeter_intrusion', 'pipe_leak', 'vulnerable_person_alone', 'waterlogging']);
    const fire = (r.body.templates as PlanTemplate[]).find((t) => t.alertType === 'fire')!;
    expect(fire.steps.flatMap((s) => s.contacts.map((c) => c.phone))).toContain('119');
    const gas = (r.body.templates as PlanTemplate[]).find((t) => t.alertType === 'gas_leak')!;
    expect(gas.steps.flatMap((s) => s.contacts.map((c) => c.name.en)).join(' ')).toMatch(/gas/i);
    // A broken file is refused naming the field.
    const broken = structuredClone({ templates: [fire] });
    broken.templates[0].steps[1].role = 'janitor' as never;
    expect(() => parseTemplates(broken)).toThrow(/"templates\.0\.steps\.1\.role": must be one of/);
    broken.templates[0].steps[1].role = 'property_operator';
    broken.templates[0].steps[2].targetSeconds = 10;
    expect(() => parseTemplates(broken)).toThrow(/"templates\.0\.steps\.2\.targetSeconds": 10 s is before/);
  });

  it('starts the plan when its alert is raised; steps are ticked off and done with who and when, on the history and the handover', async () => {
    const from = Date.now() - 1000;
    const a = await raise('fire');
    const run = await eventually(() => planOf(a.id), (r) => r !== undefined, 3000, 'the plan run');
    expect(run).toMatchObject({ alertId: a.id, templateId: 'fire', drill: false, startedBy: 'system', finishedAt: null });
    expect(run.steps.map((s) => s.id)).toEqual(['confirm', 'call-119', 'meet-brigade', 'report']);
    expect((await historyOf(a.id)).some((h) => h.action === 'plan' && h.detail.includes('预案启动'))).toBe(true);

    // Not done while an item is unticked.
    const early = await as(property, 'POST', `/api/alerts/${a.id}/plan/steps/confirm/done`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatch(/unticked items: 0/);
    for (const i of [0, 1]) expect((await as(property, 'POST', `/api/alerts/${a.id}/plan/steps/confirm/items/${i}`, { done: true })).status).toBe(200);
    const done = await as(property, 'POST', `/api/alerts/${a.id}/plan/steps/confirm/done`);
    expect(done.status).toBe(200);
    const step = (done.body.run as PlanRun).steps[0];
    expect(step).toMatchObject({ doneBy: ZHANG, overdue: false });
    expect(step.doneAt).toBeGreaterThanOrEqual(run.startedAt);
    expect(step.checklist.every((c) => c.done && c.by === ZHANG && c.at !== null)).toBe(true);
    // Done is done.
    expect((await as(property, 'POST', `/api/alerts/${a.id}/plan/steps/confirm/items/0`, { done: false })).status).toBe(409);

    const history = await historyOf(a.id);
    const planned = history.filter((h) => h.action === 'plan' && h.operator === ZHANG);
    expect(planned.map((h) => h.detail)).toEqual([
      expect.stringContaining('✓ 调取附近摄像头查看现场'), expect.stringContaining('✓'), expect.stringMatching(/步骤 1「核实火情」完成，用时 \d+ s（目标 60 s，达标）/),
    ]);
    const audit = (await app.get('/api/admin/audit?limit=50')).body;
    expect(JSON.stringify(audit)).toContain('plan.step.done');

    const handover = await as(property, 'GET', `/api/alerts/handover?node=n-a1&from=${from}`);
    const row = handover.body.alerts.find((x: { id: number }) => x.id === a.id);
    expect(row.plan.steps[0]).toMatchObject({ id: 'confirm', doneBy: ZHANG, met: true, itemsDone: 2, items: 2 });
    expect(row.actions.some((h: AlertHistoryEntry) => h.action === 'plan' && h.detail.includes('完成'))).toBe(true);
    const csv = await fetch(`${app.url}/api/alerts/handover?node=n-a1&from=${from}&format=csv`, withSession(property));
    const text = await csv.text();
    expect(text).toContain('应急预案闭环');
    expect(text).toMatch(/1\. 核实火情：张值班 \(zhang\) \d+ s \/ 目标 60 s 达标/);
  });

  it('marks a step past its target overdue, once: on the history, live to the node, and to its channel again', async () => {
    const a = await raise('elevator_trapped');
    await eventually(() => planOf(a.id), (r) => r !== undefined, 3000, 'the plan run');
    const live = new LiveTestClient(app.url);
    clients.push(live);
    await live.subscribe('n-a1', ['alert']);
    const before = rx.to('/wecom/a1').length;
    skew += 61_000; // past the first step's 60 s
    try {
      const run = await eventually(() => planOf(a.id), (r) => r.steps[0].overdue, 3000, 'the overdue mark');
      expect(run.steps[1].overdue).toBe(false);
      await until(() => live.updates.some((u) => u.action === 'plan' && u.alert.id === a.id), 3000, 'the live plan update');
      const overdue = (await historyOf(a.id)).filter((h) => h.action === 'plan' && h.detail.includes('超时'));
      expect(overdue).toHaveLength(1);
      expect(overdue[0]).toMatchObject({ operator: 'system' });
      expect(overdue[0].detail).toMatch(/步骤 1「与被困人员通话安抚」超时：60 s 内未完成/);
      await until(() => rx.to('/wecom/a1').slice(before).some((r) => r.body.includes('预案超时')), 3000, 'the overdue message');
      // Still overdue later: not told twice.
      await new Promise((r) => setTimeout(r, 200));
      expect((await historyOf(a.id)).filter((h) => h.action === 'plan' && h.detail.includes('超时'))).toHaveLength(1);
    } finally {
      skew -= 61_000;
    }
  });

  it('refuses callers outside the node and bad input, naming the field', async () => {
    const a = await raise('fire');
    await eventually(() => planOf(a.id), (r) => r !== undefined, 3000, 'the plan run');
    expect((await as(outsider, 'GET', `/api/alerts/${a.id}/plan`)).status).toBe(403);
    expect((await as(outsider, 'POST', `/api/alerts/${a.id}/plan/steps/confirm/items/0`, { done: true })).status).toBe(403);
    const bad = await as(property, 'POST', `/api/alerts/${a.id}/plan/steps/confirm/items/0`, { done: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/body field "done"/);
    const broken = await as(property, 'POST', `/api/alerts/${a.id}/plan/steps/confirm/items/0`, '{"done":');
    expect(broken).toMatchObject({ status: 400, body: { error: 'plans: request body is not valid JSON' } });
    const who = await as(property, 'POST', `/api/alerts/${a.id}/plan/steps/confirm/items/0`, { done: true, operator: '<script>x</script>' });
    expect(who.status).toBe(400);
    expect((await as(property, 'POST', `/api/alerts/${a.id}/plan/steps/nope/done`)).status).toBe(404);
    expect((await as(property, 'POST', `/api/alerts/${a.id}/plan/steps/confirm/items/9`, { done: true })).status).toBe(404);
    const drill = await as(property, 'POST', '/api/drills', { node: 'n-a1', template: "fire'; DROP TABLE alerts;--" });
    expect(drill.status).toBe(400);
    expect(drill.body.error).toMatch(/"template"/);
    expect((await as(property, 'POST', '/api/drills', { template: 'fire' })).body.error).toMatch(/body field "node"/);
    expect((await as(property, 'POST', '/api/drills', { node: 'c-a', template: 'fire' })).body.error).toMatch(/"node" must be a neighbourhood/);
    expect((await as(outsider, 'POST', '/api/drills', { node: 'n-a1', template: 'fire' })).status).toBe(403);
  });
});

describe('drills', () => {
  it('marks the drill everywhere, counts it nowhere, and reports each step against its target', async () => {
    const from = Date.now() - 1000;
    const stats = async () => (await app.get('/api/alerts/stats?node=c-a')).body;
    const before = await stats();
    const handoverBefore = (await app.get(`/api/alerts/handover?node=c-a&from=${from}`)).body.summary;

    const started = await as(property, 'POST', '/api/drills', { node: 'n-a1', template: 'gas-leak', location: '5栋燃气表间' });
    expect(started.status).toBe(201);
    const { drill, alert } = started.body as { drill: DrillReport['drill']; alert: AlertRecord };
    expect(alert).toMatchObject({ drill: true, type: 'gas_leak', neighbourhood: 'n-a1', location: '5栋燃气表间' });
    expect(drill).toMatchObject({ alertId: alert.id, templateId: 'gas-leak', startedBy: ZHANG, node: 'n-a1' });
    const listed = (await app.get('/api/alerts?node=n-a1&limit=1000')).body.alerts.find((a: AlertRecord) => a.id === alert.id);
    expect(listed.drill).toBe(true);
    expect((await app.get(`/api/alerts/${alert.id}`)).body.alert.drill).toBe(true);
    expect((await planOf(alert.id)).drill).toBe(true);

    // Two steps done, one of them after its target.
    const tick = async (step: string, n: number) => {
      for (let i = 0; i < n; i++) expect((await as(property, 'POST', `/api/alerts/${alert.id}/plan/steps/${step}/items/${i}`, { done: true })).status).toBe(200);
      expect((await as(property, 'POST', `/api/alerts/${alert.id}/plan/steps/${step}/done`)).status).toBe(200);
    };
    await tick('confirm', 3);
    skew += 400_000; // past call-gas (300 s), within evacuate (600 s)
    try {
      await tick('call-gas', 2);
    } finally {
      skew -= 400_000;
    }
    expect((await as(outsider, 'GET', `/api/drills/${drill.id}/report`)).status).toBe(403);
    const finished = await as(property, 'POST', `/api/drills/${drill.id}/finish`);
    expect(finished.status).toBe(200);
    const report = (await as(property, 'GET', `/api/drills/${drill.id}/report`)).body as DrillReport;
    expect(report.drill.finishedAt).not.toBeNull();
    expect(report.steps.map((s) => [s.id, s.met])).toEqual([['confirm', true], ['call-gas', false], ['evacuate', null], ['report', null]]);
    expect(report.steps[0]).toMatchObject({ doneBy: ZHANG, targetSeconds: 120 });
    expect(report.steps[1].seconds).toBeGreaterThan(300);
    expect(report.steps[2].seconds).toBeNull();
    expect(report.summary).toMatchObject({ steps: 4, done: 2, met: 1, missed: 1, pending: 2 });
    expect((await app.get(`/api/alerts/${alert.id}`)).body.alert.state).toBe('closed');

    // Left out of every count: stats, the handover's summary; still handed over, marked.
    const after = await stats();
    expect(after.total).toBe(before.total);
    expect(after.byType.gas_leak ?? 0).toBe(before.byType.gas_leak ?? 0);
    expect(after.timeToResolve).toEqual(before.timeToResolve);
    const handover = (await app.get(`/api/alerts/handover?node=c-a&from=${from}`)).body;
    expect({ ...handover.summary, drills: 0 }).toEqual({ ...handoverBefore, drills: 0 });
    expect(handover.summary.drills).toBe(1);
    const row = handover.alerts.find((x: AlertRecord) => x.id === alert.id);
    expect(row).toMatchObject({ drill: true, plan: { drill: true, templateId: 'gas-leak' } });
    expect(app.catalog.find({ measurement: 'alert_event', tags: { community: 'c-a', type: 'gas_leak' } })).toHaveLength(0);
    // Nobody was paged for it.
    expect(rx.to('/wecom/a1').some((r) => r.body.includes('燃气泄漏'))).toBe(false);
  });
});

describe('plans per node', () => {
  it('lets an administrator give a node its own plan, which alerts there then start', async () => {
    const shipped = ((await app.get('/api/plans/templates')).body.templates as PlanTemplate[]).find((t) => t.alertType === 'perimeter_intrusion')!;
    const own: PlanTemplate = { ...shipped, id: 'intrusion-a2', name: { zh: '甲二小区周界入侵预案', en: 'A2 intrusion plan' }, steps: shipped.steps.slice(0, 2) };
    const put = (body: unknown, who: TestSession = app.session) => as(who, 'PUT', '/api/plans/templates/n-a2', body);
    expect((await put({ templates: [own] }, property)).status).toBe(403);
    const bad = await put({ templates: [{ ...own, steps: [{ ...own.steps[0], contacts: [{ name: own.steps[0].title, phone: 'call me' }] }] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/field "templates\.0\.steps\.0\.contacts\.0\.phone": must be a phone number/);
    const ok = await put({ templates: [own] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ node: 'n-a2', updatedBy: expect.stringContaining('admin') });
    const atA2 = (await app.get('/api/plans/templates?node=n-a2')).body.templates as PlanTemplate[];
    expect(atA2.find((t) => t.alertType === 'perimeter_intrusion')!.id).toBe('intrusion-a2');
    expect(((await app.get('/api/plans/templates?node=n-a1')).body.templates as PlanTemplate[]).find((t) => t.alertType === 'perimeter_intrusion')!.id).toBe('perimeter-intrusion');

    const a2 = await raise('perimeter_intrusion', 'n-a2');
    const run = await eventually(() => as(app.session, 'GET', `/api/alerts/${a2.id}/plan`), (r) => r.status === 200, 3000, 'the plan run');
    expect(run.body.run).toMatchObject({ templateId: 'intrusion-a2' });
    expect(run.body.run.steps).toHaveLength(2);
    expect((await as(app.session, 'DELETE', '/api/plans/templates/n-a2')).status).toBe(204);
    expect((await as(app.session, 'DELETE', '/api/plans/templates/n-a2')).status).toBe(404);
    // The run keeps the plan it started with.
    expect((await as(app.session, 'GET', `/api/alerts/${a2.id}/plan`)).body.run.templateId).toBe('intrusion-a2');
  });
});
