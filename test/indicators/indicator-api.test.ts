import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import type { AssessmentFrame } from '../../streams/live-protocol.ts';
import { ITEMS } from '../../streams/indicators/catalogue.ts';
import { withSession, type TestSession } from '../support/session.ts';

let app: TestApp;
/** The people who sign items off here, signed in as themselves (username = the name shown). */
const ASSESSORS = ['张三', '李四', '王五', '赵六', '甲方', '乙方', '丙方', '测试员'];
const sessions = new Map<string, TestSession>();
beforeAll(async () => {
  app = await startTestApp();
  for (const name of ASSESSORS) sessions.set(name, await app.userSession({ username: name }));
});
afterAll(async () => { await app?.stop(); });

/** PUT an assessment as `who` (default 张三): who made a change is the signed-in user. */
async function put(community: string, item: string, body: unknown, raw?: string, who = '张三') {
  const res = await fetch(`${app.url}/api/indicators/assessments/${encodeURIComponent(community)}/${encodeURIComponent(item)}`, withSession(sessions.get(who), {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body),
  }));
  return { status: res.status, body: await res.json() };
}

/** Sets an item to a status, whatever its revision. */
async function set(community: string, item: string, status: string, operator = '测试员') {
  const cur = await app.get(`/api/indicators/assessments?node=${community}`);
  const rev = cur.body.assessments.find((a: { item: string }) => a.item === item).revision;
  const r = await put(community, item, { status, expectedRevision: rev }, undefined, operator);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

const HOSTILE = ['<img src=x onerror=alert(1)>', "'; DROP TABLE indicator_assessment_history; --", '"; SELECT * FROM schema_versions; --', '</script><script>alert(1)</script>'];

describe('GET /api/indicators/catalogue', () => {
  it('answers scenes → indicators → items with totals', async () => {
    const r = await app.get('/api/indicators/catalogue');
    expect(r.status).toBe(200);
    expect(r.body.totals).toEqual({ scenes: 9, indicators: 33, items: 110, binding: 31, basic: 57, additional: 22 });
    expect(r.body.scenes[3].indicators[0].items[0]).toMatchObject({ id: '12.1', type: 'binding', autoAssessed: 'walk-to-bus' });
    expect(r.body.scenes.flatMap((s: any) => s.indicators.flatMap((i: any) => i.items))).toHaveLength(110);
  });
});

describe('assessments', () => {
  it('lists every item of a community, unassessed ones at revision 0', async () => {
    const r = await app.get('/api/indicators/assessments?node=c-b');
    expect(r.status).toBe(200);
    expect(r.body.community).toBe('c-b');
    expect(r.body.assessments).toHaveLength(110);
    expect(r.body.assessments[0]).toEqual({
      community: 'c-b', item: '1.1', revision: 0, status: 'not_started', evidence: { note: '', links: [], attachments: [] }, operator: '', at: null,
    });
  });

  it('stores a change with evidence, who and when, and keeps every revision as history', async () => {
    const before = Date.now();
    const evidence = {
      note: '公交站“两路口”距主入口 420 米 (measured along the walkway)',
      links: ['https://example.org/survey?id=1&x=<b>'],
      attachments: [{ name: '测绘图.pdf', url: 'http://files.example.org/a.pdf' }, { name: 'photo', id: 'doc-7781' }],
    };
    const first = await put('c-a', '12.1', { status: 'in_progress', expectedRevision: 0 }, undefined, '张三');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ community: 'c-a', item: '12.1', revision: 1, status: 'in_progress', operator: '张三' });
    expect(first.body.at).toBeGreaterThanOrEqual(before);
    const second = await put('c-a', '12.1', { status: 'met', expectedRevision: 1, evidence }, undefined, '李四');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ revision: 2, status: 'met', operator: '李四', evidence });

    const cur = await app.get('/api/indicators/assessments?node=c-a');
    expect(cur.body.assessments.find((a: any) => a.item === '12.1')).toEqual(second.body);
    const hist = await app.get('/api/indicators/assessments/c-a/12.1/history');
    expect(hist.status).toBe(200);
    expect(hist.body.history.map((h: any) => [h.revision, h.status, h.operator])).toEqual([[1, 'in_progress', '张三'], [2, 'met', '李四']]);
    expect(hist.body.history[1]).toEqual(second.body);
    // A neighbourhood reads its community's assessments.
    const viaNeighbourhood = await app.get('/api/indicators/assessments?node=n-a2');
    expect(viaNeighbourhood.body.community).toBe('c-a');
    expect(viaNeighbourhood.body.assessments.find((a: any) => a.item === '12.1').revision).toBe(2);
  });

  it('refuses a change made against a stale revision, naming the current one and who made it', async () => {
    await put('c-b', '2.1', { status: 'in_progress', expectedRevision: 0 }, undefined, '王五');
    const stale = await put('c-b', '2.1', { status: 'met', expectedRevision: 0 }, undefined, '赵六');
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/^indicators: item "2\.1" of community "c-b" is at revision 1 by "王五" at \d{4}-.*Z, not 0; reload it and apply your change again$/);
    expect(stale.body.current).toMatchObject({ revision: 1, operator: '王五', status: 'in_progress' });
    const ahead = await put('c-b', '2.1', { status: 'met', expectedRevision: 5 }, undefined, '赵六');
    expect(ahead.status).toBe(409);
    const hist = await app.get('/api/indicators/assessments/c-b/2.1/history');
    expect(hist.body.history).toHaveLength(1);
  });

  it('lets only one of two simultaneous changes to the same revision through', async () => {
    const results = await Promise.all(['甲方', '乙方', '丙方'].map((op) => put('c-b', '3.1', { status: 'met', expectedRevision: 0 }, undefined, op)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await app.get('/api/indicators/assessments/c-b/3.1/history')).body.history).toHaveLength(1);
  });

  const ok = { status: 'met', expectedRevision: 0 };
  it.each([
    ['unknown community', 'c-zz', '1.1', ok, 404, 'indicators: unknown community "c-zz"'],
    ['a street is not a community', 's-1', '1.1', ok, 400, 'indicators: "s-1" is a street, not a community; assessments are kept per community'],
    ['a neighbourhood is not a community', 'n-a1', '1.1', ok, 400, 'indicators: "n-a1" is a neighbourhood, not a community; assessments are kept per community (its community is "c-a")'],
    ['unknown item', 'c-a', '99.9', ok, 404, 'indicators: unknown item "99.9"; items are numbered like "12.1" (1.1 … 33.3)'],
    ['item 34.1', 'c-a', '34.1', ok, 404, /^indicators: unknown item "34\.1"/],
    ['bad status', 'c-a', '1.1', { ...ok, status: 'done' }, 400, 'indicators: status "done" is not one of not_started, in_progress, met, not_met, not_applicable'],
    ['missing status', 'c-a', '1.1', { expectedRevision: 0 }, 400, 'indicators: status missing is not one of not_started, in_progress, met, not_met, not_applicable'],
    ['a name typed into the body', 'c-a', '1.1', { ...ok, operator: '冒名者' }, 400, 'indicators: operator is not part of the body: a change is recorded under the signed-in user'],
    ['missing expectedRevision', 'c-a', '1.1', { status: 'met' }, 400, /^indicators: expectedRevision is required/],
    ['javascript: link', 'c-a', '1.1', { ...ok, evidence: { links: ['javascript:alert(1)'] } }, 400, 'indicators: evidence.links[0] "javascript:alert(1)" has scheme "javascript"; only http and https links are kept'],
    ['data: link', 'c-a', '1.1', { ...ok, evidence: { links: ['https://ok.example', 'data:text/html,<script>alert(1)</script>'] } }, 400, /^indicators: evidence\.links\[1\] ".*" has scheme "data"/],
    ['relative link', 'c-a', '1.1', { ...ok, evidence: { links: ['/etc/passwd'] } }, 400, 'indicators: evidence.links[0] "/etc/passwd" is not an absolute URL'],
    ['javascript: attachment', 'c-a', '1.1', { ...ok, evidence: { attachments: [{ name: 'a', url: 'JavaScript:alert(1)' }] } }, 400, /^indicators: evidence\.attachments\[0\]\.url .* has scheme "javascript"/],
    ['attachment with url and id', 'c-a', '1.1', { ...ok, evidence: { attachments: [{ name: 'a', url: 'https://x.org', id: '7' }] } }, 400, 'indicators: evidence.attachments[0] needs exactly one of url and id'],
    ['attachment without name', 'c-a', '1.1', { ...ok, evidence: { attachments: [{ id: '7' }] } }, 400, 'indicators: evidence.attachments[0].name is required'],
    ['note of 4001 characters', 'c-a', '1.1', { ...ok, evidence: { note: '注'.repeat(4001) } }, 400, 'indicators: evidence.note is 4001 characters; at most 4000'],
    ['misspelt field', 'c-a', '1.1', { ...ok, evidance: {} }, 400, 'indicators: unknown field "evidance"; fields are status, expectedRevision, evidence'],
    ['not an object', 'c-a', '1.1', [1, 2], 400, /^indicators: the body must be a JSON object/],
  ])('refuses %s', async (_name, community, item, body, status, error) => {
    const r = await put(community, item, body);
    expect(r.status).toBe(status);
    if (typeof error === 'string') expect(r.body.error).toBe(error);
    else expect(r.body.error).toMatch(error);
    if (community === 'c-a' && item === '1.1') {
      expect((await app.get('/api/indicators/assessments/c-a/1.1/history')).body.history).toEqual([]);
    }
  });

  it('refuses a body that is not JSON, and an oversize body with 413', async () => {
    const bad = await put('c-a', '1.1', undefined, '{"status": "met",');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^indicators: request body is not valid JSON/);
    const big = await put('c-a', '1.1', { ...ok, evidence: { note: 'x'.repeat(70 * 1024) } });
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('indicators: request body is larger than the limit of 65536 bytes; shorten the note or send fewer links');
    expect((await app.get('/api/indicators/assessments/c-a/1.1/history')).body.history).toEqual([]);
  });

  it('keeps a note of exactly 4000 characters', async () => {
    const r = await put('c-b', '1.2', { status: 'not_met', expectedRevision: 0, evidence: { note: '证'.repeat(4000) } });
    expect(r.status).toBe(200);
    expect(r.body.evidence.note).toHaveLength(4000);
  });

  it.each(HOSTILE)('stores and returns hostile text verbatim: %s', async (text) => {
    const item = `5.${HOSTILE.indexOf(text) + 1}`; // indicator 5 has four items
    const body = { status: 'in_progress', expectedRevision: 0, evidence: { note: text, attachments: [{ name: text, id: text }], links: [`https://example.org/?q=${text}`] } };
    const r = await put('c-b', item, body);
    expect(r.status).toBe(200);
    const hist = await app.get(`/api/indicators/assessments/c-b/${item}/history`);
    expect(hist.body.history[0]).toMatchObject({ operator: '张三', evidence: body.evidence });
    // The table is still there and answering.
    expect((await app.get('/api/indicators/assessments?node=c-b')).body.assessments).toHaveLength(110);
  });

  it.each([
    ['/api/indicators/assessments', 400, 'indicators: name a hierarchy node: ?node=<id>'],
    ['/api/indicators/assessments?node=nowhere', 404, 'indicators: unknown node "nowhere"'],
    ['/api/indicators/assessments?node=s-1', 400, 'indicators: "s-1" is a street; assessments are kept per community (read its figures at /api/indicators/progress?node=s-1)'],
    ['/api/indicators/assessments/c-a/0.0/history', 404, /^indicators: unknown item "0\.0"/],
    ['/api/indicators/assessments/d-yz/1.1/history', 400, /^indicators: "d-yz" is a district, not a community/],
    ['/api/indicators/progress?node=%3Cimg%20src%3Dx%3E', 404, 'indicators: unknown node "<img src=x>"'],
  ])('GET %s answers %i', async (path, status, error) => {
    const r = await app.get(path);
    expect(r.status).toBe(status);
    if (typeof error === 'string') expect(r.body.error).toBe(error);
    else expect(r.body.error).toMatch(error);
  });
});

