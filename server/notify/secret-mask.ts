/**
 * Keeping channel secrets out of answers and records: settings as the API answers them, and any
 * text (a receiver's answer, an error) with the channel's secrets cut out before it is kept.
 */
import { SECRET_FIELDS, SECRET_MASK, type ChannelSettings, type NotifyChannel } from '../../streams/notify.ts';

/** What a template URL's query may hold that is no secret. */
const PLACEHOLDER = /^\{(phone|text)\}$/;

/**
 * A URL with its query's values (a robot's key or access token, a gateway's apikey) masked; host,
 * path and {phone} {text} placeholders stay, to tell robots apart and read a template.
 */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const params = [...u.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${PLACEHOLDER.test(v) ? v : SECRET_MASK}`);
    return `${u.protocol}//${u.host}${u.pathname}${params.length ? `?${params.join('&')}` : ''}`;
  } catch {
    return SECRET_MASK;
  }
}

/** The settings as answered: every secret that is set replaced by the mask (URLs keep host and path). */
export function maskedSettings(s: ChannelSettings): ChannelSettings {
  const out = { ...s } as unknown as Record<string, unknown>;
  for (const f of SECRET_FIELDS[s.kind]) {
    const v = out[f];
    if (typeof v !== 'string' || v === '') continue;
    out[f] = f === 'url' ? maskUrl(v) : SECRET_MASK;
  }
  return out as unknown as ChannelSettings;
}

export function maskedChannel(c: NotifyChannel): NotifyChannel {
  return { ...c, settings: maskedSettings(c.settings) };
}

/** The channel's secret values (and a secret URL's query values), longest first, for `redact`. */
export function secretsOf(s: ChannelSettings): string[] {
  const out: string[] = [];
  for (const f of SECRET_FIELDS[s.kind]) {
    const v = (s as unknown as Record<string, unknown>)[f];
    if (typeof v !== 'string' || v === '') continue;
    out.push(v);
    if (f === 'url') {
      try { for (const q of new URL(v).searchParams.values()) if (q.length >= 4) out.push(q); } catch { /* not a URL: the whole value is enough */ }
    }
  }
  return out.sort((a, b) => b.length - a.length);
}

/** `text` with every secret of the channel replaced by the mask, clipped to `max` characters. */
export function redact(text: string, s: ChannelSettings, max = 300): string {
  let out = text;
  for (const secret of secretsOf(s)) out = out.split(secret).join(SECRET_MASK);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}
