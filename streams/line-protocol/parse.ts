/**
 * InfluxDB line protocol parser (the 1.x dialect that gateways, Telegraf and subscriptions send).
 *
 *   measurement[,tag=value...] field=value[,field=value...] [timestamp]
 *
 * Like InfluxDB it parses every line it can and reports the first bad ones, so the caller can
 * write the good lines and answer "partial write". Errors name the 1-based line number.
 * Times are converted to epoch milliseconds (sub-millisecond digits are truncated).
 */
import type { FieldType } from '../families/index.ts';
import { emptyTags, type TagMap } from './tag-map.ts';

export type Precision = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

/**
 * Accepted spellings of the `precision` query parameter, as InfluxDB 1.x accepts them. A Map, as
 * the key comes from the request: a plain object would answer `constructor` with a function.
 */
const PRECISIONS: ReadonlyMap<string, Precision> = new Map([
  ['', 'ns'], ['n', 'ns'], ['ns', 'ns'], ['u', 'us'], ['us', 'us'], ['µ', 'us'], ['ms', 'ms'], ['s', 's'], ['m', 'm'], ['h', 'h'],
]);

export function parsePrecision(p: string | undefined): Precision {
  const found = PRECISIONS.get(p ?? '');
  if (!found) throw new LineProtocolError(`precision ${JSON.stringify(clip(p ?? ''))} is not one of n, ns, u, us, ms, s, m, h`);
  return found;
}

/**
 * Times InfluxDB 1.x can store, epoch ms: its timestamps are int64 nanoseconds
 * (1677-09-21T00:12:43.146Z to 2262-04-11T23:47:16.854Z), and influxd refuses a whole batch
 * with a time outside. The ingest validator refuses such lines (a time far ahead usually means a
 * wrong precision, which it says).
 */
export const MIN_TIME_MS = -9_223_372_036_854;
export const MAX_TIME_MS = 9_223_372_036_854;

export class LineProtocolError extends Error {
  override name = 'LineProtocolError';
}

export interface ParsedField {
  key: string;
  type: FieldType;
  /** Numbers for float/integer, 0/1 for boolean, the unescaped text for string. */
  value: number | string;
}

/** The measurement and tags of a line, canonicalised (tags sorted by key) and shared between lines. */
export interface SeriesIdentity {
  measurement: string;
  /** Tag key → value, sorted by key, with no prototype (see tag-map.ts). */
  tags: TagMap;
  /** Canonical series key in line protocol form: `measurement,k1=v1,k2=v2` (escaped, tags sorted). */
  key: string;
}

export interface ParsedLine {
  /** 1-based line number in the body. */
  line: number;
  series: SeriesIdentity;
  fields: ParsedField[];
  /** Epoch ms, or undefined when the line has no timestamp (the server's clock is used). */
  time: number | undefined;
}

export interface ParseError {
  line: number;
  message: string;
}

export interface ParseResult {
  points: ParsedLine[];
  errors: ParseError[];
}

export interface ParseOptions {
  precision?: Precision;
  /** Longest accepted line, bytes (UTF-16 units). Default 65,536. */
  maxLineLength?: number;
  /** Reuses series identities across calls; keyed by the raw `measurement,tags` text. */
  seriesCache?: SeriesCache;
}

/** Bounded cache of raw series text → identity; parsing tags is the costliest part of a line. */
export class SeriesCache {
  private map = new Map<string, SeriesIdentity>();
  constructor(private readonly maxEntries = 200_000) {}
  get(raw: string): SeriesIdentity | undefined {
    return this.map.get(raw);
  }
  set(raw: string, id: SeriesIdentity): void {
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(raw, id);
  }
}

const BACKSLASH = 92, COMMA = 44, SPACE = 32, EQUALS = 61, QUOTE = 34, HASH = 35, TAB = 9, CR = 13;

const TO_MS: Record<Precision, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

class LineFault extends Error {}

