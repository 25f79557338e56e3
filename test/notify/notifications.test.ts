/**
 * Notifications end to end, on the real server with local receivers: channels configured through
 * the admin API reach WeCom- and DingTalk-shaped robots (the DingTalk signature checked here as
 * the robot would), SMS and e-mail; a failing channel is retried and every attempt is on the
 * alert's history; escalation reaches the street when the acknowledgement target passes and stops
 * on acknowledgement, also from the signed link in a message; a storm becomes a bounded number of messages; no answer carries a secret.
 *
 * Time is made short through configuration: critical alerts must be acknowledged within 1 s, the
 * grouping window is 300 ms, retries wait 100 ms, escalations are looked at every 100 ms.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../support/http-receiver.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { eventually } from '../support/eventually.ts';
import type { AlertHistoryEntry } from '../../streams/alert-lifecycle.ts';
import { parseDeliveryDetail, SECRET_MASK } from '../../streams/notify.ts';
import { AckLinks } from '../../server/notify/ack-links.ts';
import { migrate, openRecordsDb } from '../../server/records/records-db.ts';
import { NOTIFY_MIGRATIONS } from '../../server/notify/notify-schema.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECRETS = {
  wecomKey: 'wecom-key-0c1f9a7e',
  districtKey: 'district-key-77aa01',
  dingToken: 'ding-token-5b2e44',
  dingSecret: 'SEC-ding-secret-91d3f0',
  hookSecret: 'hook-secret-4e8c12',
  smsToken: 'sms-token-a9b8c7',
  smsKey: 'sms-apikey-6d5c4b',
  smtpPassword: 'smtp-password-3f2e1d',
};

let app: TestApp;
let rx: HttpReceiver;
let smtp: SmtpReceiver;
const ids: Record<string, string> = {};
/** Every JSON answer of the notify routes, checked for secrets at the end. */
const answers: string[] = [];

