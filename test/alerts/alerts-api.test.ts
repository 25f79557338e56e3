import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_HIERARCHY, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import { startApp } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { AlertUpdateFrame } from '../../streams/live-protocol.ts';
import { signIn, withSession, TEST_ADMIN_PASSWORD, type TestSession } from '../support/session.ts';

let app: TestApp;
const clients: LiveTestClient[] = [];
beforeAll(async () => { app = await startTestApp(); });
afterEach(() => { while (clients.length) clients.pop()!.close(); });
afterAll(async () => { await app?.stop(); });

let deviceSeq = 0;
/** Post a device event and return the alert it raised (a fresh device each time, so none is a repeat). */
async function raise(over: { type?: string; severity?: string; neighbourhood?: string; community?: string; message?: string } = {}) {
  const device = `dev-${++deviceSeq}`;
  const { type = 'fire', severity = 'critical', neighbourhood = 'n-a1', community = 'c-a', message = '烟感报警' } = over;
  const res = await app.write(`alert,community=${community},neighbourhood=${neighbourhood},type=${type},severity=${severity},device=${device} location="3栋2单元",message="${message}"`);
  expect(res.status).toBe(204);
  const list = await app.get(`/api/alerts?node=${neighbourhood}&limit=1000`);
  return list.body.alerts.find((a: { device: string }) => a.device === device);
}

/**
 * People act as themselves: `{ operator: '张三', … }` in a test's body means "signed in as 张三"
 * (made on first use, username = the name where it can be one); the body sent has no operator.
 */
const operators = new Map<string, TestSession>();
async function sessionOf(name: string): Promise<TestSession> {
  let s = operators.get(name);
  if (!s) {
    const username = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{1,63}$/u.test(name) ? name : `op-${operators.size + 1}`;
    s = await app.userSession({ username, displayName: name });
    operators.set(name, s);
  }
  return s;
}

async function send(method: string, path: string, body: unknown, raw?: string) {
  let session = app.session;
  if (body && typeof body === 'object' && !Array.isArray(body) && 'operator' in body) {
    const { operator, ...rest } = body as Record<string, unknown>;
    session = await sessionOf(String(operator));
    body = rest;
  }
  const res = await fetch(`${app.url}${path}`, withSession(session, { method, headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) }));
  return { status: res.status, body: await res.json() };
}
const post = (path: string, body: unknown, raw?: string) => send('POST', path, body, raw);
const put = (path: string, body: unknown, raw?: string) => send('PUT', path, body, raw);

