/** Sends a message through a channel of any kind. */
import type { ChannelSettings } from '../../../streams/notify.ts';
import { sendDingtalk } from './dingtalk-sender.ts';
import { sendEmail } from './email-sender.ts';
import type { OutgoingMessage, SendOptions, SendResult } from './outgoing.ts';
import { sendSms } from './sms-sender.ts';
import { sendWebhook } from './webhook-sender.ts';
import { sendWecom } from './wecom-sender.ts';

export function sendMessage(s: ChannelSettings, m: OutgoingMessage, o: SendOptions): Promise<SendResult> {
  switch (s.kind) {
    case 'wecom': return sendWecom(s, m, o);
    case 'dingtalk': return sendDingtalk(s, m, o);
    case 'sms': return sendSms(s, m, o);
    case 'email': return sendEmail(s, m, o);
    case 'webhook': return sendWebhook(s, m, o);
  }
}