async function api(path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: any }> {
  const res = await app.fetch(path, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function channel(body: unknown): Promise<string> {
  const r = await api('/api/admin/notify/channels', 'POST', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.channel.id as string;
}

const alertLine = (n: string, c: string, device: string, severity = 'critical', type = 'emergency_button') =>
  `alert,community=${c},neighbourhood=${n},type=${type},severity=${severity},device=${device} location="3栋2单元",message="一键呼叫"`;

async function alertOf(device: string): Promise<{ id: number; revision: number }> {
  const r = await eventually(() => app.get('/api/alerts?limit=1000'), (x) => x.body.alerts.some((a: { device: string }) => a.device === device), 5000, `alert of ${device}`);
  return r.body.alerts.find((a: { device: string }) => a.device === device);
}

const robotText = (r: ReceivedRequest) => (JSON.parse(r.body) as { markdown: { content?: string; text?: string } }).markdown.content
  ?? (JSON.parse(r.body) as { markdown: { text: string } }).markdown.text;

beforeAll(async () => {
  rx = await startHttpReceiver();
  smtp = await startSmtpReceiver();
  rx.answer('/hook/down', 500, '{"error":"upstream down"}');
  app = await startTestApp({
    alerts: { targets: { critical: { ackSeconds: 1, resolveSeconds: 600 } } },
    notify: { groupMs: 300, retryBaseMs: 100, checkMs: 100, attempts: 3, maxPerMinute: 100, timeoutMs: 2000, consoleUrl: 'https://twin.example.cn/console.html' },
  });
  ids.wecomA1 = await channel({ name: '甲一小区物业群', node: 'n-a1', role: 'property_operator', settings: { kind: 'wecom', url: `${rx.url}/wecom/a1?key=${SECRETS.wecomKey}` } });
  ids.dingS1 = await channel({ name: '两路口街道治理中心', node: 's-1', role: 'centre_operator', settings: { kind: 'dingtalk', url: `${rx.url}/ding/s1?access_token=${SECRETS.dingToken}`, secret: SECRETS.dingSecret } });
  ids.wecomD = await channel({ name: '渝中区指挥中心', node: 'd-yz', role: 'centre_operator', settings: { kind: 'wecom', url: `${rx.url}/wecom/district?key=${SECRETS.districtKey}` } });
  ids.hookA2 = await channel({ name: '甲二小区安保平台', node: 'n-a2', role: 'property_operator', settings: { kind: 'webhook', url: `${rx.url}/hook/down`, secret: SECRETS.hookSecret } });
  ids.wecomB1 = await channel({ name: '乙一小区物业群', node: 'n-b1', role: 'property_operator', settings: { kind: 'wecom', url: `${rx.url}/wecom/b1?key=${SECRETS.wecomKey}` } });
  ids.smsB = await channel({
    name: '乙社区值班短信', node: 'c-b', role: 'property_operator',
    settings: { kind: 'sms', url: `${rx.url}/sms?apikey=${SECRETS.smsKey}`, bodyTemplate: '{"to":"{phone}","content":"{text}"}', tokenHeader: 'X-Api-Token', token: SECRETS.smsToken, phones: ['13800138000'] },
  });
  ids.mailB = await channel({
    name: '乙社区值班邮箱', node: 'c-b', role: 'property_operator',
    settings: { kind: 'email', host: '127.0.0.1', port: smtp.port, security: 'none', username: 'duty', password: SECRETS.smtpPassword, from: 'twin@example.cn', to: ['duty@example.cn'] },
  });
});
afterAll(async () => {
  await app?.stop();
  await rx?.close();
  await smtp?.close();
});

describe('notification channels', () => {
  it('refuse bad input with a 400 naming the field', async () => {
    const bad = [
      [{ name: 'x', node: 'n-a1', role: 'property_operator', settings: { kind: 'wecom', url: 'ftp://robot' } }, 'settings.url'],
      [{ name: 'x', node: 'nowhere', role: 'property_operator', settings: { kind: 'wecom', url: 'https://robot.example.cn' } }, 'node'],
      [{ name: 'x', node: 'n-a1', role: 'admin', settings: { kind: 'wecom', url: 'https://robot.example.cn' } }, 'role'],
      [{ name: 'x', node: 'n-a1', role: 'property_operator', settings: { kind: 'webhook', url: 'https://hook.example.cn' } }, 'settings.secret'],
      [{ name: 'x', node: 'n-a1', role: 'property_operator', settings: { kind: 'sms', url: 'https://sms.example.cn', phones: ['call me'] } }, 'settings.phones.0'],
    ] as const;
    for (const [body, field] of bad) {
      const r = await api('/api/admin/notify/channels', 'POST', body);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(new RegExp(`^notify: body field "${field.replace('.', '\\.')}`));
    }
    const rules = await api('/api/admin/notify/rules', 'PUT', { rules: [{ id: 'r1', node: 'c-a', roles: ['janitor'] }] });
    expect(rules.status).toBe(400);
    expect(rules.body.error).toContain('"rules.0.roles.0"');
    const typo = await api('/api/admin/notify/rules', 'PUT', { rules: [{ id: 'r1', node: 'c-a', roles: ['centre_operator'], types: ['fir'] }] });
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatch(/^notify: body field "rules\.0\.types\.0": must be an alert type: .*\bfire\b/);
  });

  it('send a test: WeCom markdown, a DingTalk message signed as the robot checks it, SMS from the template, e-mail over SMTP', async () => {
    for (const id of [ids.wecomA1, ids.dingS1, ids.smsB, ids.mailB]) {
      const r = await api(`/api/admin/notify/channels/${id}/test`, 'POST');
      expect(r.status).toBe(200);
      expect(r.body.result.ok, JSON.stringify(r.body)).toBe(true);
    }
    const wecom = rx.to('/wecom/a1').at(-1)!;
    expect(wecom.query.get('key')).toBe(SECRETS.wecomKey);
    expect(JSON.parse(wecom.body)).toMatchObject({ msgtype: 'markdown' });
    expect(robotText(wecom)).toContain('甲一小区物业群');

    const ding = rx.to('/ding/s1').at(-1)!;
    expectValidDingtalkSignature(ding);
    expect(JSON.parse(ding.body)).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringContaining('测试') } });

    const sms = rx.to('/sms').at(-1)!;
    expect(sms.headers['x-api-token']).toBe(SECRETS.smsToken);
    expect(sms.query.get('apikey')).toBe(SECRETS.smsKey);
    const smsBody = JSON.parse(sms.body) as { to: string; content: string };
    expect(smsBody.to).toBe('13800138000');
    expect(smsBody.content).toContain('乙社区值班短信');

    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(['duty@example.cn']);
    expect(mail.auth).toBe(`\0duty\0${SECRETS.smtpPassword}`);
    expect(mail.data).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    const body = mail.data.split('\r\n\r\n').slice(1).join('').replace(/\r\n/g, '');
    expect(Buffer.from(body, 'base64').toString('utf8')).toContain('乙社区值班邮箱');
  });

  it('never answer a secret: masked on create, list and change, and a change that sends the mask back keeps the secret', async () => {
    const list = await api('/api/admin/notify/channels');
    const ding = list.body.channels.find((c: { id: string }) => c.id === ids.dingS1);
    expect(ding.settings.secret).toBe(SECRET_MASK);
    expect(ding.settings.url).toBe(`${rx.url}/ding/s1?access_token=${SECRET_MASK}`);
    const sms = list.body.channels.find((c: { id: string }) => c.id === ids.smsB);
    expect(sms.settings).toMatchObject({ url: `${rx.url}/sms?apikey=${SECRET_MASK}`, token: SECRET_MASK, tokenHeader: 'X-Api-Token' });
    // The admin page saves what it was shown: the masked values.
    const changed = await api(`/api/admin/notify/channels/${ids.dingS1}`, 'PATCH', { name: '两路口街道综治中心', settings: ding.settings });
    expect(changed.status).toBe(200);
    expect((await api(`/api/admin/notify/channels/${ids.dingS1}/test`, 'POST')).body.result.ok).toBe(true);
    const signed = rx.to('/ding/s1').at(-1)!;
    expect(signed.query.get('access_token')).toBe(SECRETS.dingToken);
    expectValidDingtalkSignature(signed);
    await api('/api/admin/notify/rules');
    const audit = await app.get('/api/admin/audit');
    answers.push(JSON.stringify(audit.body));
    for (const text of answers) for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });
});

