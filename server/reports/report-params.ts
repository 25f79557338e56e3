/**
 * The query parameters of /api/reports: each refused with a 400 that names it and says what it
 * takes, an unknown node with a 404.
 */
import type { Request } from 'express';
import { CHINA_OFFSET_MS } from '../../streams/china-time.ts';
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import { REPORT_FORMATS, type ReportFormat } from '../../streams/reports.ts';
import { parseTime } from '../api/time-params.ts';
import { QueryError } from '../api/query-error.ts';

export class ReportRequestError extends Error {
  constructor(readonly status: 400 | 404, message: string) {
    super(`reports: ${message}`);
  }
}

/** A China calendar month, epoch ms. */
export interface MonthSpan {
  /** `YYYY-MM`. */
  label: string;
  from: number;
  /** The next month's start. */
  to: number;
  /** Where figures are read to: the month's end, or now for the current month. */
  readTo: number;
  previousFrom: number;
  /** The month is not over yet. */
  partial: boolean;
}

/** One value of a parameter, or undefined; given twice is refused. */
function one(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ReportRequestError(400, `give ${name} once, as one value`);
  return v;
}

export function nodeParam(req: Request, hierarchy: Hierarchy): HierarchyNode {
  const raw = one(req, 'node');
  if (raw === undefined || raw === '') throw new ReportRequestError(400, 'name the node: ?node=<id> (the tree is at /api/hierarchy)');
  const node = hierarchy.get(raw);
  if (!node) throw new ReportRequestError(404, `unknown node "${clip(raw)}"; the tree is at /api/hierarchy`);
  return node;
}

export function formatParam(req: Request): ReportFormat {
  const raw = one(req, 'format') ?? 'json';
  if (!(REPORT_FORMATS as readonly string[]).includes(raw)) throw new ReportRequestError(400, `format "${clip(raw)}" is not one of ${REPORT_FORMATS.join(', ')}`);
  return raw as ReportFormat;
}

/** `month=YYYY-MM` (China calendar), default the current month; a month not begun is refused. */
export function monthParam(req: Request, now: number): MonthSpan {
  const raw = one(req, 'month');
  const current = new Date(now + CHINA_OFFSET_MS);
  let y = current.getUTCFullYear();
  let m = current.getUTCMonth() + 1;
  if (raw !== undefined) {
    const match = /^(\d{4})-(\d{2})$/.exec(raw);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12 || Number(match[1]) < 2000) {
      throw new ReportRequestError(400, `month "${clip(raw)}" is not a month: give month=YYYY-MM, e.g. month=${label(y, m)}`);
    }
    y = Number(match[1]);
    m = Number(match[2]);
  }
  const from = Date.UTC(y, m - 1, 1) - CHINA_OFFSET_MS;
  const to = Date.UTC(y, m, 1) - CHINA_OFFSET_MS;
  if (from > now) throw new ReportRequestError(400, `month "${label(y, m)}" has not begun (it is ${label(current.getUTCFullYear(), current.getUTCMonth() + 1)} in China now)`);
  return { label: label(y, m), from, to, readTo: Math.min(to, now), previousFrom: Date.UTC(y, m - 2, 1) - CHINA_OFFSET_MS, partial: now < to };
}

/** `from` / `to` of a shift (epoch ms, ISO 8601 or `now-12h`), as the handover takes them. */
export function timeParam(req: Request, name: 'from' | 'to', now: number): number | undefined {
  try {
    return parseTime(one(req, name), now, name);
  } catch (e) {
    if (e instanceof QueryError) throw new ReportRequestError(400, e.message.replace(/^query: /, ''));
    throw e;
  }
}

const label = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;

export function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
