/**
 * InfluxDB line protocol parser, reading exactly as InfluxDB 1.x does (a port of its
 * models/points.go: scanLine, scanKey, scanFields, scanNumber, scanBoolean, scanTime and the
 * field iterator), so gateways, Telegraf and subscriptions get the same answer as from influxd.
 *
 *   measurement[,tag=value...] field=value[,field=value...] [timestamp]
 *
 * What that means, beyond the grammar (each checked against influxd 1.6.7 by
 * test/ingest/line-protocol-differential.test.ts):
 * - a separator is escaped when the character before it is a backslash, so `\\` is two
 *   backslashes, not one; measurements and field keys unescape `\,`, `\ `, `\=` and `\"`, tag
 *   keys and values `\,`, `\ ` and `\=`; an unescaped `=` in a tag value is refused;
 * - a line ends at a line break outside a quoted field value; a carriage return is an ordinary
 *   character (so a CRLF line ends in a bad timestamp or value, as influxd reads it);
 * - a field given twice keeps the last value; fields named `time` are dropped, and a line with
 *   no other field is refused;
 * - integers are int64: beyond ±2^53 the value comes with its exact decimal text;
 * - timestamps are int64 nanoseconds in 1677-09-21..2262-04-11 (less 1 ns at each end).
 *
 * Like InfluxDB it parses every line it can and reports the bad ones, so the caller can write the
 * good lines and answer "partial write". Errors name the 1-based line number where the line
 * starts. Times come out as epoch milliseconds (finer digits are cut).
 */
import type { FieldType } from '../families/index.ts';
import { emptyTags, type TagMap } from './tag-map.ts';

export type Precision = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

/**
 * The `precision` parameter as InfluxDB 1.x reads it: `u`, `ms`, `s`, `m`, `h`; anything else
 * (`n`, `ns`, none, but also `us`, `µ` or a typo) is nanoseconds. With `strict`, spellings other
 * than `n`, `ns` and none that InfluxDB would read as nanoseconds are refused instead (the
 * WRITE_PRECISION=strict setting).
 */
export function parsePrecision(p: string | undefined, strict = false): Precision {
  switch (p) {
    case 'u': return 'us';
    case 'ms': return 'ms';
    case 's': return 's';
    case 'm': return 'm';
    case 'h': return 'h';
    case undefined: case '': case 'n': case 'ns': return 'ns';
    default:
      if (strict) throw new LineProtocolError(`precision ${JSON.stringify(clip(p))} is not one of n, ns, u, ms, s, m, h (InfluxDB would read it as nanoseconds)`);
      return 'ns';
  }
}

