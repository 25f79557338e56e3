/** E-mail over SMTP: one message to every recipient, the title as subject and the plain text as body. */
import type { EmailSettings } from '../../../streams/notify.ts';
import type { OutgoingMessage, SendOptions, SendResult } from './outgoing.ts';
import { sendMail } from './smtp-client.ts';

export async function sendEmail(s: EmailSettings, m: OutgoingMessage, o: SendOptions): Promise<SendResult> {
  const r = await sendMail({
    host: s.host, port: s.port, security: s.security, username: s.username, password: s.password, from: s.from, to: s.to,
    subject: m.title, text: m.plain, timeoutMs: o.timeoutMs,
  });
  return { ok: r.ok, status: r.code, answer: r.reply };
}