describe('progress through the API', () => {
  it('rolls communities up to the street, district and city, and a neighbourhood reads its community', async () => {
    const app2 = await startTestApp();
    try {
      const put2 = async (community: string, item: string, status: string) => {
        const list = await app2.get(`/api/indicators/assessments?node=${community}`);
        const rev = list.body.assessments.find((a: any) => a.item === item).revision;
        const res = await app2.fetch(`/api/indicators/assessments/${community}/${item}`, {
          method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status, expectedRevision: rev }),
        });
        expect(res.status).toBe(200);
      };
      // c-a: every binding item met (one not applicable), 3 of 57 basic met, 1 basic not applicable, 2 additional met.
      const binding = ITEMS.filter((it) => it.type === 'binding');
      for (const it of binding.slice(1)) await put2('c-a', it.id, 'met');
      await put2('c-a', binding[0].id, 'not_applicable');
      for (const id of ['1.4', '2.3', '3.2']) await put2('c-a', id, 'met');
      await put2('c-a', '3.3', 'not_applicable');
      for (const id of ['8.1', '8.2']) await put2('c-a', id, 'met');
      // c-b: one binding item met, another changed from met to not met; 1 basic met.
      await put2('c-b', '1.1', 'met');
      await put2('c-b', '1.2', 'met');
      await put2('c-b', '1.2', 'not_met');
      await put2('c-b', '12.2', 'met');

      const ca = await app2.get('/api/indicators/progress?node=c-a');
      expect(ca.status).toBe(200);
      expect(ca.body.community.binding).toEqual({ total: 31, met: 30, notApplicable: 1, open: 0, passed: true });
      expect(ca.body.community.basic).toEqual({ total: 57, met: 3, applicable: 56, ratio: 3 / 56 });
      expect(ca.body.community.additional).toEqual({ total: 22, met: 2 });
      expect(ca.body.community.indicators[0].basic.ratio).toBe(1); // 1.4 is indicator 1's only basic item
      expect((await app2.get('/api/indicators/progress?node=n-a1')).body.community).toEqual(ca.body.community);

      for (const node of ['s-1', 'd-yz', 'cq']) {
        const r = await app2.get(`/api/indicators/progress?node=${node}`);
        expect(r.status, node).toBe(200);
        expect(r.body.node.id).toBe(node);
        const area = r.body.area;
        expect(area.communities).toBe(2);
        expect(area.passingGate).toBe(1);
        expect(area.meanBasicRatio).toBeCloseTo((3 / 56 + 1 / 57) / 2, 12);
        expect(area.statuses).toEqual({ not_started: 110 - 37 + 110 - 3, in_progress: 0, met: 35 + 2, not_met: 1, not_applicable: 2 });
        expect(area.list.map((c: any) => [c.community, c.name.zh, c.gatePassed, c.bindingOpen])).toEqual([['c-a', '甲社区', true, 0], ['c-b', '乙社区', false, 30]]);
      }
    } finally {
      await app2.stop();
    }
  });
});

describe('live updates', () => {
  it('sends a change to the summary rooms of the community and every level above, not to other communities', async () => {
    const street = new LiveTestClient(app.url);
    const other = new LiveTestClient(app.url);
    const got: AssessmentFrame[] = [];
    const otherGot: AssessmentFrame[] = [];
    street.socket.on('assessment', (f) => got.push(f));
    other.socket.on('assessment', (f) => otherGot.push(f));
    try {
      expect((await street.subscribe('s-1', ['summary'])).ok).toBe(true);
      expect((await street.subscribe('cq', ['summary'])).ok).toBe(true);
      expect((await other.subscribe('c-b', ['summary'])).ok).toBe(true);
      const saved = await set('c-a', '20.2', 'met', '测试员');
      await until(() => got.length >= 2, 5000, 'assessment frames');
      expect(got.map((f) => f.room).sort()).toEqual(['cq/summary', 's-1/summary']);
      for (const f of got) expect(f.assessment).toEqual(saved);
      await new Promise((r) => setTimeout(r, 200));
      expect(otherGot).toEqual([]);
    } finally {
      street.close();
      other.close();
    }
  });
});
