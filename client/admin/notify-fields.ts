/**
 * The settings form of each channel kind: its fields in order, how each is edited, and the body
 * the form sends. A secret left blank is sent as the mask, which keeps the stored value.
 */
import { SECRET_FIELDS, SECRET_MASK, type ChannelKind, type ChannelSettings } from '../../streams/notify.ts';
import type { AdminMessage } from './admin-messages.ts';

export interface FieldSpec {
  key: string;
  label: AdminMessage;
  input: 'text' | 'secret' | 'number' | 'list' | 'textarea' | 'select';
  options?: readonly string[];
  placeholder?: string;
}

export const KIND_FIELDS: Readonly<Record<ChannelKind, readonly FieldSpec[]>> = {
  wecom: [{ key: 'url', label: 'f_url', input: 'secret', placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' }],
  dingtalk: [
    { key: 'url', label: 'f_url', input: 'secret', placeholder: 'https://oapi.dingtalk.com/robot/send?access_token=…' },
    { key: 'secret', label: 'f_secret', input: 'secret', placeholder: 'SEC…' },
  ],
  sms: [
    { key: 'url', label: 'f_gatewayUrl', input: 'text', placeholder: 'https://sms-gateway.example.cn/send' },
    { key: 'method', label: 'f_method', input: 'select', options: ['POST', 'GET'] },
    { key: 'contentType', label: 'f_contentType', input: 'text', placeholder: 'application/json' },
    { key: 'bodyTemplate', label: 'f_bodyTemplate', input: 'textarea', placeholder: '{"phone":"{phone}","text":"{text}"}' },
    { key: 'tokenHeader', label: 'f_tokenHeader', input: 'text', placeholder: 'Authorization' },
    { key: 'token', label: 'f_token', input: 'secret' },
    { key: 'phones', label: 'f_phones', input: 'list', placeholder: '13800138000, 13900139000' },
  ],
  email: [
    { key: 'host', label: 'f_host', input: 'text', placeholder: 'smtp.example.cn' },
    { key: 'port', label: 'f_port', input: 'number', placeholder: '587' },
    { key: 'security', label: 'f_security', input: 'select', options: ['starttls', 'tls', 'none'] },
    { key: 'username', label: 'f_username', input: 'text' },
    { key: 'password', label: 'f_password', input: 'secret' },
    { key: 'from', label: 'f_from', input: 'text', placeholder: 'twin@example.cn' },
    { key: 'to', label: 'f_to', input: 'list', placeholder: 'duty@example.cn' },
  ],
  webhook: [
    { key: 'url', label: 'f_url', input: 'text', placeholder: 'https://ops.example.cn/hooks/alerts' },
    { key: 'secret', label: 'f_secret', input: 'secret' },
  ],
};

/** Form values (all text) from a channel's masked settings: secrets start blank. */
export function formValues(s: ChannelSettings | undefined, kind: ChannelKind): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = (s?.kind === kind ? s : {}) as Record<string, unknown>;
  for (const f of KIND_FIELDS[kind]) {
    const v = raw[f.key];
    out[f.key] = f.input === 'secret' ? '' : Array.isArray(v) ? v.join(', ') : v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/** The `settings` body: blank optional fields left out, lists split, a blank secret kept (`editing`) or left out. */
export function settingsBody(kind: ChannelKind, values: Record<string, string>, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { kind };
  for (const f of KIND_FIELDS[kind]) {
    const v = (values[f.key] ?? '').trim();
    if (f.input === 'secret') {
      if (v) body[f.key] = v;
      else if (editing && SECRET_FIELDS[kind].includes(f.key)) body[f.key] = SECRET_MASK;
    } else if (f.input === 'list') body[f.key] = v ? v.split(/[,，\s]+/).filter(Boolean) : [];
    else if (f.input === 'number') { if (v) body[f.key] = Number(v); }
    else if (v) body[f.key] = v;
  }
  return body;
}

/** Where a channel sends, as a row shows it (masked by the server already). */
export function channelTarget(s: ChannelSettings): string {
  switch (s.kind) {
    case 'wecom': case 'dingtalk': case 'webhook': return s.url;
    case 'sms': return `${s.url} → ${s.phones.join(', ')}`;
    case 'email': return `${s.host}:${s.port} → ${s.to.join(', ')}`;
  }
}