describe('routing and escalation', () => {
  it('tells the neighbourhood at once, the street when the acknowledgement target passes, and stops on acknowledgement', async () => {
    const before = { a1: rx.to('/wecom/a1').length, s1: rx.to('/ding/s1').length, d: rx.to('/wecom/district').length };
    // Two critical alerts in n-a1: one is acknowledged once the street is told, the other is left.
    expect((await app.write([alertLine('n-a1', 'c-a', 'btn-acked'), alertLine('n-a1', 'c-a', 'btn-left')].join('\n'))).status).toBe(204);
    const acked = await alertOf('btn-acked');
    const left = await alertOf('btn-left');
    const raisedAt = Date.now();

    await eventually(async () => rx.to('/wecom/a1').length, (n) => n > before.a1, 3000, 'the neighbourhood property group told');
    const first = rx.to('/wecom/a1').slice(before.a1).map(robotText).join('\n');
    expect(first).toMatch(mention(acked.id));
    expect(first).toMatch(mention(left.id));
    // The street is told only once the 1 s target has passed.
    expect(rx.to('/ding/s1').length).toBe(before.s1);

    await eventually(async () => rx.to('/ding/s1').length, (n) => n > before.s1, 4000, 'the street centre told');
    expect(Date.now() - raisedAt).toBeGreaterThanOrEqual(900);
    const street = rx.to('/ding/s1').slice(before.s1);
    for (const r of street) expectValidDingtalkSignature(r);
    expect(street.map(robotText).join('\n')).toMatch(/升级/);

    // Acknowledged from a screen (the console's API): its escalation stops.
    expect((await api(`/api/alerts/${acked.id}/ack`, 'POST', { expectedRevision: acked.revision })).status).toBe(200);

    // The district is told at twice the target, of the alert still unacknowledged only.
    await eventually(async () => rx.to('/wecom/district').length, (n) => n > before.d, 4000, 'the district told');
    await new Promise((r) => setTimeout(r, 400));
    const district = rx.to('/wecom/district').slice(before.d).map(robotText).join('\n');
    expect(district).toMatch(mention(left.id));
    expect(district).not.toMatch(mention(acked.id));

    const history = (await app.get(`/api/alerts/${left.id}`)).body.history as AlertHistoryEntry[];
    const told = history.filter((h) => h.action === 'notify').map((h) => parseDeliveryDetail(h.detail)!);
    expect(told.map((d) => [d.channel, d.step, d.outcome])).toEqual(expect.arrayContaining([
      [ids.wecomA1, 0, 'sent'], [ids.dingS1, 1, 'sent'], [ids.wecomD, 2, 'sent'],
    ]));
    // The shift handover lists the deliveries as lines a person reads, not as JSON.
    const csv = await (await app.fetch('/api/alerts/handover?node=n-a1&format=csv')).text();
    expect(csv).toContain('notify (企业微信群机器人 甲一小区物业群: sent 1/3 200)');
    expect(csv).not.toContain('"outcome"');
  }, 15_000);

  it('acknowledges from the message\'s signed link: opening it changes nothing, its button acknowledges and the escalation stops', async () => {
    const before = { a1: rx.to('/wecom/a1').length, d: rx.to('/wecom/district').length };
    expect((await app.write(alertLine('n-a1', 'c-a', 'btn-link'))).status).toBe(204);
    const a = await alertOf('btn-link');
    const text = await eventually(async () => rx.to('/wecom/a1').slice(before.a1).map(robotText).find((t) => mention(a.id).test(t)),
      (t) => t !== undefined, 3000, 'the property group told');
    const link = /\[一键确认收到\]\((https:\/\/twin\.example\.cn\/api\/notify\/ack\/([^)]+))\)/.exec(text!);
    expect(link, text).not.toBeNull();
    const path = `/api/notify/ack/${link![2]}`;
    // A chat app previewing the link: the page names the alert, nothing is acknowledged.
    const page = await fetch(`${app.url}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(`#${a.id}`);
    expect(html).toContain('确认收到');
    expect(html).toContain('甲一小区物业群');
    expect((await app.get(`/api/alerts/${a.id}`)).body.alert.state).toBe('raised');
    // The button: a form post from the page, with a hostile name shown as text.
    const post = (name: string, to = path) => fetch(`${app.url}${to}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url }, body: new URLSearchParams({ name }).toString(),
    });
    const done = await post('<b>王五</b>');
    expect(done.status).toBe(200);
    const after = await done.text();
    expect(after).toContain('已确认');
    expect(after).toContain('&lt;b&gt;王五&lt;/b&gt;');
    expect(after).not.toContain('<b>王五</b>');
    const acked = (await app.get(`/api/alerts/${a.id}`)).body.alert;
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: '<b>王五</b>（经甲一小区物业群）' });
    // Pressed again: the page says who acknowledged it, nothing changes.
    expect(await (await post('赵六')).text()).toContain('&lt;b&gt;王五&lt;/b&gt;（经甲一小区物业群）');
    // The district, due at twice the target, is never told of it.
    await new Promise((r) => setTimeout(r, 2500));
    expect(rx.to('/wecom/district').slice(before.d).map(robotText).join('\n')).not.toMatch(mention(a.id));
    // A link changed by hand (another alert, another channel) is refused.
    const [id, ch, exp, sig] = link![2].split('.');
    expect((await fetch(`${app.url}/api/notify/ack/${Number(id) + 1}.${ch}.${exp}.${sig}`)).status).toBe(404);
    expect((await post('x', `/api/notify/ack/${id}.${Buffer.from('other').toString('base64url')}.${exp}.${sig}`)).status).toBe(404);
    // From another site's page the button does nothing.
    const cross = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: 'name=x' });
    expect(cross.status).toBe(403);
  }, 15_000);

  it('retries a failing channel with backoff and records every attempt on the alert', async () => {
    expect((await app.write(alertLine('n-a2', 'c-a', 'btn-a2', 'warning'))).status).toBe(204);
    const a = await alertOf('btn-a2');
    const attempts = await eventually(
      async () => ((await app.get(`/api/alerts/${a.id}`)).body.history as AlertHistoryEntry[]).filter((h) => h.action === 'notify').map((h) => parseDeliveryDetail(h.detail)!),
      (d) => d.some((x) => x.outcome === 'failed'), 5000, 'the webhook given up on');
    expect(attempts.map((d) => [d.channel, d.outcome, d.attempt, d.status])).toEqual([
      [ids.hookA2, 'retry', 1, 500], [ids.hookA2, 'retry', 2, 500], [ids.hookA2, 'failed', 3, 500],
    ]);
    expect(attempts[0].answer).toContain('upstream down');
    expect(attempts[1].retryInS).toBeGreaterThan(attempts[0].retryInS!);
    const hits = rx.to('/hook/down');
    expect(hits).toHaveLength(3);
    // Each attempt is signed over the body it carries.
    // One alert: the message links straight to it in the console, to acknowledge it.
    expect((JSON.parse(hits[0].body) as { text: string }).text).toContain(`https://twin.example.cn/console.html?alert=${a.id}`);
    for (const h of hits) expect(h.headers['x-signature']).toBe(`sha256=${createHmac('sha256', SECRETS.hookSecret).update(h.body).digest('hex')}`);
    expect(hits[2].at - hits[1].at).toBeGreaterThanOrEqual(hits[1].at - hits[0].at - 20);
  });

  it('sends a storm of 200 alerts as a handful of digests per channel, every alert counted', async () => {
    const before = { wecom: rx.to('/wecom/b1').length, sms: rx.to('/sms').length, mail: smtp.mails.length };
    // 200 buttons pressed over about two seconds (info: no escalation within the test).
    for (let batch = 0; batch < 10; batch++) {
      const lines = Array.from({ length: 20 }, (_, i) => alertLine('n-b1', 'c-b', `storm-${batch}-${i}`, 'info'));
      expect((await app.write(lines.join('\n'))).status).toBe(204);
      await new Promise((r) => setTimeout(r, 200));
    }
    const listed = await eventually(async () => {
      const texts = rx.to('/wecom/b1').slice(before.wecom).map(robotText);
      return { texts, counted: texts.reduce((n, t) => n + count(t), 0) };
    }, (x) => x.counted >= 200, 8000, 'every storm alert told');
    expect(listed.counted).toBe(200);
    // A 300 ms window over ~2 s: a handful of messages, not 200.
    expect(listed.texts.length).toBeLessThanOrEqual(10);
    await eventually(async () => smtp.mails.length - before.mail, (n) => n >= 1, 5000, 'the storm mailed');
    expect(rx.to('/sms').length - before.sms).toBeLessThanOrEqual(10);
    expect(smtp.mails.length - before.mail).toBeLessThanOrEqual(10);
  }, 20_000);
});

/** A message's mention of alert `id` (#12, not #123). */
const mention = (id: number) => new RegExp(`#${id}(?!\\d)`);

/** Alerts a robot message speaks of: a digest's count, or 1. */
function count(text: string): number {
  const m = /【告警汇总】(\d+) 条/.exec(text);
  return m ? Number(m[1]) : 1;
}

/** As the DingTalk robot checks 加签: base64(HMAC-SHA256(secret, timestamp + "\n" + secret)) within an hour. */
function expectValidDingtalkSignature(r: ReceivedRequest): void {
  const timestamp = r.query.get('timestamp');
  const sign = r.query.get('sign');
  expect(timestamp).toMatch(/^\d{13}$/);
  expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(3_600_000);
  expect(sign).toBe(createHmac('sha256', SECRETS.dingSecret).update(`${timestamp}\n${SECRETS.dingSecret}`).digest('base64'));
  // The raw query carries it URL-encoded (base64's + / = escaped).
  expect(r.url).toContain(`&sign=${encodeURIComponent(sign!)}`);
}

describe('acknowledgement links', () => {
  it('expire after a day, survive a restart (the key is kept) and cannot be made without the key', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ack-links-')), 'records.sqlite');
    let t = Date.UTC(2026, 11, 4);
    const db = openRecordsDb(path);
    migrate(db, 'notify', NOTIFY_MIGRATIONS);
    const links = new AckLinks(db, () => t);
    const token = links.token(42, 'ch-1');
    expect(links.read(token)).toMatchObject({ alert: 42, channel: 'ch-1' });
    db.close();
    const again = openRecordsDb(path);
    migrate(again, 'notify', NOTIFY_MIGRATIONS);
    const reopened = new AckLinks(again, () => t);
    expect(reopened.read(token)).toMatchObject({ alert: 42, channel: 'ch-1' });
    t += 24 * 3_600_000 + 1000;
    expect(reopened.read(token)).toEqual({ problem: 'expired' });
    expect(reopened.read('not-a-token')).toEqual({ problem: 'malformed' });
    const other = openRecordsDb(join(mkdtempSync(join(tmpdir(), 'ack-links-')), 'records.sqlite'));
    migrate(other, 'notify', NOTIFY_MIGRATIONS);
    expect(new AckLinks(other, () => Date.UTC(2026, 11, 4)).read(token)).toEqual({ problem: 'forged' });
    again.close();
    other.close();
  });
});
