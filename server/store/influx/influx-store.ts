/**
 * The InfluxDB 1.x store: samples go to the `raw` retention policy as line protocol (precision ms),
 * continuous queries roll them up into `rp_1m` / `rp_1h` (see influx-schema.ts), and range queries
 * are InfluxQL over HTTP, one statement per series in one request.
 *
 * A field series (SeriesDef) maps to measurement + tags + field key. Names InfluxDB 1.x cannot
 * store exactly (a trailing backslash, a line break, a measurement starting with `#`, the key
 * `time`) are refused with an `influxdb: ` error rather than stored under another name.
 */
import { seriesKey } from '../../../streams/line-protocol/format.ts';
import type { FieldType } from '../../../streams/families/index.ts';
import {
  DEFAULT_RETENTION, resolutionFor, StoreRefusedError,
  type Aggregate, type LatestValue, type RangeQuery, type RangeResult, type RetentionConfig,
  type SeriesDef, type SeriesResult, type TimeSeriesStore, type WholeMsPrecision, type WriteBatch,
} from '../types.ts';
import { check, InfluxHttp, type InfluxSeries } from './influx-http.ts';
import { ensureSchema, RAW_RP, ROLLUP_RPS } from './influx-schema.ts';
import { ident, msLiteral, sameTags, tagConditions } from './influxql.ts';
import { formatBatch, lineParts, type LineParts } from './line-format.ts';