/** Parse a whole request body. Never throws for bad lines; see `errors`. */
export function parseLineProtocol(body: string, opts: ParseOptions = {}): ParseResult {
  const precision = opts.precision ?? 'ns';
  const maxLen = opts.maxLineLength ?? 65_536;
  const cache = opts.seriesCache;
  const points: ParsedLine[] = [];
  const errors: ParseError[] = [];
  let lineNo = 0;
  let start = 0;
  const n = body.length;
  while (start <= n) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = n;
    lineNo++;
    let stop = end;
    if (stop > start && body.charCodeAt(stop - 1) === CR) stop--;
    // Leading whitespace is allowed; blank lines and comments are skipped, as InfluxDB does.
    let s = start;
    while (s < stop && (body.charCodeAt(s) === SPACE || body.charCodeAt(s) === TAB)) s++;
    if (s < stop && body.charCodeAt(s) !== HASH) {
      if (stop - s > maxLen) {
        errors.push({ line: lineNo, message: `line ${lineNo}: line is ${stop - s} characters long, over the limit of ${maxLen}` });
      } else {
        const text = body.slice(s, stop);
        try {
          points.push(parseLine(text, lineNo, precision, cache));
        } catch (e) {
          if (!(e instanceof LineFault)) throw e;
          errors.push({ line: lineNo, message: `line ${lineNo}: unable to parse '${clip(text)}': ${e.message}` });
        }
      }
    }
    start = end + 1;
  }
  return { points, errors };
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function parseLine(text: string, lineNo: number, precision: Precision, cache: SeriesCache | undefined): ParsedLine {
  const seriesEnd = scanUnescaped(text, 0, SPACE);
  if (seriesEnd === text.length) throw new LineFault('missing fields');
  const rawSeries = text.slice(0, seriesEnd);
  let series = cache?.get(rawSeries);
  if (!series) {
    series = parseSeries(rawSeries);
    cache?.set(rawSeries, series);
  }
  let p = seriesEnd;
  while (text.charCodeAt(p) === SPACE) p++;
  if (p >= text.length) throw new LineFault('missing fields');

  const fields: ParsedField[] = [];
  // Fields section ends at the first space outside a quoted string.
  for (;;) {
    const eq = scanUnescaped(text, p, EQUALS);
    if (eq >= text.length) throw new LineFault(`invalid field format: "${clip(text.slice(p))}" has no "="`);
    const key = unescape(text.slice(p, eq));
    if (key === '') throw new LineFault('missing field key');
    if (key === 'time') throw new LineFault('invalid field name: "time" is reserved');
    let q = eq + 1;
    let value: number | string;
    let type: FieldType;
    if (text.charCodeAt(q) === QUOTE) {
      const close = findClosingQuote(text, q + 1);
      if (close < 0) throw new LineFault(`unbalanced quotes in the value of field "${key}"`);
      value = unescapeString(text.slice(q + 1, close));
      type = 'string';
      q = close + 1;
    } else {
      let e = q;
      while (e < text.length) {
        const c = text.charCodeAt(e);
        if (c === COMMA || c === SPACE) break;
        e++;
      }
      const raw = text.slice(q, e);
      if (raw === '') throw new LineFault(`missing value of field "${key}"`);
      value = parseScalar(raw, key);
      type = scalarType;
      q = e;
    }
    // Lines have a handful of fields: a linear scan beats allocating a Set per line.
    for (let k = 0; k < fields.length; k++) if (fields[k].key === key) throw new LineFault(`duplicate field "${key}"`);
    fields.push({ key, type, value });
    const c = text.charCodeAt(q);
    if (c === COMMA) { p = q + 1; continue; }
    p = q;
    break;
  }
  while (text.charCodeAt(p) === SPACE) p++;
  let time: number | undefined;
  if (p < text.length) {
    let end = text.length;
    while (end > p && text.charCodeAt(end - 1) === SPACE) end--;
    const raw = text.slice(p, end);
    if (!isTimestamp(raw)) throw new LineFault(`bad timestamp "${clip(raw)}"`);
    time = toEpochMs(raw, precision);
    if (!Number.isFinite(time)) throw new LineFault(`bad timestamp "${clip(raw)}": out of range`);
  }
  return { line: lineNo, series, fields, time };
}

/** Type of the last value parseScalar returned (a module scratch, so no tuple per field). */
let scalarType: FieldType = 'float';

/**
 * A field value that is not a quoted string, as InfluxDB 1.x reads it: a number starts with `-`,
 * a digit or `.` (so `NaN`, `Inf` and `+1` are not numbers), an integer is `-?[0-9]+i`, and the
 * rest must be one of the boolean spellings. Non-finite values never come out: `1e999` is refused
 * as out of range, like influxd does.
 */
function parseScalar(raw: string, key: string): number {
  const first = raw.charCodeAt(0);
  if (first === 45 /* - */ || first === 46 /* . */ || (first >= 48 && first <= 57)) {
    const last = raw.charCodeAt(raw.length - 1);
    if (last === 105 /* i */) {
      if (!isDigits(raw, first === 45 ? 1 : 0, raw.length - 1)) throw invalidValue(raw, key, 'is not an integer (digits then "i")');
      const v = Number(raw.slice(0, -1));
      // Samples are float64: integers beyond 2^53 would not be stored exactly.
      if (!Number.isSafeInteger(v)) throw new LineFault(`value of field "${key}" is out of range: ${clip(raw)} (integers must be within ±9007199254740991)`);
      scalarType = 'integer';
      return v;
    }
    if (!isFloatText(raw)) throw invalidValue(raw, key, 'is not a number, boolean or quoted string');
    const v = Number(raw);
    if (Number.isNaN(v)) throw invalidValue(raw, key, 'is not a number, boolean or quoted string');
    if (!Number.isFinite(v)) throw new LineFault(`value of field "${key}" is out of range: ${clip(raw)}`);
    scalarType = 'float';
    return v;
  }
  const b = booleanValue(raw);
  if (b >= 0) { scalarType = 'boolean'; return b; }
  throw invalidValue(raw, key, 'is not a number, boolean or quoted string');
}

