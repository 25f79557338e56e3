/** What the reports page asks for, kept in its URL (`reports.html?kind=&node=&month=` or `&from=&to=`). */
import { REPORT_KINDS, type ReportKind, type ReportFormat } from '../../streams/reports.ts';
import { CHINA_OFFSET_MS } from '../../streams/china-time.ts';

export interface ReportAsk {
  kind: ReportKind;
  node: string;
  /** `YYYY-MM` (monthly reports). */
  month: string;
  /** Epoch ms (the shift report). */
  from: number;
  to: number;
}

const SHIFT_MS = 12 * 3_600_000;

export function currentMonth(now: number): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}

export function askFromUrl(search: string, now: number): ReportAsk {
  const p = new URLSearchParams(search);
  const kind = (REPORT_KINDS as readonly string[]).includes(p.get('kind') ?? '') ? (p.get('kind') as ReportKind) : 'energy';
  const month = /^\d{4}-\d{2}$/.test(p.get('month') ?? '') ? p.get('month')! : currentMonth(now);
  const to = Number(p.get('to')) || now;
  const from = Number(p.get('from')) || to - SHIFT_MS;
  return { kind, node: p.get('node') ?? '', month, from, to };
}

export function askSearch(a: ReportAsk): string {
  const p = new URLSearchParams({ kind: a.kind, node: a.node });
  if (a.kind === 'shift') { p.set('from', String(a.from)); p.set('to', String(a.to)); } else p.set('month', a.month);
  return `?${p}`;
}

/** The API's address of a report in one format. */
export function reportUrl(a: ReportAsk, format: ReportFormat): string {
  const p = new URLSearchParams({ node: a.node, format });
  if (a.kind === 'shift') { p.set('from', String(a.from)); p.set('to', String(a.to)); } else p.set('month', a.month);
  return `/api/reports/${a.kind}?${p}`;
}
