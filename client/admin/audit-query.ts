/**
 * The audit page's filters as the query of `GET /api/admin/audit`. Times are typed in China
 * Standard Time (the control rooms' time), whatever the browser's zone.
 */
export interface AuditFilter {
  /** `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">`), China time; '' for open. */
  from: string;
  to: string;
  actor: string;
  action: string;
  target: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilter = { from: '', to: '', actor: '', action: '', target: '' };
/** Entries per page. */
export const AUDIT_PAGE = 100;

const CHINA_OFFSET_MS = 8 * 3600_000;

/** Epoch ms of a China-time `YYYY-MM-DDTHH:MM[:SS]`; null for ''; throws naming the value when malformed. */
export function chinaLocalToEpoch(value: string): number | null {
  const v = value.trim();
  if (!v) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (!m) throw new Error(`audit: "${value}" is not a time (expected YYYY-MM-DDTHH:MM)`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const utc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const back = new Date(utc);
  if (back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 59) {
    throw new Error(`audit: "${value}" is not a real date and time`);
  }
  return utc - CHINA_OFFSET_MS;
}

/** The query string of one page; `before` is the previous page's `next`. */
export function auditQuery(f: AuditFilter, before?: string, limit = AUDIT_PAGE): string {
  const p = new URLSearchParams();
  const from = chinaLocalToEpoch(f.from);
  const to = chinaLocalToEpoch(f.to);
  if (from !== null) p.set('from', String(from));
  if (to !== null) p.set('to', String(to));
  for (const k of ['actor', 'action', 'target'] as const) if (f[k].trim()) p.set(k, f[k].trim());
  p.set('limit', String(limit));
  if (before) p.set('before', before);
  return p.toString();
}
