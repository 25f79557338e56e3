/**
 * The embedded store's database, synchronous (better-sqlite3). It runs inside a worker thread
 * (sqlite-worker.ts) so inserts, rollups and month-long queries never stall live traffic.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type {
  Aggregate, LatestValue, RangeQuery, RangeResult, RetentionConfig, SeriesDef, SeriesResult, WriteBatch,
} from '../types.ts';
import { resolutionFor } from '../types.ts';
import { ROLLUPS, SCHEMA } from './schema.ts';
import { RollupAccumulator, type RollupDelta } from './rollup-accumulator.ts';

/** Rows per multi-row INSERT: one statement per 256 samples is several times faster than one per sample. */
const CHUNK = 256;

export class SqliteDb {
  private readonly db: Db;
  private readonly insertChunk: Statement;
  private readonly insertOne: Statement;
  private readonly insertText: Statement;
  private readonly insertSeries: Statement;
  private readonly mergeRollup: Statement[];
  private readonly accumulators = ROLLUPS.map((r) => new RollupAccumulator(r.bucketMs));
  private readonly types = new Map<number, string>();

  constructor(path: string, private readonly retention: RetentionConfig) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: a write acknowledged to a client survives a power cut, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('cache_size = -65536');
    this.db.exec(SCHEMA);
    const rows = Array.from({ length: CHUNK }, () => '(?,?,?)').join(',');
    this.insertChunk = this.db.prepare(`INSERT OR REPLACE INTO samples (sid, t, v) VALUES ${rows}`);
    this.insertOne = this.db.prepare('INSERT OR REPLACE INTO samples (sid, t, v) VALUES (?,?,?)');
    this.insertText = this.db.prepare('INSERT OR REPLACE INTO samples_text (sid, t, s) VALUES (?,?,?)');
    this.insertSeries = this.db.prepare(
      'INSERT OR IGNORE INTO series (id, key, measurement, tags, field, type) VALUES (?,?,?,?,?,?)');
    this.mergeRollup = ROLLUPS.map((r) => this.db.prepare(`
      INSERT INTO ${r.table} (sid, t, n, sum, min, max, last, last_t) VALUES (?,?,?,?,?,?,?,?)
      ON CONFLICT (sid, t) DO UPDATE SET
        n = n + excluded.n, sum = sum + excluded.sum,
        min = min(min, excluded.min), max = max(max, excluded.max),
        last = CASE WHEN excluded.last_t >= last_t THEN excluded.last ELSE last END,
        last_t = max(last_t, excluded.last_t)`));
  }

  series(): SeriesDef[] {
    const rows = this.db.prepare('SELECT id, key, measurement, tags, field, type FROM series ORDER BY id').all() as
      { id: number; key: string; measurement: string; tags: string; field: string; type: SeriesDef['type'] }[];
    for (const r of rows) this.types.set(r.id, r.type);
    return rows.map((r) => ({ ...r, tags: JSON.parse(r.tags) as Record<string, string> }));
  }

  write(batch: WriteBatch): void {
    const { sid, t, v } = batch.samples;
    const text = batch.text;
    this.db.transaction(() => {
      for (const s of batch.newSeries) {
        const info = this.insertSeries.run(s.id, s.key, s.measurement, JSON.stringify(s.tags), s.field, s.type);
        if (info.changes === 0) this.checkSameSeries(s);
        this.types.set(s.id, s.type);
      }
      const n = sid.length;
      const params = new Array<number>(CHUNK * 3);
      let i = 0;
      for (; i + CHUNK <= n; i += CHUNK) {
        for (let j = 0; j < CHUNK; j++) {
          params[j * 3] = sid[i + j]; params[j * 3 + 1] = t[i + j]; params[j * 3 + 2] = v[i + j];
        }
        this.insertChunk.run(params);
      }
      for (; i < n; i++) this.insertOne.run(sid[i], t[i], v[i]);
      for (let k = 0; k < text.sid.length; k++) this.insertText.run(text.sid[k], text.t[k], text.s[k]);
      for (const acc of this.accumulators) for (let k = 0; k < n; k++) acc.add(sid[k], t[k], v[k]);
    })();
  }

  /** Merge rollup deltas gathered since the last call; called on a timer, not per write. */
  flushRollups(): number {
    let merged = 0;
    this.db.transaction(() => {
      this.accumulators.forEach((acc, i) => {
        const stmt = this.mergeRollup[i];
        for (const d of acc.drain()) { stmt.run(d.sid, d.t, d.n, d.sum, d.min, d.max, d.last, d.lastT); merged++; }
      });
    })();
    return merged;
  }

  query(q: RangeQuery): RangeResult {
    this.flushRollups();
    const source = q.windowMs > 0 ? resolutionFor(q.windowMs) : 'raw';
    const series: SeriesResult[] = q.series.map((s) => {
      const rows = source === 'raw' ? this.queryRaw(s.id, q) : this.queryRollup(s.id, q, source);
      const out: SeriesResult = { id: s.id, t: new Array(rows.length), v: new Array(rows.length) };
      for (let i = 0; i < rows.length; i++) { out.t[i] = rows[i].b; out.v[i] = rows[i].v; }
      return out;
    });
    return { series, source };
  }

  private queryRaw(sid: number, q: RangeQuery): { b: number; v: number }[] {
    if (q.windowMs <= 0) {
      return this.db.prepare('SELECT t AS b, v FROM samples WHERE sid = ? AND t >= ? AND t < ? ORDER BY t')
        .all(sid, q.from, q.to) as { b: number; v: number }[];
    }
    const agg: Record<Aggregate, string> = {
      mean: 'avg(v) AS v', min: 'min(v) AS v', max: 'max(v) AS v', sum: 'sum(v) AS v', last: 'v, max(t)',
    };
    return this.db.prepare(`SELECT (t - (t % @w)) AS b, ${agg[q.agg]} FROM samples
      WHERE sid = @sid AND t >= @from AND t < @to GROUP BY b ORDER BY b`)
      .all({ w: q.windowMs, sid, from: q.from, to: q.to }) as { b: number; v: number }[];
  }

  private queryRollup(sid: number, q: RangeQuery, source: '1m' | '1h'): { b: number; v: number }[] {
    const table = ROLLUPS.find((r) => r.name === source)!.table;
    const agg: Record<Aggregate, string> = {
      mean: 'sum(sum) / sum(n) AS v', min: 'min(min) AS v', max: 'max(max) AS v', sum: 'sum(sum) AS v',
      last: 'last AS v, max(last_t)',
    };
    return this.db.prepare(`SELECT (t - (t % @w)) AS b, ${agg[q.agg]} FROM ${table}
      WHERE sid = @sid AND t >= @from AND t < @to GROUP BY b ORDER BY b`)
      .all({ w: q.windowMs, sid, from: q.from, to: q.to }) as { b: number; v: number }[];
  }

  latest(series: SeriesDef[]): LatestValue[] {
    const num = this.db.prepare('SELECT t, v FROM samples WHERE sid = ? ORDER BY t DESC LIMIT 1');
    const txt = this.db.prepare('SELECT t, s AS v FROM samples_text WHERE sid = ? ORDER BY t DESC LIMIT 1');
    const out: LatestValue[] = [];
    for (const s of series) {
      const row = (s.type === 'string' ? txt : num).get(s.id) as { t: number; v: number | string } | undefined;
      if (row) out.push({ id: s.id, t: row.t, v: row.v });
    }
    return out;
  }

  /** Delete what is older than each resolution's retention; per series, so the primary key does the work. */
  applyRetention(now: number): number {
    const ids = (this.db.prepare('SELECT id FROM series').all() as { id: number }[]).map((r) => r.id);
    const plans: [string, number][] = [
      ['samples', now - this.retention.rawMs],
      ['samples_text', now - this.retention.rawMs],
      ['rollup_1m', now - this.retention.minuteMs],
      ['rollup_1h', now - this.retention.hourMs],
    ];
    let deleted = 0;
    for (const [table, cutoff] of plans) {
      const del = this.db.prepare(`DELETE FROM ${table} WHERE sid = ? AND t < ?`);
      this.db.transaction(() => { for (const id of ids) deleted += del.run(id, cutoff).changes; })();
    }
    return deleted;
  }

  close(): void {
    this.flushRollups();
    this.db.close();
  }

  private checkSameSeries(s: SeriesDef): void {
    const row = this.db.prepare('SELECT id, key, field FROM series WHERE id = ?').get(s.id) as
      { id: number; key: string; field: string } | undefined;
    if (!row || row.key !== s.key || row.field !== s.field) {
      throw new Error(`sqlite: series id ${s.id} is already taken by another series (${row?.key} ${row?.field})`);
    }
  }
}

export type { RollupDelta };
