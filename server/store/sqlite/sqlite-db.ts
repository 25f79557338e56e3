/**
 * The embedded store's database, synchronous (better-sqlite3). It runs inside a worker thread
 * (sqlite-worker.ts) so inserts, rollups and month-long queries never stall live traffic.
 *
 * A write commits one packed row to `staging` (sequential, cheap however many series it spans)
 * and keeps the samples in memory per series; `compact()` later writes each series' run into
 * `samples` in one go. Queries merge `samples` with the staged samples. After a crash the
 * staging rows are read back, so an acknowledged write is never lost.
 *
 * Nothing the database cannot keep gets in: a batch with a non-finite value, a sample of a series
 * never announced, or of the wrong kind is refused whole (StoreRefusedError) before it is staged.
 * Rows that still fail on their way to `samples` (or staged rows found bad on recovery) are taken
 * out and handed to `onRefused` instead of failing every compaction, and every start, after them.
 */
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { LatestValue, RangeQuery, RangeResult, RetentionConfig, SampleRecord, SeriesDef, WriteBatch } from '../types.ts';
import { StoreRefusedError } from '../types.ts';
import { ROLLUPS, SCHEMA } from './schema.ts';
import { RollupAccumulator } from './rollup-accumulator.ts';
import { StagedTails, packStaged, unpackStaged } from './staged-tails.ts';
import { SqliteReads } from './sqlite-reads.ts';
import { batchProblem } from './batch-check.ts';
import { SeriesTable } from './series-table.ts';
import { isStorageFailure } from './sqlite-errors.ts';
import { asDamaged, quickCheck, walDamage } from './integrity.ts';
import { RetentionRun } from './retention.ts';

/** Rows per multi-row INSERT: one statement per 256 samples is several times faster than one per sample. */
const CHUNK = 256;

export interface SqliteDbOptions {
  /** Run `PRAGMA quick_check` when opening (the first open of a process; a restarted worker skips it). */
  check?: boolean;
  /** Receives rows taken out because they cannot be stored; without it they are dropped with a warning. */
  onRefused?: (rows: SampleRecord, reason: string) => void;
}

export class SqliteDb {
  private readonly db: Db;
  private readonly insertChunk: Statement;
  private readonly insertOne: Statement;
  private readonly insertText: Statement;
  private readonly mergeRollup: Statement[];
  private readonly accumulators = ROLLUPS.map((r) => new RollupAccumulator(r.bucketMs));
  private readonly insertStaging: Statement;
  private readonly setMeta: Statement;
  private tails = new StagedTails();
  /** A compaction in progress: staged samples being moved to `samples` a slice at a time. */
  private compacting: { tails: StagedTails; order: number[]; next: number; upTo: number } | undefined;
  /**
   * Newest staging row id. Ids are given here, not by SQLite: SQLite restarts at 1 once a
   * compaction empties the table, and recovery compares ids with `rollup_staging_id`.
   */
  private lastStagingId = 0;
  /** Staging rows up to this id are compacted (deleted). */
  private compactedUpTo = 0;
  private readonly seriesTable: SeriesTable;
  /** Queries merge what is compacted with what is staged (both runs: being compacted, and new). */
  private readonly reads: SqliteReads;
  /** What was found wrong before opening (a write-ahead log cut short), for the log. */
  readonly warnings: string[] = [];

  constructor(private readonly path: string, private readonly retention: RetentionConfig, private readonly opts: SqliteDbOptions = {}) {
    const wal = walDamage('sqlite', path);
    if (wal) this.warnings.push(wal);
    let db: Db | undefined;
    try {
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      // FULL: a write acknowledged to a client survives a power cut, not only a process crash.
      db.pragma('synchronous = FULL');
      db.pragma('cache_size = -65536');
      if (opts.check) quickCheck(db, 'sqlite', path);
      db.exec(SCHEMA);
    } catch (e) {
      db?.close();
      throw asDamaged(e, 'sqlite', path);
    }
    this.db = db;
    this.reads = new SqliteReads(db, (sid) => [this.compacting?.tails.get(sid), this.tails.get(sid)]);
    const rows = Array.from({ length: CHUNK }, () => '(?,?,?)').join(',');
    this.insertChunk = this.db.prepare(`INSERT OR REPLACE INTO samples (sid, t, v) VALUES ${rows}`);
    this.insertOne = this.db.prepare('INSERT OR REPLACE INTO samples (sid, t, v) VALUES (?,?,?)');
    this.insertText = this.db.prepare('INSERT OR REPLACE INTO samples_text (sid, t, s) VALUES (?,?,?)');
    this.insertStaging = this.db.prepare('INSERT INTO staging (id, data) VALUES (?, ?)');
    this.setMeta = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.mergeRollup = ROLLUPS.map((r) => this.db.prepare(`
      INSERT INTO ${r.table} (sid, t, n, sum, min, max, last, last_t) VALUES (?,?,?,?,?,?,?,?)
      ON CONFLICT (sid, t) DO UPDATE SET
        n = n + excluded.n, sum = sum + excluded.sum,
        min = min(min, excluded.min), max = max(max, excluded.max),
        last = CASE WHEN excluded.last_t >= last_t THEN excluded.last ELSE last END,
        last_t = max(last_t, excluded.last_t)`));
    try {
      this.seriesTable = new SeriesTable(this.db);
      this.recover();
    } catch (e) {
      this.db.close();
      throw asDamaged(e, 'sqlite', path);
    }
  }

