/**
 * The reports people forward (the shift report, the monthly indicator-progress report, the monthly
 * energy and carbon report) as one model: metadata and sections of typed columns and rows. The
 * server builds it once per request (server/reports/) and renders it as JSON for the printable
 * page, as CSV and as XLSX, so the three show the same figures.
 */

import type { Level } from './hierarchy.ts';

export interface Bilingual { zh: string; en: string }

export const REPORT_KINDS = ['shift', 'indicators', 'energy'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_TITLES: Readonly<Record<ReportKind, Bilingual>> = {
  shift: { zh: '值班交接班报告', en: 'Shift report' },
  indicators: { zh: '指标推进月报', en: 'Monthly indicator progress' },
  energy: { zh: '能耗与碳排放月报', en: 'Monthly energy and carbon' },
};

/**
 * How a column's values are shown: `number` with `digits` decimals; `ratio` a 0..1 fraction shown
 * as a percentage; `time` epoch ms shown in China time; `date` a `YYYY-MM-DD` China day (text);
 * `flag` true / false / null shown as 是 / 否 / —.
 */
export type ColumnKind = 'text' | 'number' | 'ratio' | 'time' | 'date' | 'flag';

export interface ReportColumn {
  key: string;
  label: Bilingual;
  kind: ColumnKind;
  /** Shown in the header, e.g. `kWh`, `s`, `kgCO₂e`. */
  unit?: string;
  /** Decimals of a number (default 0) or of a ratio's percentage (default 1). */
  digits?: number;
  /** Spreadsheet column width, characters. */
  width?: number;
}

/** A cell: a figure, a flag, a datum (text as it was entered), or a word of the product in both languages. */
export type ReportValue = string | number | boolean | null | Bilingual;
export type ReportRow = Record<string, ReportValue>;

export interface ReportSection {
  /** Stable id (a sheet per section in XLSX, a `data-section` on the page). */
  id: string;
  title: Bilingual;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** The totals row, under the rows. */
  totals?: ReportRow;
  /** Said under the section (factors and their sources, what a mark means). */
  notes?: Bilingual[];
}

export interface ReportNode {
  id: string;
  level: Level;
  name: Bilingual;
}

export interface Report {
  kind: ReportKind;
  title: Bilingual;
  node: ReportNode;
  /** Epoch ms, from inclusive, to exclusive; `label` is the month (`2026-11`) or the shift's span. */
  period: { from: number; to: number; label: string };
  /** Server time the report was made, epoch ms. */
  generatedAt: number;
  /** The signed-in user who asked for it. */
  generatedBy: string;
  sections: ReportSection[];
}

export function isBilingual(v: ReportValue): v is Bilingual {
  return typeof v === 'object' && v !== null;
}

/** Flag cells as text. */
export const FLAG_TEXT: Readonly<Record<'true' | 'false' | 'null', Bilingual>> = {
  true: { zh: '是', en: 'Yes' },
  false: { zh: '否', en: 'No' },
  null: { zh: '—', en: '—' },
};
