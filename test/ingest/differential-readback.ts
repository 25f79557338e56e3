/**
 * What a line protocol case left behind, read the same way from influxd and from the product so
 * the two can be compared as plain text: the answer class of each request, every measurement's
 * field keys with their types, and every stored value with its series, field and time.
 *
 * Values are rendered exactly: integers as decimal text (influxd's JSON is read keeping every
 * digit), times as int64 nanoseconds. A time within a few minutes of the test's clock came from
 * a line without timestamp; it reads `now`, with whether it is a whole multiple of the unit the
 * precision names (InfluxDB truncates its clock to it). String values are compared by the
 * newest per series and field, the only one the product's read API answers.
 */
import type { TestApp } from '../support/test-app.ts';

export interface Outcome {
  /** Per request: `2xx`, `4xx` or `5xx`. */
  status: string[];
  /** `measurement field:type`, sorted (a field of two types in two shard groups lists both). */
  fields: string[];
  /** `measurement {tags} field time value`, sorted. */
  points: string[];
}

export const answerClass = (status: number) => `${Math.floor(status / 100)}xx`;

/** Units a precision spelling names, ns; 1 where the clock is kept as is. */
const UNIT_NS: Record<string, bigint> = { ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

const NOW_WINDOW_NS = 10n * 60_000_000_000n;

export function timeText(ns: bigint, precision: string | undefined): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  if (ns > now - NOW_WINDOW_NS && ns < now + NOW_WINDOW_NS) {
    const unit = UNIT_NS[precision ?? ''];
    return unit === undefined ? 'now' : `now(${ns % unit === 0n ? 'whole' : 'not whole'} ${precision})`;
  }
  return String(ns);
}

const INT_MARK = '\u0000int:';

/**
 * JSON.parse, but integer literals of 16 or more digits become `INT_MARK + digits` strings, so
 * int64 values and nanosecond times keep every digit (JSON.parse would round them to float64).
 */
export function parseJsonExact(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j])) j++;
      const tok = text.slice(i, j);
      out += /^-?\d{16,}$/.test(tok) ? JSON.stringify(INT_MARK + tok) : tok;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out);
}

/** A value from parseJsonExact as text: integers exact, floats as JavaScript prints them. */
function valueText(v: unknown, type: string | undefined): string {
  if (typeof v === 'string' && v.startsWith(INT_MARK)) {
    const digits = v.slice(INT_MARK.length);
    return type === 'float' ? String(Number(digits)) : String(BigInt(digits));
  }
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function exactBigInt(v: unknown): bigint {
  if (typeof v === 'string' && v.startsWith(INT_MARK)) return BigInt(v.slice(INT_MARK.length));
  return BigInt(v as number);
}

const tagsText = (tags: Record<string, string> | undefined) =>
  JSON.stringify(Object.fromEntries(Object.entries(tags ?? {}).filter(([, v]) => v !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

interface InfluxSeries { name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }
interface InfluxResult { series?: InfluxSeries[]; error?: string }

/** Run InfluxQL on influxd, times as ns; every result of the statements (`;`-separated). */
export async function influxQuery(url: string, db: string, q: string): Promise<InfluxResult[]> {
  const res = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q, db, epoch: 'ns' }) });
  const body = parseJsonExact(await res.text()) as { results?: InfluxResult[]; error?: string };
  if (!body.results) throw new Error(`influxd /query ${q}: ${res.status} ${body.error ?? ''}`);
  return body.results;
}

