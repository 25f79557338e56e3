/**
 * How one data-judged item reads in the evidence view: its value with unit, its threshold with
 * where the number comes from, its verdict, and one line of evidence drawn from the figures the
 * server gives (which entrance walks how far, how many meters report …).
 */
import type { Lang } from '../../i18n/i18n-store.ts';
import { featureName, type AutoItem } from '../../indicators/auto-evidence.ts';
import { ew } from './evidence-words.ts';

export type Verdict = 'met' | 'not_met' | 'unknown';

export const verdictOf = (it: AutoItem): Verdict => (it.met === true ? 'met' : it.met === false ? 'not_met' : 'unknown');

const VERDICT_WORD = { met: 'verdictMet', not_met: 'verdictNotMet', unknown: 'verdictUnknown' } as const;
export const verdictText = (v: Verdict, lang: Lang): string => ew(VERDICT_WORD[v], lang);

const num = (v: number, lang: Lang, digits = 1) => new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: digits }).format(v);
/** Densities are small numbers: two decimals. */
const digitsOf = (unit: string) => (unit === 'km/km²' ? 2 : 1);

/** "512.3 m", or "—" when the figure cannot be computed. */
export function valueText(it: AutoItem, lang: Lang): string {
  return it.value === null ? '—' : `${num(it.value, lang, digitsOf(it.unit))} ${it.unit}`.trim();
}

/** "≤ 500 m · 导则", or "—" when there is none. */
export function thresholdText(it: AutoItem, lang: Lang): string {
  const t = it.threshold;
  if (!t) return '—';
  const source = ew(t.source === 'guideline' ? 'sourceGuideline' : 'sourceProduct', lang);
  return `${t.comparison === '<=' ? '≤' : '≥'} ${num(t.value, lang, digitsOf(t.unit))} ${t.unit} · ${source}`;
}

/** The item number, or the guideline section of a rule that is not an item. */
export const itemLabel = (it: AutoItem): string => it.item ?? it.rule ?? it.check;

const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One line of evidence in the reader's language. */
export function evidenceText(it: AutoItem, lang: Lang): string {
  const e = it.evidence;
  switch (it.check) {
    case 'walk-to-bus':
    case 'walk-to-rail': {
      const entrances = Array.isArray(e.entrances) ? (e.entrances as Record<string, unknown>[]) : [];
      if (entrances.length === 0) return '';
      const each = entrances.map((g) => {
        const name = featureName(g.name, String(g.gate ?? ''), lang);
        const d = n(g.distanceM);
        return d === undefined ? `${name} ${ew('unreachable', lang)}` : `${name} ${num(d, lang)} m${g.within ? ' ✓' : ' ✗'}`;
      });
      return lang === 'zh' ? `${ew('entrances', lang, { n: entrances.length })}：${each.join('，')}` : `${ew('entrances', lang, { n: entrances.length })}: ${each.join(', ')}`;
    }
    case 'walkway-density':
      return n(e.lengthInsideKm) === undefined ? '' : ew('density', lang, { km: num(n(e.lengthInsideKm)!, lang, 2), area: num(n(e.areaKm2) ?? 0, lang, 3) });
    case 'energy-metering':
      return n(e.total) === undefined ? '' : ew('metering', lang, { n: n(e.counted) ?? 0, total: n(e.total)!, min: n(e.liveWindowMin) ?? 15 });
    case 'drainage-monitoring':
      return n(e.totalM) === undefined ? '' : ew('drainage', lang, { covered: num(n(e.coveredM) ?? 0, lang, 0), total: num(n(e.totalM)!, lang, 0), live: n(e.liveSensors) ?? 0 });
    case 'warning-delay':
      return n(e.count) === undefined ? '' : ew('delay', lang, { n: n(e.count)!, median: n(e.medianMs) ?? '—', p95: n(e.p95Ms) ?? '—' });
    default:
      return '';
  }
}
