/**
 * 企业微信 group robot: `POST <webhook URL>` with `{"msgtype":"markdown","markdown":{"content":…}}`.
 * The robot answers 200 with `errcode` 0 when it took the message (it refuses over 20 a minute,
 * and content over 4096 bytes).
 */
import type { WecomSettings } from '../../../streams/notify.ts';
import { httpSend, robotAccepted } from './http-post.ts';
import type { OutgoingMessage, SendOptions, SendResult } from './outgoing.ts';

/** The robot's limit is 4096 bytes of UTF-8; Chinese text is 3 bytes a character. */
const MAX_CONTENT_BYTES = 4000;

export function sendWecom(s: WecomSettings, m: OutgoingMessage, o: SendOptions): Promise<SendResult> {
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: clipBytes(m.markdown, MAX_CONTENT_BYTES) } });
  return httpSend(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, o.timeoutMs, robotAccepted);
}

/** `text` cut to at most `max` UTF-8 bytes, on a character boundary. */
export function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > max - 3) break;
    out += ch;
    bytes += n;
  }
  return `${out}…`;
}
