/**
 * Acknowledging from the message itself: a notification about one alert carries a link, signed
 * for that alert and that channel, that opens a page of ours naming the alert and asking "确认收到"
 * (received). Pressing it acknowledges the alert as "<name>（via <channel>）", which stops the
 * escalation like an acknowledgement on any screen. Opening the link changes nothing: chat apps
 * fetch links to preview them, so only the page's form (a POST from our own origin) acts.
 *
 * Links are HMAC-SHA256 over (alert, channel, expiry) with a key kept in the records database, so
 * they survive a restart and cannot be made for another alert; they expire after `ttlMs`.
 *
 *   GET  /api/notify/ack/<token>   the page (HTML; the alert, its state, a name field, the button)
 *   POST /api/notify/ack/<token>   acknowledges (form field `name`, optional), answers the page again
 *
 * A bad link is answered with a page for a browser (Accept: text/html), else as the API's JSON error.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { ALERT_STATE_LABELS, type AlertRecord } from '../../streams/alert-lifecycle.ts';
import { ALERT_TYPE_LABELS, SEVERITY_LABELS, type AlertType } from '../../streams/alerts.ts';
import { chinaDateTimeText } from '../../streams/china-time.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { RecordsDb } from '../records/records-db.ts';
import type { ChannelStore } from './channel-store.ts';
import { bodyErrors } from '../api/body-errors.ts';

/** How long a link stays good: a day covers a night shift and the morning after. */
export const ACK_LINK_TTL_MS = 24 * 3_600_000;

/** What acknowledging needs of the alert lifecycle. */
export interface AckLedger {
  get(id: number): AlertRecord | undefined;
  act(id: number, action: 'ack', input: { operator: string; comment?: string; expectedRevision?: number }): AlertRecord;
}

interface LinkClaim { alert: number; channel: string; expires: number }

export class AckLinks {
  private readonly key: Buffer;

  constructor(db: RecordsDb, private readonly now: () => number = Date.now, private readonly ttlMs = ACK_LINK_TTL_MS) {
    const row = db.prepare(`SELECT value FROM notify_keys WHERE name = 'ack'`).get() as { value: Buffer } | undefined;
    if (row) this.key = row.value;
    else {
      this.key = randomBytes(32);
      db.prepare(`INSERT INTO notify_keys (name, value) VALUES ('ack', ?)`).run(this.key);
    }
  }

  /** The token of a link for `alert` sent on `channel`. */
  token(alert: number, channel: string): string {
    const expires = Math.ceil((this.now() + this.ttlMs) / 1000);
    const body = `${alert}.${Buffer.from(channel, 'utf8').toString('base64url')}.${expires}`;
    return `${body}.${this.sign(body)}`;
  }

