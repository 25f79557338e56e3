/**
 * What the dead-letter tab shows and sends, apart from React: the list's query, the replay request
 * for a selection (or for every letter the filter matches), sizes and the replay's report in words.
 */
import type { Lang } from '../i18n/i18n-store.ts';
import type { DeadLetterReason, ReplayRequest, ReplayResult } from './admin-api.ts';
import { t } from './admin-messages.ts';

export interface DeadLetterFilter {
  /** A sender's key (`gateway:<id>`), '' for every sender. */
  source: string;
  reason: DeadLetterReason | '';
}

export const EMPTY_DEAD_LETTER_FILTER: DeadLetterFilter = { source: '', reason: '' };
/** Letters listed at once; the count of all that match is shown beside them. */
export const DEAD_LETTER_PAGE = 200;

export function deadLetterQuery(f: DeadLetterFilter, limit = DEAD_LETTER_PAGE): string {
  const p = new URLSearchParams();
  if (f.source) p.set('source', f.source);
  if (f.reason) p.set('reason', f.reason);
  p.set('limit', String(limit));
  return p.toString();
}

/** The letters ticked, or, with none ticked, every letter the filter matches (also those not listed). */
export function replayRequest(selected: ReadonlySet<number>, f: DeadLetterFilter): ReplayRequest {
  if (selected.size > 0) return { ids: [...selected].sort((a, b) => a - b) };
  return { all: true, ...(f.source ? { source: f.source } : {}), ...(f.reason ? { reason: f.reason } : {}) };
}

/** 512 B, 3.4 KiB, 16.0 MiB: binary units, as the settings are given. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A sender as the list names it: 网关 gw-1 / gateway gw-1. */
export function senderLabel(s: { kind: string; name: string }, lang: Lang): string {
  const kind = s.kind === 'gateway' || s.kind === 'display' || s.kind === 'user' ? t(`sender_${s.kind}`, lang) : s.kind;
  return `${kind} ${s.name}`;
}

export function replayReport(r: ReplayResult, lang: Lang): string {
  return t('replayDone', lang, { selected: r.selected, accepted: r.accepted, refused: r.refused, skipped: r.skipped, remaining: r.remaining });
}