describe('alerts API', () => {
  it('raises an alert from a device event and walks it through its life', async () => {
    const a = await raise();
    expect(a).toMatchObject({ state: 'raised', revision: 1, source: 'device', type: 'fire', severity: 'critical', location: '3栋2单元', count: 1 });
    const steps: [string, Record<string, unknown>, string][] = [
      ['ack', { operator: '张三', comment: '已电话联系住户' }, 'acknowledged'],
      ['dispatch', { operator: '张三', assignee: '微型消防站', comment: '请到场' }, 'dispatched'],
      ['resolve', { operator: '李四', comment: '厨房油烟，已通风' }, 'resolved'],
      ['close', { operator: '李四' }, 'closed'],
      ['reopen', { operator: '王五', comment: '住户再次来电' }, 'raised'],
    ];
    let revision = 1;
    for (const [action, body, state] of steps) {
      const res = await post(`/api/alerts/${a.id}/${action}`, { ...body, expectedRevision: revision });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.alert.state).toBe(state);
      revision = res.body.alert.revision;
    }
    const one = await app.get(`/api/alerts/${a.id}`);
    // A fire alert starts its emergency plan, which writes its own entries (test/plans).
    expect(one.body.history.map((h: { action: string }) => h.action).filter((x: string) => x !== 'plan')).toEqual(['raise', 'ack', 'dispatch', 'resolve', 'close', 'reopen']);
    expect(one.body.comments.map((h: { comment: string }) => h.comment)).toEqual(['已电话联系住户', '请到场', '厨房油烟，已通风', '住户再次来电']);
    expect(one.body.allowed).toEqual(['ack', 'comment']);
  });

  it('two operators racing to acknowledge: exactly one wins, the other is told who took it', async () => {
    const a = await raise();
    const results = await Promise.all(['张三', '李四'].map((operator) => post(`/api/alerts/${a.id}/ack`, { operator, expectedRevision: 1 })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.alert.acknowledgedBy;
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.error).toContain(`already acknowledged by ${winner}`);
    expect(loser.body.error).toContain('allowed: dispatch, resolve, comment');
    expect((await app.get(`/api/alerts/${a.id}`)).body.history.filter((h: { action: string }) => h.action === 'ack')).toHaveLength(1);
  });

  it.each([
    ['an unknown alert id', '/api/alerts/999999/ack', { operator: 'x', expectedRevision: 1 }, 404, 'alerts: no alert 999999'],
    ['a non-numeric alert id', '/api/alerts/abc/ack', { operator: 'x', expectedRevision: 1 }, 404, 'alerts: no alert "abc"'],
    ['an unknown action', '/api/alerts/1/explode', { operator: 'x' }, 404, 'alerts: no action "explode"; actions are ack, dispatch, resolve, close, reopen, comment'],
    ['no expected revision', '/api/alerts/1/ack', { operator: 'x' }, 400, 'alerts: "expectedRevision" is required'],
    ['a dispatch to nobody', '/api/alerts/1/dispatch', { operator: 'x', expectedRevision: 2 }, 400, 'alerts: "assignee" is required'],
    ['a reopen without a reason', '/api/alerts/1/reopen', { operator: 'x', expectedRevision: 2 }, 400, 'alerts: "comment" is required: the reason for reopening'],
    ['an empty comment', '/api/alerts/1/comment', { operator: 'x', comment: '' }, 400, 'alerts: "comment" is required: the text of the comment'],
    ['a comment of 2001 characters', '/api/alerts/1/comment', { operator: 'x', comment: '长'.repeat(2001) }, 400, 'alerts: "comment" is longer than 2000 characters'],
  ])('refuses %s', async (_name, path, body, status, error) => {
    const res = await post(path, body);
    expect(res.status).toBe(status);
    expect(res.body.error).toContain(error);
  });

  it('refuses a name typed into the body: an action is recorded under the signed-in user', async () => {
    const a = await raise();
    const typed = await post(`/api/alerts/${a.id}/ack`, undefined, JSON.stringify({ operator: '冒名者', expectedRevision: 1 }));
    expect(typed).toEqual({ status: 400, body: { error: 'alerts: "operator" is not part of the body: the action is recorded under the signed-in user' } });
    const rules = await put('/api/alerts/rules?community=c-b', undefined, JSON.stringify({ operator: '冒名者', expectedRevision: 0, rules: [] }));
    expect(rules.status).toBe(400);
    expect(rules.body.error).toContain('field "operator" is not part of a rule set change: it is recorded under the signed-in user');
    const acked = await post(`/api/alerts/${a.id}/ack`, { operator: '张三', expectedRevision: 1 });
    expect(acked.body.alert.acknowledgedBy).toBe('张三');
  });

  it('refuses an oversize body with 413 and bad JSON with 400', async () => {
    const big = await post('/api/alerts/1/comment', undefined, JSON.stringify({ operator: 'x', comment: 'x'.repeat(70 * 1024) }));
    expect(big).toEqual({ status: 413, body: { error: 'alerts: request body is larger than the limit of 65536 bytes' } });
    const bad = await post('/api/alerts/1/comment', undefined, '{"operator": ');
    expect(bad).toEqual({ status: 400, body: { error: 'alerts: request body is not valid JSON' } });
  });

  it.each([
    ['state', 'state=burning', 'alerts: state "burning" is not one of raised, acknowledged, dispatched, resolved, closed'],
    ['severity', 'severity=meh', 'alerts: severity "meh" is not one of info, warning, major, critical'],
    ['limit', 'limit=5000', 'alerts: limit must be a whole number from 1 to 1000'],
    ['time', 'from=yesterday', 'alerts: from "yesterday" is not epoch ms'],
    ['node', 'node=%3Cimg%20src%3Dx%3E', 'alerts: unknown node "<img src=x>"'],
  ])('a list with a bad %s is refused with a clear error', async (_name, q, error) => {
    const res = await app.get(`/api/alerts?${q}`);
    expect(res.status).toBe(q.startsWith('node') ? 404 : 400);
    expect(res.body.error).toContain(error);
  });

  it('stores and returns hostile strings verbatim', async () => {
    const hostile = [`<img src=x onerror=alert(1)>`, `'; DROP TABLE alerts; --`, `=HYPERLINK("http://evil","点我")`];
    const a = await raise({ message: hostile[0].replace(/"/g, '\\"') });
    for (const text of hostile) {
      expect((await post(`/api/alerts/${a.id}/comment`, { operator: text, comment: text })).status).toBe(200);
    }
    const one = await app.get(`/api/alerts/${a.id}`);
    expect(one.body.alert.message).toBe(hostile[0]);
    // Each comment is under its signed-in author: the hostile display name, then the username.
    const comments = one.body.comments as { comment: string; operator: string }[];
    expect(comments.map((c) => c.comment)).toEqual(hostile);
    comments.forEach((c, i) => expect(c.operator).toBe(`${hostile[i]} (op-${/\(op-(\d+)\)$/.exec(c.operator)?.[1]})`));
    expect((await app.get('/api/alerts?limit=1')).status).toBe(200);
  });

  it('filters by state, type, severity and any hierarchy node', async () => {
    const fire = await raise({ neighbourhood: 'n-a2', type: 'fire', severity: 'major' });
    const gas = await raise({ neighbourhood: 'n-b1', community: 'c-b', type: 'gas_leak', severity: 'warning' });
    await post(`/api/alerts/${gas.id}/ack`, { operator: 'x', expectedRevision: 1 });
    const ids = async (q: string) => (await app.get(`/api/alerts?${q}&limit=1000`)).body.alerts.map((a: { id: number }) => a.id);
    expect(await ids('node=n-a2')).toContain(fire.id);
    expect(await ids('node=n-a2')).not.toContain(gas.id);
    expect(await ids('node=s-1')).toEqual(expect.arrayContaining([fire.id, gas.id]));
    expect(await ids('node=c-b&state=acknowledged')).toEqual([gas.id]);
    expect(await ids('type=gas_leak&severity=warning')).toContain(gas.id);
    expect(await ids('type=gas_leak&severity=warning')).not.toContain(fire.id);
    const limited = await app.get('/api/alerts?limit=1');
    expect(limited.body.alerts).toHaveLength(1);
    expect(limited.body.total).toBeGreaterThan(1);
  });

  it('statistics count by type, severity and state, with median and p95 response times', async () => {
    // Community B only, so the figures are this test's own.
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await raise({ community: 'c-b', neighbourhood: 'n-b1', type: 'emergency_button' });
    const list = (await app.get(`/api/alerts?node=c-b&type=emergency_button&from=${t0}`)).body.alerts;
    for (const a of list) await post(`/api/alerts/${a.id}/ack`, { operator: 'x', expectedRevision: 1 });
    const s = (await app.get(`/api/alerts/stats?node=c-b&from=${t0}`)).body;
    expect(s.byType).toEqual({ emergency_button: 3 });
    expect(s.byState).toEqual({ acknowledged: 3 });
    expect(s.bySeverity).toEqual({ critical: 3 });
    expect(s.timeToAck.count).toBe(3);
    expect(s.timeToAck.median).toBeGreaterThanOrEqual(0);
    expect(s.timeToAck.p95).toBeGreaterThanOrEqual(s.timeToAck.median);
    expect(s.timeToResolve).toEqual({ count: 0, median: null, p95: null });
  });

  it('the handover CSV opens in Excel: BOM, quoting, Chinese, and no formula injection', async () => {
    // Raise times are the server clock at /write: later than this.
    const from = Date.now();
    const a = await raise({ neighbourhood: 'n-a2', message: '3栋, \\"B\\"座' });
    await post(`/api/alerts/${a.id}/ack`, { operator: '=cmd|\' /C calc\'!A0', expectedRevision: 1, comment: '+1 @SUM(A1:A9) -2' });
    const res = await app.fetch(`/api/alerts/handover?node=n-a2&from=${from}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="alerts-handover-n-a2-\d{8}-\d{4}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toContain('编号 ID');
    const row = text.split('\r\n').find((l) => l.startsWith(`${a.id},`))!;
    expect(row).toContain('"3栋, ""B""座"');
    expect(row).toContain('消防火警');
    expect(row).toContain(`'=cmd|' /C calc'!A0`);
    expect(row).not.toMatch(/,=|,\+|,-|,@/);
    const json = (await app.get(`/api/alerts/handover?node=n-a2&from=${from}`)).body;
    expect(json.summary).toMatchObject({ raised: 1, acknowledged: 1 });
    // Alerts still open from before the shift are handed over too, without actions of this shift.
    expect(json.alerts.find((x: { id: number }) => x.id === a.id).actions.map((h: { action: string }) => h.action).filter((x: string) => x !== 'plan')).toEqual(['raise', 'ack']);
    expect(json.summary.stillOpen).toBeGreaterThanOrEqual(2);
    expect((await app.get('/api/alerts/handover?format=xls')).body.error).toBe('alerts: format "xls" is not json or csv');
  });

  it('rules: GET, PUT validated with a 400 naming the bad rule, and the set kept on a bad PUT', async () => {
    expect((await app.get('/api/alerts/rules?community=c-b')).body).toEqual({ community: 'c-b', rules: [], revision: 0, updatedAt: null, updatedBy: null });
    const rule = { id: 'b-pm', name: 'PM2.5', kind: 'threshold', severity: 'warning', type: 'environment_abnormal', measurement: 'env', field: 'pm25_ugm3', op: '>', value: 115 };
    const before = Date.now();
    const ok = await put('/api/alerts/rules?community=c-b', { operator: '管理员', expectedRevision: 0, rules: [rule] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ revision: 1, updatedBy: '管理员', rules: [rule] });
    expect(ok.body.updatedAt).toBeGreaterThanOrEqual(before);
    expect((await app.get('/api/alerts/rules?community=c-b')).body).toEqual(ok.body);
    const bad = await put('/api/alerts/rules?community=c-b', { operator: '管理员', expectedRevision: 1, rules: [rule, { ...rule, id: 'b-bad', forSeconds: 'soon' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('rule "b-bad": field "forSeconds"');
    expect((await app.get('/api/alerts/rules?community=c-b')).body).toMatchObject({ rules: [rule], revision: 1 });
    expect((await app.get('/api/alerts/rules?community=nowhere')).status).toBe(404);
    expect((await app.get('/api/alerts/rules')).body.error).toBe('alerts: name the community: ?community=<id>');
  });

  it.each([
    ['no expectedRevision', { operator: 'x', rules: [] }, 'field "expectedRevision" is required: the revision of the rule set the change was made on'],
    ['a negative expectedRevision', { operator: 'x', expectedRevision: -1, rules: [] }, 'field "expectedRevision" is required'],
    ['expectedRevision as text', { operator: 'x', expectedRevision: '0', rules: [] }, 'field "expectedRevision" is required'],
    ['no rules', { operator: 'x', expectedRevision: 0 }, 'field "rules" must be a JSON array of rules (got nothing)'],
    ['a bare array (no revision to check)', [], 'the body must be a JSON object { "rules": [...], "expectedRevision": n }'],
    ['an unknown field', { operator: 'x', expectedRevision: 0, rules: [], force: true }, 'field "force" is not part of a rule set change'],
  ])('a rule set PUT with %s is refused with 400 and changes nothing', async (_name, body, error) => {
    const res = await put('/api/alerts/rules?community=c-b', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^alerts: the rule set change is not valid: /);
    expect(res.body.error).toContain(error);
  });
});

describe('rule set revisions', () => {
  const rule = (value: number) => ({ id: 'pm', name: 'PM2.5', kind: 'threshold', severity: 'warning', type: 'environment_abnormal', measurement: 'env', field: 'pm25_ugm3', op: '>', value });
  const current = async () => (await app.get('/api/alerts/rules?community=c-b')).body;

  it('a PUT on a revision someone else has replaced gets 409 naming who and when, and the current set', async () => {
    const read = await current();
    const first = await put('/api/alerts/rules?community=c-b', { operator: '张三', expectedRevision: read.revision, rules: [rule(100)] });
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(read.revision + 1);
    // 李四 still has the set as it was when both read it.
    const stale = await put('/api/alerts/rules?community=c-b', { operator: '李四', expectedRevision: read.revision, rules: [rule(200)] });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe(`alerts: the rule set of community "c-b" is at revision ${first.body.revision}, changed by "张三" at ${new Date(first.body.updatedAt).toISOString()}, not ${read.revision}; reload it and apply your change again`);
    expect(stale.body.current).toEqual(first.body);
    expect(await current()).toEqual(first.body);
    // Re-read and re-applied, it goes through.
    const again = await put('/api/alerts/rules?community=c-b', { operator: '李四', expectedRevision: stale.body.current.revision, rules: [rule(200)] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ revision: first.body.revision + 1, updatedBy: '李四', rules: [rule(200)] });
  });

  it('of two PUTs on the same revision at once, exactly one wins; the set and the engine hold the winner', async () => {
    for (let round = 0; round < 5; round++) {
      const read = await current();
      const edits = [['张三', 300 + round], ['李四', 400 + round]] as const;
      const results = await Promise.all(edits.map(([operator, value]) => put('/api/alerts/rules?community=c-b', { operator, expectedRevision: read.revision, rules: [rule(value)] })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const won = results.find((r) => r.status === 200)!.body;
      const lost = results.find((r) => r.status === 409)!.body;
      expect(won.revision).toBe(read.revision + 1);
      expect(lost.current).toEqual(won);
      expect(lost.error).toContain(`changed by "${won.updatedBy}"`);
      expect(await current()).toEqual(won);
      expect(app.alerts.engine.rulesOf('c-b')).toEqual(won.rules);
    }
  });
});

describe('alerts live', () => {
  it('a threshold broken for longer than its duration on /write reaches the community alert room', async () => {
    const rule = {
      id: 'a-pressure', name: '供水压力过低', kind: 'threshold', severity: 'major', type: 'pipe_leak', measurement: 'pipe', field: 'pressure_kpa',
      selector: { network: 'water_supply' }, op: '<', value: 150, forSeconds: 2, clearValue: 170,
    };
    const { revision } = (await app.get('/api/alerts/rules?community=c-a')).body;
    expect((await put('/api/alerts/rules?community=c-a', { operator: '管理员', expectedRevision: revision, rules: [rule] })).status).toBe(200);
    const c = new LiveTestClient(app.url);
    clients.push(c);
    const updates: AlertUpdateFrame[] = [];
    c.socket.on('alertUpdate', (f) => updates.push(f));
    expect((await c.subscribe('c-a', ['alert'])).ok).toBe(true);
    const line = (sensor: string, kpa: number, t: number) => `pipe,community=c-a,neighbourhood=n-a1,network=water_supply,sensor=${sensor} pressure_kpa=${kpa} ${t}`;
    const t = Date.now() - 3000;
    // ws-short dips for 1 s only; ws-long stays below for 3 s.
    for (let i = 0; i <= 3; i++) {
      expect((await app.write([line('ws-long', 140, t + i * 1000), line('ws-short', i === 1 ? 140 : 300, t + i * 1000)].join('\n'), 'precision=ms')).status).toBe(204);
    }
    await until(() => c.alerts.length >= 1 && updates.length >= 1, 3000, 'the rule alert');
    await new Promise((r) => setTimeout(r, 100));
    expect(c.alerts).toHaveLength(1);
    expect(c.alerts[0].alert).toMatchObject({ community: 'c-a', neighbourhood: 'n-a1', type: 'pipe_leak', severity: 'major', device: 'ws-long' });
    expect(c.alerts[0].alert.message).toContain('供水压力过低');
    expect(updates[0]).toMatchObject({ room: 'c-a/alert', action: 'raise', alert: { source: 'rule', ruleId: 'a-pressure', state: 'raised', device: 'ws-long', value: 140 } });
    // Another operator acknowledging is seen live.
    const id = updates[0].alert.id;
    await post(`/api/alerts/${id}/ack`, { operator: '张三', expectedRevision: 1 });
    await until(() => updates.some((u) => u.action === 'ack'), 2000, 'the ack update');
    expect(updates.find((u) => u.action === 'ack')!.alert).toMatchObject({ id, state: 'acknowledged', acknowledgedBy: '张三', revision: 2 });
    // The lifecycle goes to the time-series store for the cockpit's statistics.
    await until(() => app.catalog.find({ measurement: 'alert_event', tags: { community: 'c-a', action: 'ack' } }).length > 0, 2000, 'alert_event series');
    const ackSeries = app.catalog.find({ measurement: 'alert_event', field: 'ack_s', tags: { community: 'c-a', action: 'ack', type: 'pipe_leak' } });
    expect(ackSeries).toHaveLength(1);
    expect(app.catalog.latestValue(ackSeries[0].id)).toBeGreaterThanOrEqual(0);
    await put('/api/alerts/rules?community=c-a', { operator: '管理员', expectedRevision: revision + 1, rules: [] });
  });
});

describe('alerts persistence', () => {
  it('state and history survive a restart on the same data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'alerts-restart-'));
    const start = () => startApp({
      hierarchy: TEST_HIERARCHY,
      config: configFromEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SIMULATOR: 'off', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }),
      store: new SqliteStore({ path: join(dataDir, 'ts.sqlite'), compactEveryMs: 200 }),
    });
    try {
      let running = await start();
      let session = await signIn(running.url, 'admin', TEST_ADMIN_PASSWORD);
      const fetch = (url: string, init?: RequestInit) => globalThis.fetch(url, withSession(session, init));
      const w = await fetch(`${running.url}/write`, { method: 'POST', body: 'alert,community=c-a,neighbourhood=n-a1,type=emergency_button,severity=critical,device=btn-1 location="1栋2单元0302",message="一键呼叫"' });
      expect(w.status).toBe(204);
      const listed = await (await fetch(`${running.url}/api/alerts`)).json();
      const id = listed.alerts[0].id;
      const ack = await fetch(`${running.url}/api/alerts/${id}/ack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedRevision: 1, comment: '已上门' }) });
      expect(ack.status).toBe(200);
      await running.close();
      await new Promise<void>((r) => running.http.close(() => r()));

      running = await start();
      session = await signIn(running.url, 'admin', TEST_ADMIN_PASSWORD);
      const one = await (await fetch(`${running.url}/api/alerts/${id}`)).json();
      expect(one.alert).toMatchObject({ state: 'acknowledged', revision: 2, acknowledgedBy: `${session.principal.displayName} (admin)`, device: 'btn-1' });
      expect(one.history.map((h: { action: string; comment: string }) => [h.action, h.comment])).toEqual([['raise', ''], ['ack', '已上门']]);
      // Still open after the restart: a repeat from the same button folds into it.
      await fetch(`${running.url}/write`, { method: 'POST', body: 'alert,community=c-a,neighbourhood=n-a1,type=emergency_button,severity=critical,device=btn-1 location="1栋2单元0302",message="再次呼叫"' });
      const again = await (await fetch(`${running.url}/api/alerts/${id}`)).json();
      expect(again.alert).toMatchObject({ count: 2, message: '再次呼叫', state: 'acknowledged' });
      await running.close();
      await new Promise<void>((r) => running.http.close(() => r()));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
