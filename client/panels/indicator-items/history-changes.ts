/**
 * What one revision of an assessment changed against the one before, in words: the status moved,
 * the note was rewritten, how many links and attachments it now carries.
 */
import { STATUS_LABELS, type Assessment } from '../../../streams/indicators/assessment.ts';
import type { Lang } from '../../i18n/i18n-store.ts';
import { CHINA_TIME_ZONE } from '../../../streams/china-time.ts';
import { LANG_TAGS } from '../../i18n/i18n-store.ts';
import { ew } from '../indicator-evidence/evidence-words.ts';

/** The changes of `a` against `before` (undefined for the first revision). */
export function changesOf(a: Assessment, before: Assessment | undefined, lang: Lang): string[] {
  const out: string[] = [];
  const to = STATUS_LABELS[a.status][lang];
  if (!before) out.push(ew('statusSet', lang, { to }));
  else if (before.status !== a.status) out.push(ew('statusChange', lang, { from: STATUS_LABELS[before.status][lang], to }));
  if ((before?.evidence.note ?? '') !== a.evidence.note && a.evidence.note !== '') out.push(ew('noteChanged', lang));
  if (JSON.stringify(before?.evidence.links ?? []) !== JSON.stringify(a.evidence.links)) out.push(ew('linksChanged', lang, { n: a.evidence.links.length }));
  if (JSON.stringify(before?.evidence.attachments ?? []) !== JSON.stringify(a.evidence.attachments)) {
    out.push(ew('attachmentsChanged', lang, { n: a.evidence.attachments.length }));
  }
  return out.length ? out : [ew('noChange', lang)];
}

const formatters = new Map<Lang, Intl.DateTimeFormat>();

/** 2026/12/02 14:05:09, China Standard Time (as every time in the cockpit). */
export function formatDateTime(ms: number, lang: Lang): string {
  let f = formatters.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(LANG_TAGS[lang], {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: CHINA_TIME_ZONE,
    });
    formatters.set(lang, f);
  }
  return f.format(ms);
}
