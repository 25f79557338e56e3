/**
 * One labelled value with its unit, the building block of the panels' figures. The value and unit
 * carry `data-testid`s (`value-<key>`, `unit-<key>`) so tests read what the wall shows.
 */
import type { ReactNode } from 'react';
import { LANG_TAGS, type Lang } from '../i18n/i18n-store.ts';

export interface MetricProps {
  /** Stable key, e.g. `energy.load_kw`; names the test ids. */
  id: string;
  label: string;
  /** NaN shows a dash. */
  value: number;
  /** Unit shown after the value ('' for none). */
  unit: string;
  /** Decimal places. Default 1. */
  digits?: number;
  lang: Lang;
  /** 'hero' is the card's headline figure. Default 'normal'. */
  size?: 'hero' | 'normal';
  children?: ReactNode;
}

const formats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, digits: number, lang: Lang): string {
  if (!Number.isFinite(value)) return '—';
  const key = `${lang}|${digits}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(LANG_TAGS[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f.format(value);
}

export function Metric({ id, label, value, unit, digits = 1, lang, size = 'normal', children }: MetricProps) {
  return (
    <div className={`metric metric-${size}`} data-testid={`metric-${id}`}>
      <div className="metric-label">{label}</div>
      <div className="metric-reading">
        <span className="metric-value" data-testid={`value-${id}`}>{formatNumber(value, digits, lang)}</span>
        {unit ? <span className="metric-unit" data-testid={`unit-${id}`}>{unit}</span> : null}
      </div>
      {children}
    </div>
  );
}
