/**
 * What an administrator may write into a notification channel. Shapes are checked by zod; each
 * refusal is a NotifyError (400) naming the field, e.g. `notify: body field "settings.url": …`.
 * A secret sent back as SECRET_MASK (or left out of a change) keeps the stored value, so the
 * admin page can save a channel it only ever saw masked.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import { CHANNEL_ROLES, SECRET_FIELDS, SECRET_MASK, type ChannelSettings, type NotifyChannel } from '../../streams/notify.ts';
import { NotifyError } from './notify-error.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_RECIPIENTS = 50;

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
const httpUrl = z.string().max(2000).refine(isHttpUrl, 'must be an http:// or https:// URL');
/** A URL that is itself a secret (it carries the robot's key): the masked form sent back keeps it. */
const secretUrl = z.string().max(2000).refine((v) => v.includes(SECRET_MASK) || isHttpUrl(v), 'must be an http:// or https:// URL');
const secret = z.string().max(500);
const mailbox = z.string().max(200).regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an e-mail address like duty@example.cn');

const Settings = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('wecom'), url: secretUrl }),
  z.strictObject({ kind: z.literal('dingtalk'), url: secretUrl, secret: secret.optional() }),
  z.strictObject({
    kind: z.literal('sms'),
    url: z.string().max(2000).refine((v) => httpUrl.safeParse(v.replace(/\{(phone|text)\}/g, 'x')).success, 'must be an http:// or https:// URL'),
    method: z.enum(['POST', 'GET']).optional(),
    contentType: z.string().max(100).optional(),
    bodyTemplate: z.string().max(4000).optional(),
    tokenHeader: z.string().max(100).regex(/^[A-Za-z0-9-]*$/, 'must be a header name (letters, digits, dashes) or empty').optional(),
    token: secret.optional(),
    phones: z.array(z.string().regex(/^\+?[0-9]{5,20}$/, 'must be a phone number of digits, optionally starting with +')).min(1, 'name at least one phone number').max(MAX_RECIPIENTS),
  }),
  z.strictObject({
    kind: z.literal('email'),
    host: z.string().min(1, 'must not be empty').max(255),
    port: z.number().int().min(1).max(65535).optional(),
    security: z.enum(['tls', 'starttls', 'none']).optional(),
    username: z.string().max(200).optional(),
    password: secret.optional(),
    from: mailbox,
    to: z.array(mailbox).min(1, 'name at least one recipient').max(MAX_RECIPIENTS),
  }),
  z.strictObject({ kind: z.literal('webhook'), url: secretUrl, secret: secret.optional() }),
]);
const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  node: z.string().min(1).max(200),
  role: z.enum(CHANNEL_ROLES as [string, ...string[]]),
  enabled: z.boolean(),
};
const NewChannelBody = z.strictObject({
  id: z.string().regex(ID, 'must be 1 to 64 lower-case letters, digits or dashes, starting with a letter or digit').optional(),
  name: fields.name,
  node: fields.node,
  role: fields.role,
  enabled: fields.enabled.optional(),
  settings: Settings,
});
const ChannelChangeBody = z.strictObject({
  name: fields.name.optional(),
  node: fields.node.optional(),
  role: fields.role.optional(),
  enabled: fields.enabled.optional(),
  settings: Settings.optional(),
}).refine((b) => Object.keys(b).length > 0, { message: `name at least one of ${Object.keys(fields).join(', ')}, settings` });

/** The body, or a NotifyError (400) naming the first field that is wrong. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? undefined);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? `body field "${issue.path.join('.')}"` : 'body';
  throw new NotifyError(400, `${where}: ${issue.message}`);
}

export type NewChannel = Omit<NotifyChannel, 'createdAt' | 'updatedAt'>;

export function newChannel(body: unknown, tree: Hierarchy): NewChannel {
  const b = parseBody(NewChannelBody, body);
  checkNode(b.node, tree);
  const settings = withDefaults(b.settings, undefined);
  return { id: b.id ?? `ch-${randomBytes(5).toString('hex')}`, name: b.name, node: b.node, role: b.role as NewChannel['role'], enabled: b.enabled ?? true, settings };
}

export function changedChannel(before: NotifyChannel, body: unknown, tree: Hierarchy): NewChannel {
  const b = parseBody(ChannelChangeBody, body);
  if (b.node !== undefined) checkNode(b.node, tree);
  return {
    id: before.id, name: b.name ?? before.name, node: b.node ?? before.node, role: (b.role ?? before.role) as NewChannel['role'],
    enabled: b.enabled ?? before.enabled, settings: b.settings ? withDefaults(b.settings, before.settings) : before.settings,
  };
}

function checkNode(node: string, tree: Hierarchy): void {
  if (!tree.has(node)) throw new NotifyError(400, `body field "node": ${JSON.stringify(node.slice(0, 40))} is not in the sites tree; see GET /api/hierarchy`);
}

type SettingsBody = z.infer<typeof Settings>;

/**
 * Defaults filled in; a secret left out or sent as the mask keeps the stored one (same kind only:
 * a channel changed to another kind starts without secrets). A missing required secret is a 400.
 */
function withDefaults(s: SettingsBody, before: ChannelSettings | undefined): ChannelSettings {
  const kept = before?.kind === s.kind ? (before as unknown as Record<string, unknown>) : undefined;
  const raw = { ...s } as Record<string, unknown>;
  for (const f of SECRET_FIELDS[s.kind]) {
    const v = raw[f];
    if (v === undefined || (typeof v === 'string' && v.includes(SECRET_MASK))) raw[f] = kept?.[f];
  }
  const missing = (f: string) => new NotifyError(400, `body field "settings.${f}": required for a ${s.kind} channel`);
  switch (s.kind) {
    case 'wecom':
      if (typeof raw.url !== 'string') throw missing('url');
      return { kind: 'wecom', url: raw.url };
    case 'dingtalk':
      if (typeof raw.url !== 'string') throw missing('url');
      return { kind: 'dingtalk', url: raw.url, secret: (raw.secret as string | undefined) ?? '' };
    case 'sms': {
      const method = s.method ?? 'POST';
      if (typeof raw.url !== 'string') throw missing('url');
      return {
        kind: 'sms', url: raw.url, method, contentType: s.contentType ?? 'application/json',
        bodyTemplate: s.bodyTemplate ?? (method === 'POST' ? '{"phone":"{phone}","text":"{text}"}' : ''),
        tokenHeader: s.tokenHeader ?? '', token: (raw.token as string | undefined) ?? '', phones: s.phones,
      };
    }
    case 'email': {
      const security = s.security ?? 'starttls';
      return {
        kind: 'email', host: s.host, port: s.port ?? (security === 'tls' ? 465 : security === 'starttls' ? 587 : 25), security,
        username: s.username ?? '', password: (raw.password as string | undefined) ?? '', from: s.from, to: s.to,
      };
    }
    case 'webhook':
      if (typeof raw.url !== 'string') throw missing('url');
      if (typeof raw.secret !== 'string' || raw.secret === '') throw missing('secret (the receiver checks the signature with it)');
      return { kind: 'webhook', url: raw.url, secret: raw.secret };
  }
}
