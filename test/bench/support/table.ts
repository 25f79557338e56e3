/** Plain-text tables for the benchmark report (fixed-width, numbers right-aligned). */

export type Verdict = 'PASS' | 'FAIL' | '–';

export interface BenchTable {
  title: string;
  columns: string[];
  rows: string[][];
  notes: string[];
  /** PASS/FAIL of every row that has a target. */
  verdicts: Verdict[];
}

export function renderTable(t: BenchTable): string {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const numeric = t.columns.map((_, i) => t.rows.every((r) => /^[-+≈~]?[\d,.]+( ?[a-zA-Z%×]*)?$|^–$|^$/.test(r[i] ?? '')));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (numeric[i] && i > 0 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [t.title, fmt(t.columns), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of t.rows) lines.push(fmt(r));
  for (const n of t.notes) lines.push(`  · ${n}`);
  return lines.join('\n');
}

/** Markdown form of the same table, for docs/performance.md. */
export function renderMarkdown(t: BenchTable): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [`**${t.title}**`, '', `| ${t.columns.map(esc).join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`];
  for (const r of t.rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
  if (t.notes.length) lines.push('', ...t.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

const group = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
/** 123456.7 → "123,457"; NaN → "–". */
export const int = (n: number): string => (Number.isFinite(n) ? group.format(n) : '–');
/** Fixed decimals; NaN → "–". */
export const dec = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
export const mb = (bytes: number): string => (Number.isFinite(bytes) ? (bytes / 1048576).toFixed(0) : '–');
