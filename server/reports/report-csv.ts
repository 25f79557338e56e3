/**
 * A report as one CSV file for Excel: UTF-8 with a byte-order mark (without it Excel reads the
 * Chinese as mojibake), CRLF line ends, RFC 4180 quoting; the title and metadata first, then each
 * section under its title with its header, rows and totals, a blank line between sections. Text
 * cells that a spreadsheet would take for a formula are neutralised (csv-cell.ts).
 */
import type { Report } from '../../streams/reports.ts';
import { csvCell } from './csv-cell.ts';
import { both, csvValue, headerText, metadataLines } from './report-text.ts';

const BOM = '\uFEFF';

export function reportCsv(r: Report): string {
  const lines: string[] = [csvCell(both(r.title))];
  for (const [k, v] of metadataLines(r)) lines.push([k, v].map(csvCell).join(','));
  for (const s of r.sections) {
    lines.push('', csvCell(both(s.title)));
    lines.push(s.columns.map((c) => csvCell(headerText(c))).join(','));
    for (const row of s.rows) lines.push(s.columns.map((c) => csvCell(csvValue(c, row[c.key] ?? null))).join(','));
    if (s.totals) lines.push(s.columns.map((c) => csvCell(csvValue(c, s.totals![c.key] ?? null))).join(','));
    for (const n of s.notes ?? []) lines.push(csvCell(both(n)));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
