/**
 * The embedded store's database, synchronous (better-sqlite3). It runs inside a worker thread
 * (sqlite-worker.ts) so inserts, rollups and month-long queries never stall live traffic.
 *
 * A write commits one packed row to `staging` (sequential, cheap however many series it spans)
 * and keeps the samples in memory per series; `compact()` later writes each series' run into
 * `samples` in one go. Queries merge `samples` with the staged samples. After a crash the
 * staging rows are read back, so an acknowledged write is never lost.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type {
  Aggregate, LatestValue, RangeQuery, RangeResult, RetentionConfig, SeriesDef, SeriesResult, WriteBatch,
} from '../types.ts';
import { resolutionFor } from '../types.ts';
import { ROLLUPS, SCHEMA } from './schema.ts';
import { RollupAccumulator } from './rollup-accumulator.ts';
import { StagedTails, mergeRuns, packStaged, unpackStaged } from './staged-tails.ts';

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
  private readonly insertStaging: Statement;
  private readonly setMeta: Statement;
  private tails = new StagedTails();
  /** A compaction in progress: staged samples being moved to `samples` a slice at a time. */
  private compacting: { tails: StagedTails; order: number[]; next: number; upTo: number } | undefined;
  /** Newest staging row, and the newest whose samples the rollup tables already hold. */
  private lastStagingId = 0;

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
    this.insertStaging = this.db.prepare('INSERT INTO staging (data) VALUES (?)');
    this.setMeta = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.insertSeries = this.db.prepare(
      'INSERT OR IGNORE INTO series (id, key, measurement, tags, field, type) VALUES (?,?,?,?,?,?)');
    this.mergeRollup = ROLLUPS.map((r) => this.db.prepare(`
      INSERT INTO ${r.table} (sid, t, n, sum, min, max, last, last_t) VALUES (?,?,?,?,?,?,?,?)
      ON CONFLICT (sid, t) DO UPDATE SET
        n = n + excluded.n, sum = sum + excluded.sum,
        min = min(min, excluded.min), max = max(max, excluded.max),
        last = CASE WHEN excluded.last_t >= last_t THEN excluded.last ELSE last END,
        last_t = max(last_t, excluded.last_t)`));
    this.recover();
  }

  /** Read back what was staged but not compacted before the last stop. */
  private recover(): void {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'rollup_staging_id'").get() as { value: number } | undefined;
    const rolledUp = row?.value ?? 0;
    for (const r of this.db.prepare('SELECT id, data FROM staging ORDER BY id').iterate() as IterableIterator<{ id: number; data: Buffer }>) {
      const { sid, t, v } = unpackStaged(r.data);
      for (let k = 0; k < sid.length; k++) {
        this.tails.add(sid[k], t[k], v[k]);
        if (r.id > rolledUp) for (const acc of this.accumulators) acc.add(sid[k], t[k], v[k]);
      }
      this.lastStagingId = r.id;
    }
  }

  /** Samples staged and not yet compacted. */
  get staged(): number {
    return this.tails.samples + (this.compacting?.tails.samples ?? 0);
  }

  series(): SeriesDef[] {
    const rows = this.db.prepare('SELECT id, key, measurement, tags, field, type FROM series ORDER BY id').all() as
      { id: number; key: string; measurement: string; tags: string; field: string; type: SeriesDef['type'] }[];
    return rows.map((r) => ({ ...r, tags: JSON.parse(r.tags) as Record<string, string> }));
  }

  write(batch: WriteBatch): void {
    const { sid, t, v } = batch.samples;
    const text = batch.text;
    this.db.transaction(() => {
      for (const s of batch.newSeries) {
        const info = this.insertSeries.run(s.id, s.key, s.measurement, JSON.stringify(s.tags), s.field, s.type);
        if (info.changes === 0) this.checkSameSeries(s);
      }
      if (sid.length > 0) this.lastStagingId = Number(this.insertStaging.run(packStaged(sid, t, v)).lastInsertRowid);
      for (let k = 0; k < text.sid.length; k++) this.insertText.run(text.sid[k], text.t[k], text.s[k]);
    })();
    // Only what committed goes into memory.
    for (let k = 0; k < sid.length; k++) this.tails.add(sid[k], t[k], v[k]);
    for (const acc of this.accumulators) for (let k = 0; k < sid.length; k++) acc.add(sid[k], t[k], v[k]);
  }

  /** Move everything staged into `samples` now (on close, and in tests). */
  compact(): number {
    let moved = 0;
    while (this.compacting || this.tails.samples > 0) {
      if (!this.compacting) { moved += this.tails.samples; this.beginCompaction(); }
      while (!this.compactSlice(Infinity));
    }
    return moved;
  }

  /**
   * Start moving what is staged now into `samples`; `compactSlice` does the work a slice at a
   * time, so writes queued meanwhile are not held up behind one long transaction.
   */
  beginCompaction(): boolean {
    if (this.compacting || this.tails.samples === 0) return false;
    const old = this.tails;
    this.tails = new StagedTails();
    this.compacting = { tails: old, order: [...old.keys()].sort((a, b) => a - b), next: 0, upTo: this.lastStagingId };
    return true;
  }

  /** Move series until about `maxSamples` samples went; true when the compaction is complete. */
  compactSlice(maxSamples: number): boolean {
    const c = this.compacting;
    if (!c) return true;
    this.db.transaction(() => {
      const params = new Array<number>(CHUNK * 3);
      let k = 0;
      let moved = 0;
      while (c.next < c.order.length && moved < maxSamples) {
        const sid = c.order[c.next++];
        const tail = c.tails.get(sid)!;
        const { t, v } = tail.range(-Infinity, Infinity);
        for (let i = 0; i < t.length; i++) {
          params[k * 3] = sid; params[k * 3 + 1] = t[i]; params[k * 3 + 2] = v[i];
          if (++k === CHUNK) { this.insertChunk.run(params); k = 0; }
        }
        moved += t.length;
        c.tails.delete(sid);
      }
      for (let i = 0; i < k; i++) this.insertOne.run(params[i * 3], params[i * 3 + 1], params[i * 3 + 2]);
      if (c.next >= c.order.length) {
        this.db.prepare('DELETE FROM staging WHERE id <= ?').run(c.upTo);
        this.mergeRollups();
      }
    })();
    if (c.next < c.order.length) return false;
    this.compacting = undefined;
    return true;
  }

  /** Merge rollup deltas gathered since the last call; called on a timer and before queries. */
  flushRollups(): number {
    let merged = 0;
    this.db.transaction(() => { merged = this.mergeRollups(); })();
    return merged;
  }

  private mergeRollups(): number {
    let merged = 0;
    this.accumulators.forEach((acc, i) => {
      const stmt = this.mergeRollup[i];
      for (const d of acc.drain()) { stmt.run(d.sid, d.t, d.n, d.sum, d.min, d.max, d.last, d.lastT); merged++; }
    });
    // Recovery replays into the rollups only what they do not hold yet.
    this.setMeta.run('rollup_staging_id', this.lastStagingId);
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
    const { t, v } = this.rawSamples(sid, q.from, q.to);
    if (q.windowMs <= 0) return t.map((b, i) => ({ b, v: v[i] }));
    const w = q.windowMs;
    const out: { b: number; v: number }[] = [];
    let n = 0;
    for (let i = 0; i < t.length; i++) {
      const b = t[i] - (((t[i] % w) + w) % w);
      const x = v[i];
      const cur = out[out.length - 1];
      if (!cur || cur.b !== b) { out.push({ b, v: x }); n = 1; continue; }
      n++;
      switch (q.agg) {
        case 'mean': cur.v += (x - cur.v) / n; break;
        case 'min': if (x < cur.v) cur.v = x; break;
        case 'max': if (x > cur.v) cur.v = x; break;
        case 'sum': cur.v += x; break;
        case 'last': cur.v = x; break;
      }
    }
    return out;
  }

  /** Compacted and staged samples of a series in [from, to), time order, staged ones winning ties. */
  private rawSamples(sid: number, from: number, to: number): { t: number[]; v: number[] } {
    const rows = this.db.prepare('SELECT t, v FROM samples WHERE sid = ? AND t >= ? AND t < ? ORDER BY t')
      .raw().all(sid, from, to) as [number, number][];
    const stored = { t: rows.map((r) => r[0]), v: rows.map((r) => r[1]) };
    const empty = { t: [], v: [] };
    const moving = this.compacting?.tails.get(sid)?.range(from, to) ?? empty;
    const staged = this.tails.get(sid)?.range(from, to) ?? empty;
    return mergeRuns(mergeRuns(stored, moving), staged);
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
      let best: LatestValue | undefined = row ? { id: s.id, t: row.t, v: row.v } : undefined;
      if (s.type !== 'string') {
        // Older first: a staged sample wins over a stored one of the same time.
        for (const tail of [this.compacting?.tails.get(s.id), this.tails.get(s.id)]) {
          const k = tail ? tail.newest() : -1;
          if (tail && k >= 0 && (!best || tail.t[k] >= best.t)) best = { id: s.id, t: tail.t[k], v: tail.v[k] };
        }
      }
      if (best) out.push(best);
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
    this.compact();
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

