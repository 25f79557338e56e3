/**
 * A report's cells as the printable page shows them, in the page's language: the same rounding as
 * the CSV (server/reports/report-text.ts), numbers grouped by the locale, times in China time.
 */
import { FLAG_TEXT, isBilingual, type ReportColumn, type ReportValue } from '../../streams/reports.ts';
import { chinaDateTimeText } from '../../streams/china-time.ts';
import { LANG_TAGS, type Lang } from '../i18n/i18n-store.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LANG_TAGS[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f;
}

export function cellText(c: ReportColumn, v: ReportValue, lang: Lang): string {
  if (v === null || v === undefined) return c.kind === 'flag' ? FLAG_TEXT.null[lang] : '';
  if (isBilingual(v)) return v[lang];
  switch (c.kind) {
    case 'number': return typeof v === 'number' ? numberFormat(lang, c.digits ?? 0).format(v) : String(v);
    case 'ratio': return typeof v === 'number' ? `${numberFormat(lang, c.digits ?? 1).format(v * 100)} %` : String(v);
    case 'time': return typeof v === 'number' ? chinaDateTimeText(v).slice(0, 16) : String(v);
    case 'flag': return FLAG_TEXT[String(v) as 'true' | 'false']?.[lang] ?? String(v);
    default: return String(v);
  }
}

/** The header of a column: its label, and its unit in brackets. */
export function headerText(c: ReportColumn, lang: Lang): string {
  const unit = c.kind === 'ratio' ? '%' : c.unit;
  return unit ? `${c.label[lang]} (${unit})` : c.label[lang];
}

export const isNumeric = (c: ReportColumn) => c.kind === 'number' || c.kind === 'ratio';