  /** Read back what was staged but not compacted before the last stop; staged rows found bad are taken out. */
  private recover(): void {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'rollup_staging_id'").get() as { value: number } | undefined;
    const rolledUp = row?.value ?? 0;
    this.lastStagingId = rolledUp;
    let first: number | undefined;
    for (const r of this.db.prepare('SELECT id, data FROM staging ORDER BY id').iterate() as IterableIterator<{ id: number; data: Buffer }>) {
      first ??= r.id;
      const { sid, t, v } = unpackStaged(r.data);
      let bad: number[] | undefined;
      let example = '';
      for (let k = 0; k < sid.length; k++) {
        const problem = this.seriesTable.kinds.numberProblem(sid[k], t[k], v[k]);
        if (problem !== undefined) {
          if (!bad) { bad = []; example = `${this.seriesTable.describe(sid[k])} ${problem}`; }
          bad.push(k);
          continue;
        }
        this.tails.add(sid[k], t[k], v[k]);
        if (r.id > rolledUp) for (const acc of this.accumulators) acc.add(sid[k], t[k], v[k]);
      }
      if (bad) {
        this.refuse(this.seriesTable.recordOf(bad.map((k) => sid[k]), bad.map((k) => t[k]), bad.map((k) => v[k])),
          `sqlite: ${bad.length} of ${sid.length} samples staged in ${this.path} (staging row ${r.id}) cannot be stored: ${example}`);
      }
      this.lastStagingId = Math.max(this.lastStagingId, r.id);
    }
    // Bad rows alone still need a compaction to delete their staging rows.
    this.compactedUpTo = first !== undefined ? first - 1 : this.lastStagingId;
  }

  /** Samples staged and not yet compacted. */
  get staged(): number {
    return this.tails.samples + (this.compacting?.tails.samples ?? 0);
  }

  series(): SeriesDef[] {
    return this.seriesTable.all();
  }

  /**
   * Stage a batch, or refuse it whole (StoreRefusedError, nothing staged) if any sample cannot be
   * stored. The series it announces are recorded either way: the writer does not announce them
   * again, and a later batch of good samples of theirs must not be refused as unknown.
   */
  write(batch: WriteBatch): void {
    const { sid, t, v } = batch.samples;
    const text = batch.text;
    const table = this.seriesTable;
    const { fresh, conflict } = table.sort(batch.newSeries);
    const describe = (id: number) => table.describe(id);
    if (conflict !== undefined || batchProblem(batch, table.kinds, describe) !== undefined) {
      if (fresh.length) {
        this.db.transaction(() => table.record(fresh))();
        table.remember(fresh);
      }
      // Checked again now that the new series have names to give.
      throw new StoreRefusedError(`sqlite: refused a batch: ${conflict ?? batchProblem(batch, table.kinds, describe)}`);
    }
    let stagingId = 0;
    this.db.transaction(() => {
      table.record(fresh);
      if (sid.length > 0) this.insertStaging.run((stagingId = this.lastStagingId + 1), packStaged(sid, t, v));
      for (let k = 0; k < text.sid.length; k++) this.insertText.run(text.sid[k], text.t[k], text.s[k]);
    })();
    // Only what committed goes into memory.
    if (stagingId) this.lastStagingId = stagingId;
    table.remember(fresh);
    for (let k = 0; k < sid.length; k++) this.tails.add(sid[k], t[k], v[k]);
    for (const acc of this.accumulators) for (let k = 0; k < sid.length; k++) acc.add(sid[k], t[k], v[k]);
  }

  private refuse(rows: SampleRecord, reason: string): void {
    if (this.opts.onRefused) this.opts.onRefused(rows, reason);
    else console.warn(`${reason}; ${rows.sid.length} samples dropped`);
  }

  /** Move everything staged into `samples` now (on close, and in tests). */
  compact(): number {
    let moved = 0;
    while (this.compacting || this.beginCompaction()) {
      moved += this.compacting!.tails.samples;
      while (!this.compactSlice(Infinity));
    }
    return moved;
  }

  /**
   * Start moving what is staged now into `samples`; `compactSlice` does the work a slice at a
   * time, so writes queued meanwhile are not held up behind one long transaction.
   */
  beginCompaction(): boolean {
    if (this.compacting || (this.tails.samples === 0 && this.lastStagingId <= this.compactedUpTo)) return false;
    const old = this.tails;
    this.tails = new StagedTails();
    this.compacting = { tails: old, order: [...old.keys()].sort((a, b) => a - b), next: 0, upTo: this.lastStagingId };
    return true;
  }