const UNIT_MS: Record<Precision, number> = { ns: 1, us: 1, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** The server clock as InfluxDB stamps a line without timestamp: truncated to the precision's unit. */
export function clockAt(nowMs: number, precision: Precision): number {
  const unit = UNIT_MS[precision];
  return unit === 1 ? nowMs : Math.floor(nowMs / unit) * unit;
}

/**
 * Times InfluxDB 1.x can store, epoch ms: its timestamps are int64 nanoseconds from
 * -9223372036854775806 to 9223372036854775806 (1677-09-21T00:12:43.145Z to
 * 2262-04-11T23:47:16.854Z). The parser refuses times outside, to the nanosecond.
 */
export const MIN_TIME_MS = -9_223_372_036_854;
export const MAX_TIME_MS = 9_223_372_036_854;

export class LineProtocolError extends Error {
  override name = 'LineProtocolError';
}

export interface ParsedField {
  key: string;
  type: FieldType;
  /** Numbers for float/integer (an integer beyond ±2^53 as the nearest float64), 0/1 for boolean, the unescaped text for string. */
  value: number | string;
  /** An integer beyond ±2^53 exactly, as decimal text (int64); undefined otherwise. */
  exact?: string;
}

/** The measurement and tags of a line, canonicalised (tags sorted by key) and shared between lines. */
export interface SeriesIdentity {
  measurement: string;
  /** Tag key → value, sorted by key, with no prototype (see tag-map.ts). */
  tags: TagMap;
  /** Canonical series key: `measurement,k1=v1,k2=v2` (tags sorted, escaped as escapeTag does). */
  key: string;
  /**
   * Kept by whoever numbers this identity's field series (the server's catalog): identities are
   * shared between the lines of a series, so what is looked up once serves all of them.
   */
  slot?: unknown;
  /**
   * Field keys the parser met with this series that are written without escapes, so the next
   * line's keys are matched in place instead of cut out and unescaped again. The parser's own.
   */
  fieldKeys?: string[];
}

export interface ParsedLine {
  /** 1-based number of the body line where this line starts. */
  line: number;
  series: SeriesIdentity;
  /** In the order written, each key once (a repeated field keeps its last value). */
  fields: ParsedField[];
  /** Epoch ms, or undefined when the line has no timestamp (the server's clock is used). */
  time: number | undefined;
  /** Field keys given with two types in this line (InfluxDB then refuses the batch). */
  mixedTypes?: string[];
}

export interface ParseError {
  line: number;
  message: string;
}

export interface ParseResult {
  points: ParsedLine[];
  errors: ParseError[];
  /** Where the body goes on when `maxLines` stopped the reading; undefined once it is all read. */
  next?: { pos: number; line: number };
}

export interface ParseOptions {
  precision?: Precision;
  /** Longest accepted line, characters (UTF-16 units); 0 for no limit, as InfluxDB. Default 65,536. */
  maxLineLength?: number;
  /** Reuses series identities across calls; keyed by the raw `measurement,tags` text. */
  seriesCache?: SeriesCache;
  /** Refuse timestamps with digits finer than a millisecond instead of cutting them (SUB_MS_TIMES=refuse). Default false. */
  refuseSubMs?: boolean;
  /** Where to start reading (a `next` of an earlier call) and the body line number there. Default the start, line 1. */
  from?: { pos: number; line: number };
  /** Stop after this many lines (parsed or refused) and say where to go on (`next`). Default no limit. */
  maxLines?: number;
}

/**
 * Bounded cache of raw series text → identity; parsing tags is the costliest part of a line. It is
 * keyed by a hash of the raw text computed while the parser looks for the key's end, so a line
 * that hits builds no string: the candidate is confirmed by comparing the line's text in place.
 */
export class SeriesCache {
  private map = new Map<number, CachedSeries>();
  constructor(private readonly maxEntries = 200_000) {}
  /** The identity of `buf.slice(0, end)` whose hash is `hash`, without slicing. */
  find(buf: string, end: number, hash: number): SeriesIdentity | undefined {
    for (let e = this.map.get(hash); e; e = e.next) {
      if (e.raw.length === end && buf.startsWith(e.raw)) return e.id;
    }
    return undefined;
  }
  get(raw: string): SeriesIdentity | undefined {
    return this.find(raw, raw.length, hashText(raw, raw.length));
  }
  set(raw: string, id: SeriesIdentity, hash = hashText(raw, raw.length)): void {
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(hash, { raw, id, next: this.map.get(hash) });
  }
}

interface CachedSeries { raw: string; id: SeriesIdentity; next: CachedSeries | undefined }

/** The cache's hash of `s.slice(0, end)` (the one parsePoint computes on the way). */
function hashText(s: string, end: number): number {
  let h = 0;
  for (let i = 0; i < end; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

const BACKSLASH = 92, COMMA = 44, SPACE = 32, EQUALS = 61, QUOTE = 34, HASH = 35, TAB = 9, NL = 10, NUL = 0, MINUS = 45, DOT = 46;

/** InfluxDB's MaxKeyLength: a series key (and key plus field) longer than this, in bytes, is refused. */
const MAX_KEY_BYTES = 65_535;

class LineFault extends Error {}

/** Parse a whole request body. Never throws for bad lines; see `errors`. */
export function parseLineProtocol(body: string, opts: ParseOptions = {}): ParseResult {
  const precision = opts.precision ?? 'ns';
  const maxLen = opts.maxLineLength ?? 65_536;
  const cache = opts.seriesCache;
  const refuseSubMs = opts.refuseSubMs ?? false;
  const points: ParsedLine[] = [];
  const errors: ParseError[] = [];
  let lineNo = opts.from?.line ?? 1;
  let pos = opts.from?.pos ?? 0;
  const n = body.length;
  const maxLines = opts.maxLines ?? Infinity;
  let read = 0;
  // Most lines hold no double quote: up to the next one, a line ends at its line break unless a
  // backslash right before it escapes it (scanLine's answer, found by indexOf).
  let nextQuote = body.indexOf('"');
  while (pos < n) {
    if (read >= maxLines) return { points, errors, next: { pos, line: lineNo } };
    if (nextQuote >= 0 && nextQuote < pos) nextQuote = body.indexOf('"', pos);
    let end = body.indexOf('\n', pos);
    if (end < 0) end = n;
    const first = lineNo;
    if ((nextQuote >= 0 && nextQuote < end) || (end < n && end > pos && body.charCodeAt(end - 1) === BACKSLASH)) {
      end = scanLine(body, pos);
      for (let i = pos; i < end; i++) if (body.charCodeAt(i) === NL) lineNo++;
    }
    let s = pos;
    pos = end + 1;
    lineNo++; // the line break ending this line
    while (s < end && isWhitespace(body.charCodeAt(s))) s++;
    if (s >= end || body.charCodeAt(s) === HASH) continue;
    if (maxLen > 0 && end - s > maxLen) {
      read++;
      errors.push({ line: first, message: `line ${first}: line is ${end - s} characters long, over the limit of ${maxLen}` });
      continue;
    }
    // A line that runs to the end of the body inside quotes may end in a line break: influxd drops it.
    const text = body.slice(s, body.charCodeAt(end - 1) === NL ? end - 1 : end);
    read++;
    try {
      points.push(parsePoint(text, first, precision, cache, refuseSubMs));
    } catch (e) {
      if (!(e instanceof LineFault)) throw e;
      errors.push({ line: first, message: `line ${first}: unable to parse '${clip(text)}': ${e.message}` });
    }
  }
  return { points, errors };
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** influxd skips spaces, tabs and NUL characters before a line and before its fields and timestamp. */
function isWhitespace(c: number): boolean {
  return c === SPACE || c === TAB || c === NUL;
}

function skipWhitespace(buf: string, i: number): number {
  while (i < buf.length && isWhitespace(buf.charCodeAt(i))) i++;
  return i;
}

/**
 * Where the line starting at `i` ends (the index of its line break, or the body's length). A
 * backslash skips the next character (unless in the last two), and once past the first space a
 * double quote after more `=` than `,` opens or closes a string, inside which a line break does
 * not end the line.
 */
export function scanLine(buf: string, i: number): number {
  let quoted = false, fields = false, equals = 0, commas = 0;
  const n = buf.length;
  while (i < n) {
    const c = buf.charCodeAt(i);
    if (c === BACKSLASH && i + 2 < n) { i += 2; continue; }
    if (c === SPACE) fields = true;
    if (fields) {
      if (!quoted && c === EQUALS) { i++; equals++; continue; }
      if (!quoted && c === COMMA) { i++; commas++; continue; }
      if (c === QUOTE && equals > commas) { i++; quoted = !quoted; continue; }
    }
    if (c === NL && !quoted) break;
    i++;
  }
  return i;
}

function parsePoint(buf: string, lineNo: number, precision: Precision, cache: SeriesCache | undefined, refuseSubMs: boolean): ParsedLine {
  // A valid key ends at the first space without a backslash before it: look it up before scanning it.
  let hash = buf.charCodeAt(0) | 0;
  let keyEnd = 1;
  for (; keyEnd < buf.length; keyEnd++) {
    const c = buf.charCodeAt(keyEnd);
    if (c === SPACE && buf.charCodeAt(keyEnd - 1) !== BACKSLASH) break;
    hash = (Math.imul(hash, 31) + c) | 0;
  }
  let series = cache?.find(buf, keyEnd, hash);
  let pos: number;
  if (series) {
    pos = keyEnd;
  } else {
    const key = scanKey(buf);
    pos = key.end;
    if (byteLength(key.raw) > MAX_KEY_BYTES) throw new LineFault(`max key length exceeded: ${byteLength(key.raw)} > ${MAX_KEY_BYTES}`);
    series = seriesOf(key.raw);
    // Only the unsorted text of a line is a cache key: it is what the next line will have.
    cache?.set(buf.slice(0, pos), series, pos === keyEnd ? hash : undefined);
  }
  const fieldsStart = skipWhitespace(buf, pos);
  pos = scanFields(buf, fieldsStart);
  if (pos === fieldsStart) throw new LineFault('missing fields');
  const { fields, mixedTypes } = readFields(buf, fieldsStart, pos, series);
  if (fields.length === 0) {
    throw new LineFault(`invalid field name: input field "time" on measurement "${clip(series.measurement)}" is invalid`);
  }
  const tsStart = skipWhitespace(buf, pos);
  pos = tsStart;
  while (pos < buf.length) {
    const c = buf.charCodeAt(pos);
    if (c === NL || c === SPACE) break;
    if (!(pos === tsStart && c === MINUS) && (c < 48 || c > 57)) throw new LineFault(`bad timestamp "${clip(buf.slice(tsStart))}": not an integer`);
    pos++;
  }
  let time: number | undefined;
  if (pos > tsStart) {
    time = toEpochMs(buf, tsStart, pos, precision, refuseSubMs);
    for (; pos < buf.length; pos++) if (buf.charCodeAt(pos) !== SPACE) throw new LineFault(`point is invalid: "${clip(buf.slice(pos))}" after the timestamp`);
  }
  return mixedTypes ? { line: lineNo, series, fields, time, mixedTypes } : { line: lineNo, series, fields, time };
}

function byteLength(s: string): number {
  // Only long keys can be near the limit; counting UTF-8 bytes is then worth it.
  return s.length * 3 <= MAX_KEY_BYTES ? s.length : new TextEncoder().encode(s).length;
}

/** influxd's scanKey: validates `measurement[,k=v...]` from 0 and returns it with tags sorted by raw key. */
function scanKey(buf: string): { end: number; raw: string } {
  const n = buf.length;
  if (n === 0 || buf.charCodeAt(0) === COMMA) throw new LineFault('missing measurement');
  let i = 0;
  let inTags = false;
  for (;;) {
    i++;
    if (i >= n) throw new LineFault('missing fields');
    if (buf.charCodeAt(i - 1) === BACKSLASH) continue;
    const c = buf.charCodeAt(i);
    if (c === COMMA) { inTags = true; i++; break; }
    if (c === SPACE) break;
  }
  if (!inTags) return { end: i, raw: buf.slice(0, i) };
  const measurementEnd = i - 1;
  const tagStarts: number[] = [];
  for (;;) {
    // A tag key: up to an unescaped `=`.
    tagStarts.push(i);
    let c = buf.charCodeAt(i);
    if (i >= n || c === SPACE || c === COMMA || c === EQUALS) throw new LineFault('missing tag key');
    for (;;) {
      i++;
      c = buf.charCodeAt(i);
      if (i >= n || ((c === SPACE || c === COMMA) && buf.charCodeAt(i - 1) !== BACKSLASH)) throw new LineFault('missing tag value');
      if (c === EQUALS && buf.charCodeAt(i - 1) !== BACKSLASH) { i++; break; }
    }
    // A tag value: up to an unescaped `,` (another tag) or space (the fields); an unescaped `=` is refused.
    c = buf.charCodeAt(i);
    if (i >= n || c === COMMA || c === SPACE) throw new LineFault('missing tag value');
    let more = false;
    for (;;) {
      i++;
      if (i >= n) throw new LineFault('missing fields');
      c = buf.charCodeAt(i);
      const escaped = buf.charCodeAt(i - 1) === BACKSLASH;
      if (c === EQUALS && !escaped) throw new LineFault('invalid tag format');
      if (c === COMMA && !escaped) { more = true; i++; break; }
      if (c === SPACE && !escaped) break;
    }
    if (!more) break;
  }
  const end = i;
  const tags = tagStarts.map((start, k) => {
    const stop = k + 1 < tagStarts.length ? tagStarts[k + 1] - 1 : end;
    const text = buf.slice(start, stop);
    return { key: text.slice(0, scanTo(text, 0, EQUALS)), text };
  });
  // Sorted by the raw key bytes (UTF-16 order agrees with UTF-8 byte order outside surrogates).
  tags.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let k = 1; k < tags.length; k++) if (tags[k].key === tags[k - 1].key) throw new LineFault('duplicate tags');
  let raw = buf.slice(0, measurementEnd);
  for (const t of tags) raw += `,${t.text}`;
  return { end, raw };
}

/** Index of the first `stop` at or after `i` whose preceding character is not a backslash, or the length. */
function scanTo(buf: string, i: number, stop: number, end = buf.length): number {
  for (; i < end; i++) if (buf.charCodeAt(i) === stop && (i === 0 || buf.charCodeAt(i - 1) !== BACKSLASH)) return i;
  return end;
}

/** The identity of a validated raw key, names unescaped as influxd does. */
function seriesOf(raw: string): SeriesIdentity {
  const mEnd = scanTo(raw, 0, COMMA);
  const measurement = unescapeName(raw.slice(0, mEnd));
  const pairs: [string, string][] = [];
  let i = mEnd + 1;
  while (i < raw.length) {
    const eq = scanTo(raw, i, EQUALS);
    const end = scanTo(raw, eq + 1, COMMA);
    pairs.push([unescapeTag(raw.slice(i, eq)), unescapeTag(raw.slice(eq + 1, end))]);
    i = end + 1;
  }
  // influxd sorts by the escaped keys; the identity is sorted by the names themselves (as format.ts's seriesKey).
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const tags = emptyTags();
  let key = escapeMeasurement(measurement);
  for (const [k, v] of pairs) {
    tags[k] = v;
    key += `,${escapeTag(k)}=${escapeTag(v)}`;
  }
  return { measurement, tags, key, slot: undefined };
}

/** influxd's escape.Unescape (measurements, field keys): a backslash before `,`, `"`, space or `=` is dropped. */
function unescapeName(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\([," =])/g, '$1');
}

/** influxd's unescapeTag: `\,`, `\ ` and `\=` replaced in turn. */
function unescapeTag(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replaceAll('\\,', ',').replaceAll('\\ ', ' ').replaceAll('\\=', '=');
}

/** influxd's scanFields: validates the fields section from `i`, returns where it ends. */
function scanFields(buf: string, i: number): number {
  const n = buf.length;
  let quoted = false, equals = 0, commas = 0;
  // Where the current field key starts, and the key whose string is open: only to name the field in an error.
  let keyStart = i;
  let openedBy = '';
  while (i < n) {
    const c = buf.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < n) { i += 2; continue; }
    // Quotes matter only in a value, not in a field key.
    if (c === QUOTE && equals > commas) {
      quoted = !quoted;
      if (quoted) openedBy = unescapeName(buf.slice(keyStart, scanTo(buf, keyStart, EQUALS)));
      i++;
      continue;
    }
    if (c === EQUALS && !quoted) {
      equals++;
      const before = buf.charCodeAt(i - 1);
      if ((before === SPACE || before === COMMA) && buf.charCodeAt(i - 2) !== BACKSLASH) throw new LineFault('missing field key');
      const next = buf.charCodeAt(i + 1);
      if (i + 1 >= n || next === COMMA || next === SPACE) throw new LineFault(`missing field value: missing value of field "${unescapeName(buf.slice(keyStart, i))}"`);
      try {
        if ((next >= 48 && next <= 57) || next === DOT || next === MINUS || next === 78 /* N */ || next === 110 /* n */) {
          i = scanNumber(buf, i + 1);
          continue;
        }
        if (next !== QUOTE) {
          i = scanBoolean(buf, i + 1);
          continue;
        }
      } catch (e) {
        throw valueFault(e, buf, keyStart, i);
      }
    }
    if (c === COMMA && !quoted) { commas++; keyStart = i + 1; }
    if (c === SPACE && !quoted) break;
    i++;
  }
  if (quoted) throw new LineFault(`unbalanced quotes in the value of field "${openedBy}"`);
  if (equals === 0 || commas !== equals - 1) throw new LineFault('invalid field format');
  return i;
}

/** A value's fault as the user reads it: the field, its text and why (influxd says only "invalid number"). */
function valueFault(e: unknown, buf: string, keyStart: number, eq: number): unknown {
  if (!(e instanceof ValueFault)) return e;
  let end = eq + 1;
  while (end < buf.length && buf.charCodeAt(end) !== COMMA && buf.charCodeAt(end) !== SPACE) end++;
  const key = unescapeName(buf.slice(keyStart, eq));
  const raw = clip(buf.slice(eq + 1, end));
  return new LineFault(e.outOfRange ? `value of field "${key}" is out of range: ${raw} (${e.message})` : `invalid value of field "${key}": ${raw} ${e.message}`);
}

class ValueFault extends Error {
  constructor(message: string, readonly outOfRange = false) { super(message); }
}

const NOT_A_VALUE = 'is not a number, boolean or quoted string';

const isNumeric = (c: number) => (c >= 48 && c <= 57) || c === DOT;

/** influxd's scanNumber: an integer (`i` suffix) or float from `i`; returns where it ends. */
function scanNumber(buf: string, i: number): number {
  const start = i;
  const n = buf.length;
  let isInt = false, decimal = false, scientific = false;
  if (buf.charCodeAt(i) === MINUS) {
    i++;
    if (i === n) throw new ValueFault(NOT_A_VALUE);
  }
  while (i < n) {
    const c = buf.charCodeAt(i);
    if (c === COMMA || c === SPACE) break;
    if (c === 105 /* i */ && i > start && !isInt) { isInt = true; i++; continue; }
    if (c === 117 /* u */ && i > start && !isInt) throw new ValueFault('is not a number: unsigned integers ("u") are off in InfluxDB 1.x'); // unsigned is off in InfluxDB 1.x by default
    if (c === DOT) {
      if (decimal) throw new ValueFault(NOT_A_VALUE);
      decimal = true;
    }
    if (i > start && (c === 101 || c === 69) /* e E */) { scientific = true; i++; continue; }
    const prev = buf.charCodeAt(i - 1);
    if ((c === 43 || c === MINUS) && (prev === 101 || prev === 69)) { i++; continue; }
    if (!isNumeric(c)) throw new ValueFault(NOT_A_VALUE);
    i++;
  }
  if (isInt && (decimal || scientific)) throw new ValueFault('is not an integer (digits then "i")');
  let digits = i - start;
  if (isInt) digits--;
  if (decimal) digits--;
  if (buf.charCodeAt(start) === MINUS) digits--;
  if (digits === 0) throw new ValueFault(NOT_A_VALUE);
  // Only long or scientific numbers can be out of range (as influxd, which parses only those here).
  if (isInt) {
    if (buf.charCodeAt(i - 1) !== 105) throw new ValueFault('is not an integer (digits then "i")');
    if (i - 1 - start >= 19 && !inInt64(buf.slice(start, i - 1))) throw new ValueFault('integers are int64, from -9223372036854775808 to 9223372036854775807', true);
  } else if (scientific || i - start >= 25) {
    const v = Number(buf.slice(start, i));
    if (Number.isNaN(v)) throw new ValueFault(NOT_A_VALUE);
    if (!Number.isFinite(v)) throw new ValueFault('beyond float64', true);
  }
  return i;
}

const INT64_MAX = 9_223_372_036_854_775_807n;
const INT64_MIN = -9_223_372_036_854_775_808n;

function inInt64(text: string): boolean {
  const v = BigInt(text);
  return v >= INT64_MIN && v <= INT64_MAX;
}

/** influxd's scanBoolean: t, T, true, True, TRUE, f, F, false, False, FALSE. */
function scanBoolean(buf: string, i: number): number {
  const start = i;
  const c = buf.charCodeAt(i);
  if (c !== 116 && c !== 102 && c !== 84 && c !== 70) throw new ValueFault(NOT_A_VALUE);
  i++;
  while (i < buf.length && buf.charCodeAt(i) !== COMMA && buf.charCodeAt(i) !== SPACE) i++;
  if (booleanValue(buf.slice(start, i)) < 0) throw new ValueFault(NOT_A_VALUE);
  return i;
}

/** 1 or 0 for InfluxDB's boolean spellings, -1 for anything else (a switch: no table to index with input). */
function booleanValue(raw: string): number {
  switch (raw) {
    case 't': case 'T': case 'true': case 'True': case 'TRUE': return 1;
    case 'f': case 'F': case 'false': case 'False': case 'FALSE': return 0;
    default: return -1;
  }
}

/**
 * The fields of a validated fields section `buf[from, to)`, as influxd's field iterator reads
 * them: key up to an unescaped `=`, value up to a `,` outside quotes; a string is what lies
 * between its first and last characters. `time` fields are dropped; a repeated key keeps its
 * last value.
 */
function readFields(buf: string, from: number, to: number, series: SeriesIdentity): { fields: ParsedField[]; mixedTypes?: string[] } {
  const fields: ParsedField[] = [];
  let mixedTypes: string[] | undefined;
  let i = from;
  while (i < to) {
    let key: string | undefined;
    let eq = -1;
    const known = series.fieldKeys;
    if (known !== undefined) {
      for (let k = 0; k < known.length; k++) {
        const name = known[k];
        if (buf.charCodeAt(i + name.length) === EQUALS && buf.startsWith(name, i)) { key = name; eq = i + name.length; break; }
      }
    }
    if (key === undefined) {
      eq = scanTo(buf, i, EQUALS, to);
      const raw = buf.slice(i, eq);
      key = unescapeName(raw);
      // Keys written without escapes are what the next line of this series will have.
      if (raw.indexOf('\\') < 0 && (series.fieldKeys ??= []).length < MAX_KEPT_FIELD_KEYS) series.fieldKeys.push(key);
    }
    let j = eq + 1;
    let quoted = false;
    while (j < to) {
      const c = buf.charCodeAt(j);
      if (c === BACKSLASH && j + 1 < to && (buf.charCodeAt(j + 1) === QUOTE || buf.charCodeAt(j + 1) === BACKSLASH)) { j += 2; continue; }
      if (c === QUOTE) quoted = !quoted;
      else if (c === COMMA && !quoted) break;
      j++;
    }
    const valueStart = eq + 1;
    i = j + 1;
    if (key === 'time') continue;
    const field = fieldOf(key, buf, valueStart, j, series);
    // Lines have a handful of fields: a linear scan beats allocating a Map per line.
    let k = 0;
    while (k < fields.length && fields[k].key !== key) k++;
    if (k === fields.length) { fields.push(field); continue; }
    if (fields[k].type !== field.type) (mixedTypes ??= []).push(key);
    fields[k] = field;
  }
  return { fields, mixedTypes };
}

/** Field keys kept per series for matching in place (a series with more still parses, the rest the slow way). */
const MAX_KEPT_FIELD_KEYS = 32;

/** The value `buf[start, end)` of field `key`, validated by scanFields. */
function fieldOf(key: string, buf: string, start: number, end: number, series: SeriesIdentity): ParsedField {
  // A key without `=` (after a string value that held one) has no value at all.
  if (start >= end) throw new LineFault(`invalid value of field "${key}" on measurement "${clip(series.measurement)}": `);
  const c = buf.charCodeAt(start);
  if (c === QUOTE) return { key, type: 'string', value: unescapeStringField(buf.slice(start + 1, end - 1)) };
  if (buf.charCodeAt(end - 1) === 105 /* i */) {
    const small = smallInteger(buf, start, end - 1);
    if (small !== undefined) return { key, type: 'integer', value: small };
    const text = buf.slice(start, end - 1);
    const value = Number(text);
    if (Number.isSafeInteger(value)) return { key, type: 'integer', value: value === 0 ? 0 : value };
    return { key, type: 'integer', value, exact: String(BigInt(text)) };
  }
  if ((c >= 48 && c <= 57) || c === DOT || c === MINUS) return { key, type: 'float', value: shortDecimal(buf, start, end) ?? Number(buf.slice(start, end)) };
  const b = booleanValue(buf.slice(start, end));
  if (b < 0) throw new LineFault(`invalid value of field "${key}" on measurement "${clip(series.measurement)}": ${clip(buf.slice(start, end))}`);
  return { key, type: 'boolean', value: b };
}

/** `-?[0-9]{1,15}` read in place (exact: below 2^53), or undefined for anything else. Never -0. */
function smallInteger(buf: string, start: number, end: number): number | undefined {
  const neg = buf.charCodeAt(start) === MINUS;
  let i = neg ? start + 1 : start;
  if (i === end || end - i > 15) return undefined;
  let v = 0;
  for (; i < end; i++) {
    const d = buf.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return neg && v !== 0 ? -v : v;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A decimal without exponent of at most 15 digits, `-?[0-9]*.?[0-9]*`, read in place: its digits
 * as an integer (exact below 2^53) divided by a power of ten (exact up to 10^22), one correctly
 * rounded division, so the same float64 as Number(). Undefined for anything else.
 */
function shortDecimal(buf: string, start: number, end: number): number | undefined {
  const neg = buf.charCodeAt(start) === MINUS;
  let i = neg ? start + 1 : start;
  let m = 0, digits = 0, scale = 0, dot = false;
  for (; i < end; i++) {
    const c = buf.charCodeAt(i);
    if (c === DOT) { if (dot) return undefined; dot = true; continue; }
    const d = c - 48;
    if (d < 0 || d > 9 || ++digits > 15) return undefined;
    m = m * 10 + d;
    if (dot) scale++;
  }
  if (digits === 0) return undefined;
  const v = scale === 0 ? m : m / POW10[scale];
  return neg ? -v : v;
}

/** influxd's unescapeStringField: `\\` and `\"` are one character; other backslashes stay. */
function unescapeStringField(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\([\\"])/g, '$1');
}

/** Largest timestamp magnitude per precision, so that it times the unit stays within ±9223372036854775806 ns. */
const MAX_DIGITS: Record<Precision, string> = {
  ns: '9223372036854775806', us: '9223372036854775', ms: '9223372036854', s: '9223372036', m: '153722867', h: '2562047',
};

/**
 * Epoch ms of the timestamp `buf[start, end)` (`-?[0-9]+`), read in place, finer digits cut
 * (towards zero, so every time InfluxDB stores has a millisecond it stores too); a time InfluxDB
 * cannot store is refused.
 */
function toEpochMs(buf: string, start: number, end: number, precision: Precision, refuseSubMs: boolean): number {
  const neg = buf.charCodeAt(start) === MINUS;
  let d = neg ? start + 1 : start;
  if (d === end) throw new LineFault(`bad timestamp "${buf.slice(start, end)}": not an integer`);
  while (d < end - 1 && buf.charCodeAt(d) === 48) d++;
  const count = end - d;
  const max = MAX_DIGITS[precision];
  if (count > max.length || (count === max.length && digitsAbove(buf, d, max))) {
    throw new LineFault(`bad timestamp "${clip(buf.slice(start, end))}": out of range: in precision ${precision}, InfluxDB stores 1677-09-21T00:12:43.145Z to 2262-04-11T23:47:16.854Z (check the precision parameter)`);
  }
  let ms: number;
  if (precision === 'ns' || precision === 'us') {
    // Beyond double precision: read only the whole milliseconds, then round down.
    const drop = precision === 'ns' ? 6 : 3;
    const wholeEnd = Math.max(d, end - drop);
    if (refuseSubMs) {
      for (let i = wholeEnd; i < end; i++) {
        if (buf.charCodeAt(i) !== 48) throw new LineFault(`timestamp ${buf.slice(start, end)} has digits finer than a millisecond, which this server does not keep (it refuses them: SUB_MS_TIMES=refuse)`);
      }
    }
    ms = digitsValue(buf, d, wholeEnd);
  } else {
    ms = digitsValue(buf, d, end) * UNIT_MS[precision];
  }
  if (neg) ms = -ms;
  return ms === 0 ? 0 : ms;
}

/** The decimal digits `buf[from, to)` as a number (at most 13 here: exact). */
function digitsValue(buf: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (buf.charCodeAt(i) - 48);
  return v;
}

/** Whether the digits at `from` (as many as `max` has) are greater than `max`. */
function digitsAbove(buf: string, from: number, max: string): boolean {
  for (let k = 0; k < max.length; k++) {
    const a = buf.charCodeAt(from + k), b = max.charCodeAt(k);
    if (a !== b) return a > b;
  }
  return false;
}

/** Escaping of the canonical series key (an identity, written in the product's own dialect). */
export function escapeMeasurement(s: string): string {
  return /[, \\\n]/.test(s) ? s.replace(/([, \\])/g, '\\$1').replace(/\n/g, '\\n') : s;
}

export function escapeTag(s: string): string {
  return /[, =\\\n]/.test(s) ? s.replace(/([, =\\])/g, '\\$1').replace(/\n/g, '\\n') : s;
}

export function escapeStringField(s: string): string {
  return `"${s.replace(/(["\\])/g, '\\$1')}"`;
}