  /** The claim of a token, or why it is not good. */
  read(token: string): LinkClaim | { problem: string } {
    const parts = token.length <= 400 ? token.split('.') : [];
    if (parts.length !== 4 || !/^\d{1,15}$/.test(parts[0]) || !/^\d{1,12}$/.test(parts[2])) return { problem: 'malformed' };
    const body = parts.slice(0, 3).join('.');
    const given = Buffer.from(parts[3], 'base64url');
    const wanted = Buffer.from(this.sign(body), 'base64url');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { problem: 'forged' };
    const expires = Number(parts[2]) * 1000;
    if (this.now() > expires) return { problem: 'expired' };
    return { alert: Number(parts[0]), channel: Buffer.from(parts[1], 'base64url').toString('utf8'), expires };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** The absolute address of a link, beside the console's (NOTIFY_CONSOLE_URL). */
export function ackUrl(consoleUrl: string, token: string): string {
  return new URL(`/api/notify/ack/${token}`, consoleUrl).toString();
}

const PROBLEM_TEXT: Record<string, { zh: string; en: string }> = {
  malformed: { zh: '链接不完整，请从原消息重新打开。', en: 'The link is incomplete; open it again from the message.' },
  forged: { zh: '链接无效。', en: 'The link is not valid.' },
  expired: { zh: '链接已过期（24 小时），请在告警处置台确认。', en: 'The link has expired (24 hours); acknowledge in the alert console.' },
  gone: { zh: '告警不存在。', en: 'No such alert.' },
};

export function ackRoutes(deps: { links: AckLinks; alerts: AckLedger; channels: ChannelStore; tree: () => Hierarchy; consoleUrl?: string }): express.Router {
  const r = express.Router();
  const form = express.urlencoded({ extended: false, limit: '2kb' });

  const answer = (req: Request, res: Response, acted?: { by: string } | { error: string }) => {
    const claim = deps.links.read(String(req.params.token));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const problem = 'problem' in claim ? claim.problem : deps.alerts.get(claim.alert) ? undefined : 'gone';
    if (problem) {
      res.status(problem === 'expired' ? 410 : 404);
      // A person's browser gets a page; anything else the API's JSON error.
      if (wantsPage(req)) res.type('html').send(problemPage(problem));
      else res.json({ error: `notify: acknowledgement link: ${PROBLEM_TEXT[problem].en}` });
      return;
    }
    const alert = deps.alerts.get((claim as LinkClaim).alert)!;
    const channel = deps.channels.get((claim as LinkClaim).channel);
    res.type('html').send(alertPage(alert, deps.tree(), channel?.name ?? (claim as LinkClaim).channel, acted, deps.consoleUrl));
  };

  r.get('/:token', (req, res) => answer(req, res));
  r.post('/:token', form, (req, res) => {
    const claim = deps.links.read(String(req.params.token));
    if ('problem' in claim) { answer(req, res); return; }
    const alert = deps.alerts.get(claim.alert);
    if (!alert) { answer(req, res); return; }
    const given = typeof req.body?.name === 'string' ? req.body.name.trim().slice(0, 40) : '';
    const via = deps.channels.get(claim.channel)?.name ?? claim.channel;
    if (alert.state !== 'raised') { answer(req, res); return; }
    try {
      const by = `${given || '通知接收人'}（经${via}）`;
      deps.alerts.act(alert.id, 'ack', { operator: by, comment: '通过通知消息中的链接确认', expectedRevision: alert.revision });
      answer(req, res, { by });
    } catch (e) {
      // Someone acknowledged it a moment before: the page says who.
      answer(req, res, { error: (e as Error).message });
    }
  });
  r.use(bodyErrors('notify'));
  return r;
}

/** A browser's navigation or form post asks for HTML first. */
const wantsPage = (req: Request) => /text\/html/.test(req.headers.accept ?? '');

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function alertPage(a: AlertRecord, tree: Hierarchy, via: string, acted: { by: string } | { error: string } | undefined, consoleUrl?: string): string {
  const type = ALERT_TYPE_LABELS[a.type as AlertType] ?? { zh: a.type, en: a.type };
  const place = tree.get(a.neighbourhood) ?? tree.get(a.community);
  const state = ALERT_STATE_LABELS[a.state];
  const rows: [string, string][] = [
    ['告警 Alert', `#${a.id} · ${SEVERITY_LABELS[a.severity]?.zh ?? a.severity} · ${type.zh} ${type.en}`],
    ['地点 Place', [place?.name.zh ?? a.neighbourhood, a.location].filter(Boolean).join(' ')],
    ['时间 Time', `${chinaDateTimeText(a.raisedAt)}（北京时间 UTC+8）`],
    ['内容 Message', a.message],
    ['状态 State', `${state.zh} ${state.en}`],
  ];
  if (a.acknowledgedBy) rows.push(['确认人 Acknowledged by', `${a.acknowledgedBy} · ${chinaDateTimeText(a.acknowledgedAt ?? a.updatedAt)}`]);
  const note = acted && 'by' in acted
    ? `<p class="ok" role="status">已确认，升级通知已停止。Acknowledged: the escalation has stopped.</p>`
    : acted ? `<p class="warn" role="alert">未能确认：${esc(acted.error)}</p>` : '';
  const button = a.state === 'raised'
    ? `<form method="post"><label>您的姓名 Your name <input name="name" maxlength="40" autocomplete="name"></label>
       <button type="submit">确认收到 Acknowledge</button><p class="muted">经 ${esc(via)} 收到 · via ${esc(via)}</p></form>`
    : '';
  const link = consoleUrl ? `<p><a href="${esc(`${consoleUrl}${consoleUrl.includes('?') ? '&' : '?'}alert=${a.id}`)}">打开告警处置台 Open the console</a></p>` : '';
  return page({ zh: '告警确认', en: 'Acknowledge an alert' }, `${note}<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>${button}${link}`);
}

function problemPage(problem: string): string {
  const t = PROBLEM_TEXT[problem];
  return page({ zh: '告警确认', en: 'Acknowledge an alert' }, `<p class="warn" role="alert">${esc(t.zh)} ${esc(t.en)}</p>`);
}

function page(title: { zh: string; en: string }, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title.zh)} ${esc(title.en)}</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:34rem;margin:1.5rem auto;padding:0 1rem;color:#1b2430}
dt{color:#5b6775;font-size:.85rem;margin-top:.6rem}dd{margin:0;font-size:1.05rem}button{font:inherit;font-size:1.1rem;padding:.6rem 1.4rem;margin-top:1rem;background:#c62828;color:#fff;border:0;border-radius:.3rem}
input{font:inherit;padding:.3rem;margin-left:.4rem}.ok{color:#1b7f3b;font-weight:600}.warn{color:#b26a00}.muted{color:#5b6775;font-size:.85rem}</style></head>
<body><h1>${esc(title.zh)} <small>${esc(title.en)}</small></h1>${body}</body></html>`;
}
