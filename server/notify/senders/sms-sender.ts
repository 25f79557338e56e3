/**
 * SMS through the customer's HTTP gateway (运营商 or cloud SMS behind their own API): one request
 * per phone, the URL and body templates filled with {phone} and {text}, each value escaped for
 * where it goes (URL component, JSON string, form value). Sent when every phone's request was.
 */
import type { SmsSettings } from '../../../streams/notify.ts';
import { httpSend } from './http-post.ts';
import type { OutgoingMessage, SendOptions, SendResult } from './outgoing.ts';

/** A text message is read on a phone: the digest's first lines are enough. */
const MAX_SMS_CHARS = 300;

export function fillTemplate(template: string, values: { phone: string; text: string }, escape: (v: string) => string): string {
  return template.replace(/\{(phone|text)\}/g, (_m, k: 'phone' | 'text') => escape(values[k]));
}

function bodyEscape(contentType: string): (v: string) => string {
  if (/json/i.test(contentType)) return (v) => JSON.stringify(v).slice(1, -1);
  if (/x-www-form-urlencoded/i.test(contentType)) return encodeURIComponent;
  return (v) => v;
}

export async function sendSms(s: SmsSettings, m: OutgoingMessage, o: SendOptions): Promise<SendResult> {
  const text = m.plain.length > MAX_SMS_CHARS ? `${m.plain.slice(0, MAX_SMS_CHARS - 1)}…` : m.plain;
  const answers: string[] = [];
  let last: SendResult = { ok: true, status: null, answer: '' };
  for (const phone of s.phones) {
    const headers: Record<string, string> = {};
    if (s.tokenHeader && s.token) headers[s.tokenHeader] = s.token;
    const url = fillTemplate(s.url, { phone, text }, encodeURIComponent);
    const init = s.method === 'GET'
      ? { method: 'GET', headers }
      : { method: 'POST', headers: { ...headers, 'content-type': s.contentType }, body: fillTemplate(s.bodyTemplate, { phone, text }, bodyEscape(s.contentType)) };
    const r = await httpSend(url, init, o.timeoutMs);
    answers.push(`${phone.slice(0, 3)}…${phone.slice(-4)}: ${r.status ?? '—'} ${r.answer}`);
    if (!r.ok) return { ok: false, status: r.status, answer: answers.join('; ') };
    last = r;
  }
  return { ok: true, status: last.status, answer: answers.join('; ') };
}