/** What influxd holds in database `db`. */
export async function influxOutcome(url: string, db: string, precision: string | undefined): Promise<Omit<Outcome, 'status'>> {
  const [keys, rows] = await influxQuery(url, db, 'SHOW FIELD KEYS; SELECT * FROM /.*/ GROUP BY *');
  const types = new Map<string, string[]>();
  for (const s of keys.series ?? []) {
    for (const [field, type] of s.values as [string, string][]) {
      const k = `${s.name} ${field}`;
      types.set(k, [...(types.get(k) ?? []), type]);
    }
  }
  const fields = [...types].map(([k, t]) => `${k}:${t.sort().join('|')}`).sort();
  const points: string[] = [];
  if (rows.error) points.push(`error: ${rows.error}`);
  const newestText = new Map<string, { t: bigint; line: string }>();
  for (const s of rows.series ?? []) {
    const tags = tagsText(s.tags);
    for (const row of s.values) {
      const t = exactBigInt(row[0]);
      for (let i = 1; i < s.columns.length; i++) {
        if (row[i] === null) continue;
        const field = s.columns[i];
        const type = types.get(`${s.name} ${field}`)?.join('|');
        const line = `${s.name} ${tags} ${field} ${timeText(t, precision)} ${valueText(row[i], type)}`;
        if (type !== 'string') { points.push(line); continue; }
        const k = `${s.name} ${tags} ${field}`;
        const seen = newestText.get(k);
        if (!seen || t >= seen.t) newestText.set(k, { t, line });
      }
    }
  }
  for (const { line } of newestText.values()) points.push(line);
  return { fields, points: points.sort() };
}

export interface ProductSeries { id: number; measurement: string; tags: Record<string, string>; field: string; type: string }

/** Every series the product holds (its read API lists the first 10,000). */
export async function productSeries(app: TestApp): Promise<ProductSeries[]> {
  const r = await app.get('/api/series');
  if (r.status !== 200) throw new Error(`/api/series: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.series as ProductSeries[];
}

/** Influx's range in ms, both ends included (the read API's `to` is exclusive). */
const FROM_MS = -9_223_372_036_855;
const TO_MS = 9_223_372_036_855;

/** What the product holds for these measurements, read through /api/query (numbers) and /api/latest (strings). */
export async function productOutcome(app: TestApp, series: ProductSeries[], precision: string | undefined): Promise<Omit<Outcome, 'status'>> {
  const fields = [...new Set(series.map((s) => `${s.measurement} ${s.field}:${s.type}`))].sort();
  const points: string[] = [];
  for (const m of new Set(series.map((s) => s.measurement))) {
    const q = encodeURIComponent(m);
    const raw = await app.fetch(`/api/query?measurement=${q}&window=raw&from=${FROM_MS}&to=${TO_MS}&maxPoints=10000`);
    if (raw.status === 200) {
      const body = parseJsonExact(await raw.text()) as { series: (ProductSeries & { t: unknown[]; v: unknown[] })[] };
      for (const s of body.series) {
        for (let i = 0; i < s.t.length; i++) {
          const ns = exactBigInt(s.t[i]) * 1_000_000n;
          points.push(`${s.measurement} ${tagsText(s.tags)} ${s.field} ${timeText(ns, precision)} ${productValue(s.v[i], s.type)}`);
        }
      }
    } else if (raw.status !== 404) {
      points.push(`error: /api/query ${raw.status} ${await raw.text()}`);
    }
    if (!series.some((s) => s.measurement === m && s.type === 'string')) continue;
    const latest = await app.fetch(`/api/latest?measurement=${q}`);
    const body = (await latest.json()) as { series: (ProductSeries & { t: number | null; v: unknown })[] };
    for (const s of body.series) {
      if (s.type !== 'string' || s.t === null) continue;
      points.push(`${s.measurement} ${tagsText(s.tags)} ${s.field} ${timeText(BigInt(s.t) * 1_000_000n, precision)} ${JSON.stringify(s.v)}`);
    }
  }
  return { fields, points: points.sort() };
}

/** The read API's value as influxd's would read: booleans as words, integers exact (big ones come as decimal strings). */
function productValue(v: unknown, type: string): string {
  if (type === 'boolean') return v === 1 || v === true ? 'true' : 'false';
  if (type === 'integer') return typeof v === 'string' && !v.startsWith(INT_MARK) ? String(BigInt(v)) : valueText(v, type);
  return valueText(v, type);
}
