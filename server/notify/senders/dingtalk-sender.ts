/**
 * 钉钉 robot: `POST <webhook URL>&timestamp=<ms>&sign=<sign>` with a markdown message, where the
 * sign (加签) is base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), URL-encoded. The robot
 * answers 200 with `errcode` 0; a timestamp more than an hour off is refused, so it is the
 * server's clock at the moment of sending (each retry signs again).
 */
import { createHmac } from 'node:crypto';
import type { DingtalkSettings } from '../../../streams/notify.ts';
import { httpSend, robotAccepted } from './http-post.ts';
import type { OutgoingMessage, SendOptions, SendResult } from './outgoing.ts';
import { clipBytes } from './wecom-sender.ts';

const MAX_TEXT_BYTES = 18_000;

/** The `sign` parameter's value before URL encoding. */
export function dingtalkSign(timestamp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export function sendDingtalk(s: DingtalkSettings, m: OutgoingMessage, o: SendOptions): Promise<SendResult> {
  let url = s.url;
  if (s.secret) {
    const timestamp = o.now();
    url += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(timestamp, s.secret))}`;
  }
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: m.title, text: clipBytes(m.markdown, MAX_TEXT_BYTES) } });
  return httpSend(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, o.timeoutMs, robotAccepted);
}
