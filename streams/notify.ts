/**
 * Notification channels and routing rules, as administrators configure them
 * (`/api/admin/notify/…`) and as the admin page and the console show them; and the detail of a
 * delivery entry on an alert's history. Secrets never travel: the API answers them masked
 * (`SECRET_MASK`), and a write that sends the mask back keeps the stored value.
 */
import type { Level } from './hierarchy.ts';
import type { Severity } from './alerts.ts';
import type { UserRole } from './roles.ts';

/** 企业微信 group robot, 钉钉 robot, SMS through an HTTP gateway, e-mail over SMTP, a signed webhook. */
export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'sms', 'email', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Readonly<Record<ChannelKind, { zh: string; en: string }>> = {
  wecom: { zh: '企业微信群机器人', en: 'WeCom group robot' },
  dingtalk: { zh: '钉钉机器人', en: 'DingTalk robot' },
  sms: { zh: '短信网关', en: 'SMS gateway' },
  email: { zh: '电子邮件 (SMTP)', en: 'E-mail (SMTP)' },
  webhook: { zh: '通用 Webhook (签名)', en: 'Signed webhook' },
};

/** What the API answers in place of a secret that is set. Sending it back keeps the stored value. */
export const SECRET_MASK = '••••••';

/** Roles a channel can speak for (the people in its group); tokens have no one to tell. */
export type ChannelRole = Exclude<UserRole, 'admin' | 'demo_guest'>;
export const CHANNEL_ROLES: readonly ChannelRole[] = ['property_operator', 'centre_operator', 'leader'];

export interface WecomSettings { kind: 'wecom'; /** Secret: the robot's URL carries its key. */ url: string }
export interface DingtalkSettings {
  kind: 'dingtalk';
  /** Secret: the robot's URL carries its access token. */
  url: string;
  /** Secret: the robot's 加签 secret (SEC…); empty when the robot uses keywords or addresses instead. */
  secret: string;
}
export interface SmsSettings {
  kind: 'sms';
  /** Gateway URL; for GET it may hold {phone} and {text}. Its query's values are treated as secrets (an apikey). */
  url: string;
  method: 'POST' | 'GET';
  /** Content-Type of a POST body. Default application/json. */
  contentType: string;
  /** POST body with {phone} and {text}, escaped for the content type (JSON string, form value). */
  bodyTemplate: string;
  /** Header the gateway token travels in (e.g. Authorization); empty for none. */
  tokenHeader: string;
  /** Secret: the header's value. */
  token: string;
  /** One message per phone number. */
  phones: string[];
}
export interface EmailSettings {
  kind: 'email';
  host: string;
  /** Default 465 for tls, 587 for starttls, 25 for none. */
  port: number;
  /** 'tls': TLS from the start (465); 'starttls': upgrade after EHLO (587); 'none': plain (a local relay). */
  security: 'tls' | 'starttls' | 'none';
  username: string;
  /** Secret. */
  password: string;
  from: string;
  to: string[];
}
export interface WebhookSettings {
  kind: 'webhook';
  /** Its query's values are treated as secrets (a token). */
  url: string;
  /** Secret: HMAC-SHA256 key; the body's signature goes in `X-Signature: sha256=<hex>`. */
  secret: string;
}
export type ChannelSettings = WecomSettings | DingtalkSettings | SmsSettings | EmailSettings | WebhookSettings;

/**
 * The secret fields of each kind: masked in answers, redacted from any answer text recorded. A
 * `url` is answered with its query's values masked (a robot's key, a gateway's apikey), host,
 * path and the {phone} {text} placeholders left to read.
 */
export const SECRET_FIELDS: Readonly<Record<ChannelKind, readonly string[]>> = {
  wecom: ['url'],
  dingtalk: ['url', 'secret'],
  sms: ['url', 'token'],
  email: ['password'],
  webhook: ['url', 'secret'],
};

/** A channel: one group, gateway or mailbox that speaks for a role at a node of the tree. */
export interface NotifyChannel {
  id: string;
  name: string;
  /** The node whose people the channel reaches (a neighbourhood's property group, a street centre). */
  node: string;
  role: ChannelRole;
  enabled: boolean;
  settings: ChannelSettings;
  createdAt: number;
  updatedAt: number;
}

/**
 * Who is told about what. A rule covers the alerts raised in its node's subtree (of its types and
 * severities; empty lists: all) and tells the channels of its roles on the way from the alert's
 * place up to the rule's node — each at its level's escalation step (`ESCALATION_STEP`), or at
 * once when `immediate`.
 */
export interface RoutingRule {
  id: string;
  node: string;
  roles: ChannelRole[];
  types: string[];
  severities: Severity[];
  /** Tell every channel of the rule at raise, without waiting for the acknowledgement target (fires). */
  immediate: boolean;
}

/**
 * When the channels of a level are told, in acknowledgement targets missed: the neighbourhood's
 * and community's people at raise, the street centre once the target passes unacknowledged, the
 * district at twice the target, the city at three times.
 */
export const ESCALATION_STEP: Readonly<Record<Level, number>> = { neighbourhood: 0, community: 0, street: 1, district: 2, city: 3 };

/** What applies while no rule is configured: every role, every alert, along the whole tree. */
export const DEFAULT_ROUTING_RULE: Omit<RoutingRule, 'node'> = { id: 'default', roles: [...CHANNEL_ROLES], types: [], severities: [], immediate: false };

export const DELIVERY_OUTCOMES = ['sent', 'retry', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** The detail of a `notify` entry on an alert's history (JSON in the entry's `detail`). */
export interface DeliveryDetail {
  channel: string;
  name: string;
  kind: ChannelKind;
  node: string;
  /** Escalation step the message was sent for (0: at raise). */
  step: number;
  outcome: DeliveryOutcome;
  /** 1-based attempt, and how many are made at most. */
  attempt: number;
  attempts: number;
  /** HTTP status or SMTP reply code; null when nothing answered (refused, timed out). */
  status: number | null;
  /** The channel's answer (or the error), clipped, with the channel's secrets removed. */
  answer: string;
  /** Alerts in the message: 1, or a digest's count. */
  alerts: number;
  /** For a retry: the wait before the next attempt, seconds. */
  retryInS?: number;
}

/** The detail of a `notify` history entry, or undefined when it is not one. */
export function parseDeliveryDetail(detail: string): DeliveryDetail | undefined {
  try {
    const d = JSON.parse(detail) as Partial<DeliveryDetail>;
    return d && typeof d === 'object' && typeof d.channel === 'string' && typeof d.outcome === 'string' ? (d as DeliveryDetail) : undefined;
  } catch {
    return undefined;
  }
}