export interface InfluxStoreOptions {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:8086`. */
  url: string;
  database: string;
  username?: string;
  password?: string;
  /** How long each resolution is kept; durations are rounded up to whole hours (min 1 h). */
  retention?: RetentionConfig;
  /** Writes, pings and schema statements fail after this long without an answer, ms. Default 5,000. */
  timeoutMs?: number;
  /** Range queries fail after this long without an answer, ms. Default 60,000 (or timeoutMs if larger). */
  queryTimeoutMs?: number;
}

/** Statements per `/query` request when listing the database's series. */
const DISCOVERY_STATEMENTS_PER_REQUEST = 200;

export class InfluxStore implements TimeSeriesStore {
  readonly kind = 'influxdb' as const;
  private readonly http: InfluxHttp;
  private readonly retention: RetentionConfig;
  /**
   * Every series announced so far (newSeries of writes, or found by open()), by id; or why it
   * cannot be stored. A bad name refuses the samples of its own series, never the announcements
   * or samples of the others (the writer does not announce a series twice).
   */
  private readonly known = new Map<number, LineParts | { problem: string }>();
  private closed = false;

  constructor(private readonly opts: InfluxStoreOptions) {
    const timeoutMs = opts.timeoutMs ?? 5000;
    this.retention = opts.retention ?? DEFAULT_RETENTION;
    this.http = new InfluxHttp({
      url: opts.url,
      database: opts.database,
      username: opts.username,
      password: opts.password,
      timeoutMs,
      queryTimeoutMs: opts.queryTimeoutMs ?? Math.max(60_000, timeoutMs),
    });
  }

  /**
   * Creates the database, retention policies and continuous queries if needed, then lists the
   * field series the raw RP holds: for every field key (SHOW FIELD KEYS), the series that have a
   * value of it (`SELECT "f" ... GROUP BY * ORDER BY time DESC LIMIT 1`, which reads one point per
   * series and gives exact tag values, where SHOW SERIES keys would need unescaping).
   *
   * Ids are 1..n in order of (series key, field): stable for the same data, but only meaningful
   * until the caller renumbers; a write's `newSeries` always overrides what an id means here.
   */
  async open(): Promise<SeriesDef[]> {
    this.assertOpen();
    await ensureSchema(this.http, this.opts.database, this.retention);

    const [keysResult] = await this.http.query([`SHOW FIELD KEYS FROM ${ident(RAW_RP)}./.*/`], 'show field keys', { admin: true });
    const fields: { measurement: string; field: string; type: FieldType }[] = [];
    const seen = new Set<string>();
    for (const s of check(keysResult, 'show field keys').series ?? []) {
      for (const [field, type] of s.values ?? []) {
        const k = JSON.stringify([s.name, field]);
        if (seen.has(k)) continue; // a field with different types in different shards: keep the first
        seen.add(k);
        fields.push({ measurement: String(s.name), field: String(field), type: String(type) as FieldType });
      }
    }

    const found: Omit<SeriesDef, 'id'>[] = [];
    for (let i = 0; i < fields.length; i += DISCOVERY_STATEMENTS_PER_REQUEST) {
      const chunk = fields.slice(i, i + DISCOVERY_STATEMENTS_PER_REQUEST);
      const statements = chunk.map((f) =>
        `SELECT ${ident(f.field)} FROM ${ident(RAW_RP)}.${ident(f.measurement)} GROUP BY * ORDER BY time DESC LIMIT 1`);
      const results = await this.http.query(statements, 'list series');
      results.forEach((r, j) => {
        const f = chunk[j];
        for (const s of check(r, 'list series').series ?? []) {
          const tags: Record<string, string> = Object.create(null); // tag keys are data: `__proto__` is one
          for (const [k, v] of Object.entries(s.tags ?? {})) if (v !== '') tags[k] = v;
          found.push({ key: seriesKey(f.measurement, tags), measurement: f.measurement, tags, field: f.field, type: f.type });
        }
      });
    }
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
    const defs: SeriesDef[] = found.map((d, i) => ({ id: i + 1, ...d }));
    for (const d of defs) this.known.set(d.id, announce(d));
    return defs;
  }

  /**
   * Rejects with StoreRefusedError when the batch cannot be stored (a name or value InfluxDB cannot
   * take, or InfluxDB answered 400), StoreUnavailableError when InfluxDB cannot be reached.
   */
  async write(batch: WriteBatch): Promise<void> {
    this.assertOpen();
    for (const d of batch.newSeries) this.known.set(d.id, announce(d));
    let bodies: { body: string; precision: WholeMsPrecision }[];
    try {
      bodies = this.bodiesOf(batch);
    } catch (e) {
      throw new StoreRefusedError((e as Error).message, { cause: e });
    }
    // If a later body fails, the earlier ones stay written; writing the whole batch again is
    // harmless (a sample of the same series and time replaces the old one).
    for (const { body, precision } of bodies) await this.http.write(body, RAW_RP, precision);
  }

  /**
   * The request bodies of a batch, in its order: the senders' own line protocol where the batch
   * carries it (influxd reads it as the product did, and nothing is formatted again), the
   * samples between those stretches as line protocol of ours.
   */
  private bodiesOf(batch: WriteBatch): { body: string; precision: WholeMsPrecision }[] {
    const partsOf = (id: number): LineParts => {
      const p = this.known.get(id);
      if (!p) throw new Error(`influxdb: series id ${id} was never announced in newSeries`);
      if ('problem' in p) throw new Error(p.problem);
      return p;
    };
    const ours = (num: number, numEnd: number, text: number, textEnd: number) => {
      if (num >= numEnd && text >= textEnd) return [];
      const { sid, t, v } = batch.samples;
      const samples = num === 0 && numEnd === sid.length ? batch.samples : { sid: sid.subarray(num, numEnd), t: t.subarray(num, numEnd), v: v.subarray(num, numEnd) };
      const { text: tx } = batch;
      const texts = text === 0 && textEnd === tx.sid.length ? tx : { sid: tx.sid.slice(text, textEnd), t: tx.t.slice(text, textEnd), s: tx.s.slice(text, textEnd) };
      return formatBatch(samples, texts, partsOf).map((body) => ({ body, precision: 'ms' as const }));
    };
    const out: { body: string; precision: WholeMsPrecision }[] = [];
    let num = 0;
    let text = 0;
    for (const part of batch.lineProtocol ?? []) {
      out.push(...ours(num, part.num, text, part.text));
      out.push({ body: part.body, precision: part.precision });
      num = part.numEnd;
      text = part.textEnd;
    }
    out.push(...ours(num, batch.samples.sid.length, text, batch.text.sid.length));
    return out;
  }

  /**
   * Raw samples (windowMs 0) or one value per non-empty bucket. The raw RP answers when the range
   * starts within raw retention or the window is not whole minutes/hours; otherwise the rollup
   * RP of `resolutionFor(windowMs)`. String series give no values (read them with latest());
   * boolean series are always aggregated here from raw samples, as InfluxQL cannot average them.
   */
  async query(q: RangeQuery): Promise<RangeResult> {
    this.assertOpen();
    const windowMs = q.windowMs > 0 ? Math.max(1, Math.round(q.windowMs)) : 0;
    const resolution = windowMs > 0 ? resolutionFor(windowMs) : 'raw';
    const useRollup = resolution !== 'raw' && q.from < Date.now() - this.retention.rawMs;
    const out: SeriesResult[] = q.series.map((s) => ({ id: s.id, t: [], v: [] }));
    const plan: { index: number; statement: string; clientAgg: boolean }[] = [];
    let source: RangeResult['source'] = 'raw';
    q.series.forEach((s, index) => {
      if (s.type === 'string' || q.to <= q.from) return;
      const where = [...tagConditions(s.tags), `time >= ${msLiteral(q.from)}`, `time < ${msLiteral(q.to)}`].join(' AND ');
      if (windowMs === 0 || s.type === 'boolean') {
        plan.push({ index, clientAgg: windowMs > 0, statement: `SELECT ${ident(s.field)} FROM ${ident(RAW_RP)}.${ident(s.measurement)} WHERE ${where} GROUP BY *` });
      } else {
        const rp = useRollup ? ROLLUP_RPS[resolution as '1m' | '1h'] : RAW_RP;
        if (useRollup) source = resolution as '1m' | '1h';
        const expr = useRollup ? rollupExpr(q.agg, s.field) : `${q.agg}(${ident(s.field)})`;
        plan.push({ index, clientAgg: false, statement: `SELECT ${expr} AS "v" FROM ${ident(rp)}.${ident(s.measurement)} WHERE ${where} GROUP BY time(${windowMs}ms), * fill(none)` });
      }
    });
    if (plan.length === 0) return { series: out, source };

    const results = await this.http.query(plan.map((p) => p.statement), 'query');
    results.forEach((r, j) => {
      const { index, clientAgg } = plan[j];
      const def = q.series[index];
      const group = (check(r, 'query').series ?? []).find((g) => sameTags(g.tags, def.tags));
      if (!group) return;
      const { t, v, exact } = columns(group);
      if (clientAgg) aggregateInto(out[index], t, v, windowMs, q.agg);
      else { out[index].t = t; out[index].v = v; if (exact && def.type === 'integer' && windowMs === 0) out[index].exact = exact; }
    });
    return { series: out, source };
  }

  /** The newest raw sample of each series that has one (text for string fields). */
  async latest(series: SeriesDef[]): Promise<LatestValue[]> {
    this.assertOpen();
    const out: LatestValue[] = [];
    // Chunked: a restart restores the latest value of every series the catalog holds.
    for (let i = 0; i < series.length; i += DISCOVERY_STATEMENTS_PER_REQUEST) {
      out.push(...await this.latestOf(series.slice(i, i + DISCOVERY_STATEMENTS_PER_REQUEST)));
    }
    return out;
  }

  private async latestOf(series: SeriesDef[]): Promise<LatestValue[]> {
    const statements = series.map((s) => {
      const where = tagConditions(s.tags);
      return `SELECT ${ident(s.field)} FROM ${ident(RAW_RP)}.${ident(s.measurement)}` +
        `${where.length ? ` WHERE ${where.join(' AND ')}` : ''} GROUP BY * ORDER BY time DESC LIMIT 1`;
    });
    const results = await this.http.query(statements, 'latest');
    const out: LatestValue[] = [];
    results.forEach((r, i) => {
      const def = series[i];
      const group = (check(r, 'latest').series ?? []).find((g) => sameTags(g.tags, def.tags));
      const row = group?.values?.[0];
      if (!row || row[1] === null || row[1] === undefined) return;
      // An integer beyond ±2^53 stays its exact text (see parseJsonExact).
      const v = def.type === 'string' || (def.type === 'integer' && typeof row[1] === 'string') ? String(row[1]) : toNumber(row[1]);
      if (v !== undefined) out.push({ id: def.id, t: Number(row[0]), v });
    });
    return out;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.http.ping();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.http.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('influxdb: store is closed');
  }
}

/** Line parts of a series, or why InfluxDB 1.x cannot store it. */
function announce(def: SeriesDef): LineParts | { problem: string } {
  try {
    return lineParts(def);
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

/** The expression over rollup fields (see influx-schema.ts) that gives `agg` of the raw samples. */
function rollupExpr(agg: Aggregate, field: string): string {
  switch (agg) {
    case 'mean': return `sum(${ident(`sum_${field}`)}) / sum(${ident(`count_${field}`)})`;
    case 'sum': return `sum(${ident(`sum_${field}`)})`;
    case 'min': return `min(${ident(`min_${field}`)})`;
    case 'max': return `max(${ident(`max_${field}`)})`;
    case 'last': return `last(${ident(`last_${field}`)})`;
  }
}

function toNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  // A long integer literal, kept as text by parseJsonExact.
  if (typeof x === 'string' && /^-?\d+$/.test(x)) return Number(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  return undefined;
}

/** Time and value columns of a result group, skipping rows without a value. */
function columns(group: InfluxSeries): { t: number[]; v: number[]; exact?: Map<number, string> } {
  const t: number[] = [];
  const v: number[] = [];
  let exact: Map<number, string> | undefined;
  for (const row of group.values ?? []) {
    const n = toNumber(row[1]);
    if (n === undefined || !Number.isFinite(n)) continue;
    if (typeof row[1] === 'string') (exact ??= new Map()).set(v.length, row[1]);
    t.push(Number(row[0]));
    v.push(n);
  }
  return { t, v, exact };
}

/** Bucket ascending samples by epoch-aligned windows of `windowMs` and aggregate each bucket. */
function aggregateInto(out: SeriesResult, t: number[], v: number[], windowMs: number, agg: Aggregate): void {
  let i = 0;
  while (i < t.length) {
    const bucket = t[i] - (((t[i] % windowMs) + windowMs) % windowMs);
    let n = 0, sum = 0, min = Infinity, max = -Infinity, last = 0;
    for (; i < t.length && t[i] < bucket + windowMs; i++) {
      n++; sum += v[i]; last = v[i];
      if (v[i] < min) min = v[i];
      if (v[i] > max) max = v[i];
    }
    out.t.push(bucket);
    out.v.push(agg === 'mean' ? sum / n : agg === 'sum' ? sum : agg === 'min' ? min : agg === 'max' ? max : last);
  }
}
