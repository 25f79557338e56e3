/**
 * Clock and date formatting. Times are shown in China Standard Time whatever the display PC's
 * time zone says: a wall PC with a wrong zone must not show alerts eight hours off.
 */
import { LANG_TAGS, type Lang } from './i18n-store.ts';
import { CHINA_TIME_ZONE } from '../../streams/china-time.ts';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, kind: 'time' | 'hm' | 'date'): Intl.DateTimeFormat {
  const key = `${lang}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'time' ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
      : kind === 'hm' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { year: 'numeric', month: lang === 'zh' ? 'long' : '2-digit', day: lang === 'zh' ? 'numeric' : '2-digit', weekday: 'short' };
    f = new Intl.DateTimeFormat(LANG_TAGS[lang], { ...opts, timeZone: CHINA_TIME_ZONE });
    cache.set(key, f);
  }
  return f;
}

/** 14:05:09 */
export function formatTime(ms: number, lang: Lang): string {
  return formatter(lang, 'time').format(ms);
}

/** 14:05 */
export function formatHourMinute(ms: number, lang: Lang): string {
  return formatter(lang, 'hm').format(ms);
}

/** 2025年11月25日 周二 (zh), Tue, 11/25/2025 (en) */
export function formatDate(ms: number, lang: Lang): string {
  return formatter(lang, 'date').format(ms);
}
