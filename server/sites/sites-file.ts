/**
 * Reads and writes sites files: JSON (a SitesFile, or a bare array of records) or CSV with the
 * header `id,level,parent,code,name_zh,name_en,twin,urban` (no boundaries in CSV). Parse problems
 * name their line; the records keep the line they start on for the validator's problems.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { SITES_FORMAT, type SiteRecord, type SitesFile } from '../../streams/sites/site-record.ts';
import { csvField, parseCsv } from './csv.ts';
import { SitesError, validateSites, type ValidateOptions } from './validate-sites.ts';

export interface ParsedSites {
  /** Records as read, not yet validated. */
  records: unknown[];
  /** Line each record starts on. */
  lines: number[];
  provenance?: SitesFile['provenance'];
  problems: string[];
}

export type SitesFormat = 'json' | 'csv';

export const CSV_COLUMNS = ['id', 'level', 'parent', 'code', 'name_zh', 'name_en', 'twin', 'urban'] as const;
const REQUIRED_COLUMNS = ['id', 'level', 'parent', 'name_zh', 'name_en'];

/** JSON when it starts with { or [, CSV otherwise. */
export function sniffFormat(text: string): SitesFormat {
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

export function parseSitesText(text: string, format: SitesFormat = sniffFormat(text)): ParsedSites {
  return format === 'csv' ? parseSitesCsv(text) : parseSitesJson(text);
}

/** Reads a file by its extension (.csv, .json; otherwise by its first character). */
export function readSitesFile(path: string): ParsedSites {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SitesError([err.code === 'ENOENT' ? 'file not found' : `cannot read: ${err.message}`], path);
  }
  const ext = extname(path).toLowerCase();
  return parseSitesText(text, ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : sniffFormat(text));
}

/** Reads and validates a whole sites file on its own (a seed): SitesError naming every problem. */
export function loadSitesFile(path: string, opts: Omit<ValidateOptions, 'lines'> = {}): { sites: SiteRecord[]; provenance?: SitesFile['provenance'] } {
  const parsed = readSitesFile(path);
  if (parsed.problems.length > 0) throw new SitesError(parsed.problems, path);
  const { sites, problems } = validateSites(parsed.records, { ...opts, lines: parsed.lines });
  if (problems.length > 0) throw new SitesError(problems, path);
  return { sites, provenance: parsed.provenance };
}

function parseSitesJson(text: string): ParsedSites {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    return { records: [], lines: [], problems: [`${line ? `line ${line}: ` : ''}not valid JSON: ${message}`] };
  }
  return parseSitesData(data, text);
}

/** A sites file already parsed from JSON (an HTTP body); `text`, when given, supplies the lines. */
export function parseSitesData(data: unknown, text?: string): ParsedSites {
  if (Array.isArray(data)) return { records: data, lines: text ? elementLines(text, null) : [], problems: [] };
  if (data === null || typeof data !== 'object') return { records: [], lines: [], problems: ['a sites file is a JSON object {format, sites} or an array of records'] };
  const file = data as Partial<SitesFile>;
  const problems: string[] = [];
  if (file.format !== SITES_FORMAT) problems.push(`format must be "${SITES_FORMAT}" (found ${JSON.stringify(file.format) ?? 'none'})`);
  if (!Array.isArray(file.sites)) problems.push('sites must be an array of records');
  if (problems.length > 0) return { records: [], lines: [], problems };
  return { records: file.sites!, lines: text ? elementLines(text, 'sites') : [], provenance: file.provenance, problems: [] };
}

/**
 * Lines on which the elements of the records array start: the top-level array, or the array under
 * the top-level key `key`. The text is valid JSON here (JSON.parse accepted it).
 */
function elementLines(text: string, key: string | null): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let target = -1;
  let expect = false;
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') { line++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (expect && depth === target && c !== ']') { lines.push(line); expect = false; }
    if (c === '"') {
      const start = i + 1;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 1) lastString = text.slice(start, i);
      continue;
    }
    if (c === '[' || c === '{') {
      depth++;
      if (target < 0 && c === '[' && (key === null ? depth === 1 : depth === 2 && lastString === key)) { target = depth; expect = true; }
    } else if (c === ']' || c === '}') {
      if (depth === target) target = -2;
      depth--;
    } else if (c === ',' && depth === target) {
      expect = true;
    }
  }
  return lines;
}

function parseSitesCsv(text: string): ParsedSites {
  const { rows, lines, problems } = parseCsv(text);
  if (rows.length === 0) return { records: [], lines: [], problems: [...problems, 'line 1: the CSV is empty (expected the header id,level,parent,code,name_zh,name_en,twin,urban)'] };
  const header = rows[0]!.map((h) => h.trim());
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (unknown.length > 0) problems.push(`line ${lines[0]}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((h) => `"${h}"`).join(', ')} (columns: ${CSV_COLUMNS.join(',')})`);
  if (missing.length > 0) problems.push(`line ${lines[0]}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (unknown.length > 0 || missing.length > 0) return { records: [], lines: [], problems };
  const col = (name: string): number => header.indexOf(name);
  const records: unknown[] = [];
  const recordLines: number[] = [];
  rows.slice(1).forEach((row, k) => {
    const line = lines[k + 1]!;
    if (row.length !== header.length) {
      problems.push(`line ${line}: ${row.length} fields, the header has ${header.length}`);
      return;
    }
    const cell = (name: string): string | undefined => (col(name) < 0 ? undefined : row[col(name)]);
    const rec: Record<string, unknown> = {
      id: cell('id'),
      level: cell('level'),
      parent: cell('parent') || null,
      code: cell('code') || null,
      name: { zh: cell('name_zh'), en: cell('name_en') },
    };
    // An empty twin or urban cell leaves the stored value as it is (a merge keeps it).
    const twin = cell('twin');
    if (twin) rec.twin = twin;
    const urban = cell('urban')?.trim().toLowerCase();
    if (urban) {
      if (['true', '1', 'yes'].includes(urban)) rec.urban = true;
      else if (['false', '0', 'no'].includes(urban)) rec.urban = false;
      else { problems.push(`line ${line}${rec.id ? ` (id ${JSON.stringify(rec.id)})` : ''}: urban ${JSON.stringify(cell('urban'))} must be true or false`); return; }
    }
    records.push(rec);
    recordLines.push(line);
  });
  return { records, lines: recordLines, problems };
}

export function sitesToCsv(sites: Iterable<SiteRecord>): string {
  const out = [CSV_COLUMNS.join(',')];
  for (const s of sites) {
    out.push([s.id, s.level, s.parent ?? '', s.code ?? '', s.name.zh, s.name.en, s.twin ?? '', s.urban === undefined ? '' : String(s.urban)].map(csvField).join(','));
  }
  return `${out.join('\r\n')}\r\n`;
}

export function sitesToJson(sites: SiteRecord[], provenance?: SitesFile['provenance']): string {
  const file: SitesFile = { format: SITES_FORMAT, ...(provenance ? { provenance } : {}), sites };
  // One record per line: readable diffs, and problems can name lines.
  return `{\n  "format": ${JSON.stringify(file.format)},\n${provenance ? `  "provenance": ${JSON.stringify(provenance)},\n` : ''}  "sites": [\n${sites.map((s) => `    ${JSON.stringify(s)}`).join(',\n')}\n  ]\n}\n`;
}