  /** A compaction was begun and is not finished (a slice failed on storage, or slices are pending). */
  get compactionPending(): boolean {
    return this.compacting !== undefined;
  }

  /**
   * Move series until about `maxSamples` samples went; true when the compaction is complete.
   * A series whose run the table will not take is taken out (onRefused) and the others go on;
   * a storage failure (disk full, I/O) throws with nothing changed, to be tried again later.
   */
  compactSlice(maxSamples: number): boolean {
    const c = this.compacting;
    if (!c) return true;
    let end = c.next;
    for (let budget = 0; end < c.order.length && budget < maxSamples;) budget += c.tails.get(c.order[end++])!.n;
    const sids = c.order.slice(c.next, end);
    const finishing = end >= c.order.length;
    this.db.transaction(() => {
      try {
        // Nested: a savepoint, so a failure undoes this slice's rows and nothing else.
        this.db.transaction(() => this.moveRuns(c.tails, sids))();
      } catch (e) {
        if (isStorageFailure(e)) throw e;
        for (const sid of sids) {
          try {
            this.db.transaction(() => this.moveRuns(c.tails, [sid]))();
          } catch (e1) {
            if (isStorageFailure(e1)) throw e1;
            // Handed over before the commit deletes their staging rows: at worst kept twice, never lost.
            const { t, v } = c.tails.get(sid)!.range(-Infinity, Infinity);
            this.refuse(this.seriesTable.recordOf(new Array<number>(t.length).fill(sid), t, v),
              `sqlite: compaction could not move ${t.length} samples of ${this.seriesTable.describe(sid)} into samples: ${(e1 as Error).message}`);
          }
        }
      }
      if (finishing) {
        this.db.prepare('DELETE FROM staging WHERE id <= ?').run(c.upTo);
        this.mergeRollups();
      }
    })();
    for (const sid of sids) c.tails.delete(sid);
    c.next = end;
    if (!finishing) return false;
    this.compactedUpTo = Math.max(this.compactedUpTo, c.upTo);
    this.compacting = undefined;
    return true;
  }

  private moveRuns(tails: StagedTails, sids: number[]): void {
    const params = new Array<number>(CHUNK * 3);
    let k = 0;
    for (const sid of sids) {
      const { t, v } = tails.get(sid)!.range(-Infinity, Infinity);
      for (let i = 0; i < t.length; i++) {
        params[k * 3] = sid; params[k * 3 + 1] = t[i]; params[k * 3 + 2] = v[i];
        if (++k === CHUNK) { this.insertChunk.run(params); k = 0; }
      }
    }
    for (let i = 0; i < k; i++) this.insertOne.run(params[i * 3], params[i * 3 + 1], params[i * 3 + 2]);
  }

  /** Merge rollup deltas gathered since the last call; called on a timer and before queries. */
  flushRollups(): number {
    let merged = 0;
    this.db.transaction(() => { merged = this.mergeRollups(); })();
    return merged;
  }

  private mergeRollups(): number {
    let merged = 0;
    let skipped = 0;
    let why = '';
    this.accumulators.forEach((acc, i) => {
      const stmt = this.mergeRollup[i];
      for (const d of acc.drain()) {
        try {
          stmt.run(d.sid, d.t, d.n, d.sum, d.min, d.max, d.last, d.lastT);
          merged++;
        } catch (e) {
          // A failed statement undoes only itself: one bad bucket must not fail every query after it.
          if (isStorageFailure(e)) throw e;
          skipped++;
          why ||= `${this.seriesTable.describe(d.sid)} bucket ${new Date(d.t).toISOString()}: ${(e as Error).message}`;
        }
      }
    });
    if (skipped) console.warn(`sqlite: ${skipped} rollup buckets could not be merged and were left out (${why})`);
    // Recovery replays into the rollups only what they do not hold yet.
    this.setMeta.run('rollup_staging_id', this.lastStagingId);
    return merged;
  }

  query(q: RangeQuery): RangeResult {
    this.flushRollups();
    return this.reads.query(q);
  }

  latest(series: SeriesDef[]): LatestValue[] {
    return this.reads.latest(series);
  }

  /** Start deleting what is older than each resolution's retention; run it with `RetentionRun.slice`. */
  retentionRun(now: number): RetentionRun {
    return new RetentionRun(this.db, this.retention, now);
  }

  /** Delete everything past retention now (tests). */
  applyRetention(now: number): number {
    const run = this.retentionRun(now);
    while (!run.slice(Infinity));
    return run.deleted;
  }

  /**
   * Copy the write-ahead log into the database file. PASSIVE (on a timer) never waits for readers;
   * TRUNCATE (on close) also empties the log, so what a cut-short log can lose is bounded by the interval.
   */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): void {
    this.db.pragma(`wal_checkpoint(${mode})`);
  }

  close(): void {
    this.compact();
    this.flushRollups();
    this.checkpoint('TRUNCATE');
    this.db.close();
  }
}
