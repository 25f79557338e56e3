/**
 * Sends a report in the format asked: JSON for the printable page, or a CSV or XLSX download named
 * after the report, the node and the period. The file name is sent twice, as Content-Disposition
 * allows (RFC 6266): `filename=` in ASCII (the node's id) for old clients, and `filename*=` in
 * UTF-8 (RFC 5987) with the Chinese title and node name, which browsers prefer.
 */
import type { Response } from 'express';
import { REPORT_TITLES, type Report, type ReportFormat } from '../../streams/reports.ts';
import { reportCsv } from './report-csv.ts';
import { reportXlsx } from './report-xlsx.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function sendReport(res: Response, report: Report, format: ReportFormat): Promise<void> {
  if (format === 'json') { res.json(report); return; }
  const body = format === 'csv' ? reportCsv(report) : await reportXlsx(report);
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE);
  res.setHeader('Content-Disposition', contentDisposition(report, format));
  // Reports hold a place's figures: no shared cache keeps a copy.
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(body);
}

export function contentDisposition(r: Report, ext: 'csv' | 'xlsx'): string {
  const period = r.period.label.replace(/[^0-9A-Za-z_-]+/g, '-').replace(/^-+|-+$/g, '');
  const ascii = `${r.kind}-report-${r.node.id.replace(/[^A-Za-z0-9_.-]/g, '_')}-${period}.${ext}`;
  const utf8 = `${REPORT_TITLES[r.kind].zh}-${r.node.name.zh}-${period}.${ext}`.replace(/[\\/:*?"<>|\r\n]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(utf8)}`;
}

/** Percent-encoding of RFC 5987's ext-value: UTF-8 bytes, every character outside attr-char escaped. */
function rfc5987(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
