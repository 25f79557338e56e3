/**
 * A generic webhook: `POST <url>` with the message as JSON, signed so the receiver can tell it
 * came from this server: `X-Signature: sha256=<hex HMAC-SHA256(secret, body)>` over the exact
 * bytes sent, with `X-Timestamp` (epoch ms, inside the body too, so a replay is visible).
 */
import { createHmac } from 'node:crypto';
import type { WebhookSettings } from '../../../streams/notify.ts';
import { httpSend } from './http-post.ts';
import type { OutgoingMessage, SendOptions, SendResult } from './outgoing.ts';

export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function sendWebhook(s: WebhookSettings, m: OutgoingMessage, o: SendOptions): Promise<SendResult> {
  const sentAt = o.now();
  const body = JSON.stringify({ event: m.test ? 'test' : 'alerts', sentAt, title: m.title, text: m.plain, alerts: m.alerts });
  return httpSend(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': webhookSignature(s.secret, body), 'x-timestamp': String(sentAt) },
    body,
  }, o.timeoutMs);
}
