/**
 * A report as an XLSX workbook (exceljs): one sheet per section, each with the report's title and
 * metadata above a frozen header row, units in the headers, real number cells with number formats
 * (percentages as fractions formatted `0.0%`, times and days as dates in China time), column widths, the
 * totals row in bold and the section's notes under it. Text stays text: a cell written as a string
 * is never a formula in XLSX, whatever it starts with.
 */
import ExcelJS from 'exceljs';
import { CHINA_OFFSET_MS } from '../../streams/china-time.ts';
import { FLAG_TEXT, isBilingual, type Report, type ReportColumn, type ReportRow, type ReportSection, type ReportValue } from '../../streams/reports.ts';
import { both, headerText, metadataLines } from './report-text.ts';

/** Rows above the header: title, metadata. The header is row 3, frozen. */
const HEADER_ROW = 3;

export async function reportXlsx(r: Report): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = r.generatedBy;
  wb.created = new Date(r.generatedAt);
  wb.title = both(r.title);
  const names = new Set<string>();
  for (const s of r.sections) addSheet(wb, r, s, sheetName(s, names));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addSheet(wb: ExcelJS.Workbook, r: Report, s: ReportSection, name: string): void {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: s.columns.length > 7 ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const width = Math.max(1, s.columns.length);
  ws.columns = s.columns.map((c) => ({ key: c.key, width: c.width ?? defaultWidth(c) }));

  const title = ws.getRow(1);
  title.getCell(1).value = `${both(r.title)} · ${both(s.title)}`;
  title.getCell(1).font = { bold: true, size: 14 };
  title.height = 22;
  const meta = ws.getRow(2);
  meta.getCell(1).value = metadataLines(r).map(([k, v]) => `${k}: ${v}`).join('  ·  ');
  meta.getCell(1).font = { size: 9, color: { argb: 'FF555555' } };
  if (width > 1) { ws.mergeCells(1, 1, 1, width); ws.mergeCells(2, 1, 2, width); }

  const header = ws.getRow(HEADER_ROW);
  s.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = headerText(c);
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF3' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });

  let at = HEADER_ROW + 1;
  for (const row of s.rows) writeRow(ws.getRow(at++), s.columns, row, false);
  if (s.totals) writeRow(ws.getRow(at++), s.columns, s.totals, true);
  for (const n of s.notes ?? []) {
    at++;
    const cell = ws.getRow(at).getCell(1);
    cell.value = both(n);
    cell.font = { italic: true, size: 9 };
    if (width > 1) ws.mergeCells(at, 1, at, width);
    cell.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(at).height = Math.min(120, 15 * Math.ceil(both(n).length / (width * 14)));
  }
}

function writeRow(row: ExcelJS.Row, columns: ReportColumn[], values: ReportRow, bold: boolean): void {
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    const v = values[c.key] ?? null;
    cell.value = cellValue(c, v);
    const fmt = numberFormat(c, v);
    if (fmt) cell.numFmt = fmt;
    if (c.kind === 'text') cell.alignment = { wrapText: true, vertical: 'top' };
    if (bold) cell.font = { bold: true };
  });
}

function cellValue(c: ReportColumn, v: ReportValue): ExcelJS.CellValue {
  if (v === null || v === undefined) return c.kind === 'flag' ? FLAG_TEXT.null.zh : null;
  if (isBilingual(v)) return v.zh;
  switch (c.kind) {
    case 'number':
    case 'ratio': return typeof v === 'number' && Number.isFinite(v) ? v : String(v);
    // Excel has no time zones: the cell holds the China wall-clock time, as the header says.
    case 'time': return typeof v === 'number' ? new Date(v + CHINA_OFFSET_MS) : String(v);
    case 'flag': return FLAG_TEXT[String(v) as 'true' | 'false']?.zh ?? String(v);
    // A China day: a date cell, so a spreadsheet sorts and filters it as one.
    case 'date': return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : String(v);
    default: return String(v);
  }
}

function numberFormat(c: ReportColumn, v: ReportValue): string | undefined {
  if (c.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return 'yyyy-mm-dd';
  if (typeof v !== 'number') return undefined;
  const decimals = (n: number) => (n > 0 ? `.${'0'.repeat(n)}` : '');
  if (c.kind === 'number') return `#,##0${decimals(c.digits ?? 0)}`;
  if (c.kind === 'ratio') return `0${decimals(c.digits ?? 1)}%`;
  if (c.kind === 'time') return 'yyyy-mm-dd hh:mm:ss';
  return undefined;
}

function defaultWidth(c: ReportColumn): number {
  const header = headerText(c).length;
  if (c.kind === 'time') return 20;
  if (c.kind === 'text') return Math.max(16, Math.min(40, header));
  return Math.max(10, Math.min(24, header + 2));
}

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(s: ReportSection, taken: Set<string>): string {
  const base = s.title.zh.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28).trim() || s.id.slice(0, 28);
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}