function invalidValue(raw: string, key: string, why: string): LineFault {
  return new LineFault(`invalid value of field "${key}": ${clip(raw)} ${why}`);
}

/** 1 or 0 for InfluxDB's boolean spellings, -1 for anything else (a switch: no table to index with input). */
function booleanValue(raw: string): number {
  switch (raw) {
    case 't': case 'T': case 'true': case 'True': case 'TRUE': return 1;
    case 'f': case 'F': case 'false': case 'False': case 'FALSE': return 0;
    default: return -1;
  }
}

function isDigits(s: string, from: number, end: number): boolean {
  if (end <= from) return false;
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Only digits, sign, point and exponent: what Number() then reads exactly as line protocol means it. */
function isFloatText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 48 || c > 57) && c !== 46 && c !== 45 && c !== 43 && c !== 101 && c !== 69) return false;
  }
  return true;
}

function isTimestamp(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = s.charCodeAt(0) === 45 ? 1 : 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > (s.charCodeAt(0) === 45 ? 1 : 0);
}

/**
 * Nanosecond timestamps exceed double precision; cut digits as text before converting. `-0`
 * (from `-5` ns, say) comes out as 0, so the same instant is one number.
 */
function toEpochMs(raw: string, precision: Precision): number {
  if (precision === 'ns' || precision === 'us') {
    const drop = precision === 'ns' ? 6 : 3;
    const neg = raw.charCodeAt(0) === 45;
    const digits = neg ? raw.slice(1) : raw;
    const ms = digits.length > drop ? Number(digits.slice(0, digits.length - drop)) : 0;
    return neg && ms !== 0 ? -ms : ms;
  }
  const ms = Number(raw) * TO_MS[precision];
  return ms === 0 ? 0 : ms;
}

function parseSeries(raw: string): SeriesIdentity {
  const mEnd = scanUnescaped(raw, 0, COMMA);
  const measurement = unescape(raw.slice(0, mEnd));
  if (measurement === '') throw new LineFault('missing measurement');
  // Parsed in order, then copied sorted: both maps have no prototype (a `__proto__` tag key is data).
  const tags = emptyTags();
  const keys: string[] = [];
  let p = mEnd;
  while (p < raw.length) {
    p++; // past the comma
    const eq = scanUnescaped(raw, p, EQUALS);
    const end = scanUnescaped(raw, p, COMMA);
    if (eq >= end) throw new LineFault(`missing tag value in "${clip(raw.slice(p, end))}"`);
    const k = unescape(raw.slice(p, eq));
    const v = unescape(raw.slice(eq + 1, end));
    if (k === '') throw new LineFault('missing tag key');
    if (v === '') throw new LineFault(`missing tag value for tag "${k}"`);
    if (k in tags) throw new LineFault(`duplicate tag "${k}"`);
    tags[k] = v;
    keys.push(k);
    p = end;
  }
  keys.sort();
  const sorted = emptyTags();
  let key = escapeMeasurement(measurement);
  for (const k of keys) {
    sorted[k] = tags[k];
    key += `,${escapeTag(k)}=${escapeTag(tags[k])}`;
  }
  return { measurement, tags: sorted, key };
}

/** Index of the first `ch` at or after `from` not preceded by a backslash, or text.length. */
function scanUnescaped(text: string, from: number, ch: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) { i++; continue; }
    if (c === ch) return i;
  }
  return text.length;
}

function findClosingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) { i++; continue; }
    if (c === QUOTE) return i;
  }
  return -1;
}

function unescape(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\([, =\\])/g, '$1');
}

function unescapeString(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\(["\\])/g, '$1');
}

export function escapeMeasurement(s: string): string {
  return /[, \\\n]/.test(s) ? s.replace(/([, \\])/g, '\\$1').replace(/\n/g, '\\n') : s;
}

export function escapeTag(s: string): string {
  return /[, =\\\n]/.test(s) ? s.replace(/([, =\\])/g, '\\$1').replace(/\n/g, '\\n') : s;
}

export function escapeStringField(s: string): string {
  return `"${s.replace(/(["\\])/g, '\\$1')}"`;
}
