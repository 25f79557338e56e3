/** Times on the admin pages: date and time in China Standard Time, or a word for none. */
import type { Lang } from '../i18n/i18n-store.ts';
import { formatTime } from '../i18n/time-format.ts';
import { CHINA_TIME_ZONE } from '../../streams/china-time.ts';

// en-CA writes ISO order (YYYY-MM-DD): one order in both languages keeps the columns comparable.
const isoDate = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: CHINA_TIME_ZONE });

/** 2026-01-02 14:05:09 (China time), or `none` for null. */
export function formatWhen(ms: number | null | undefined, lang: Lang, none = '—'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return none;
  return `${isoDate.format(ms)} ${formatTime(ms, lang)}`;
}
