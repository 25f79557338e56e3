/**
 * Batches accepted samples by size and time, writes them to the store one batch at a time, and
 * resolves each submitter only once the store (or, while the store is unreachable, the disk spool)
 * holds its samples. While the spool holds anything, new batches join it so order is kept; a
 * recovery loop pings the store and writes the spool through when it answers again.
 *
 * A batch the store refuses (StoreRefusedError: bad values, a name it cannot store) is not retried
 * and blocks nothing: each submitter's part is written on its own, the parts still refused go to
 * the quarantine and their submitters get the reason, the rest is stored. A spooled record the
 * store refuses is quarantined too, so one bad record cannot hold up the spool behind it.
 */
import { EventEmitter } from 'node:events';
import type { StoreHealth } from '../../streams/live-protocol.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import { StoreBusyError, StoreRefusedError, StoreUnavailableError, type SampleRecord, type SeriesDef, type TimeSeriesStore, type WriteBatch } from '../store/types.ts';
import type { Quarantine } from '../store/quarantine.ts';
import { recordPoints } from '../store/sample-record.ts';
import { SpoolDamagedError, type DiskSpool } from './disk-spool.ts';
import { SampleBatch } from './sample-batch.ts';

export interface StoreWriterOptions {
  /** Flush when this many samples are waiting. Default 20,000. */
  maxBatch?: number;
  /** Flush at the latest this long after the first waiting sample, ms. Default 25. */
  maxDelayMs?: number;
  /** Batches written concurrently. Default 1 for the embedded store (one writer thread), 4 for InfluxDB. */
  maxInFlight?: number;
  /** How often the store is pinged, ms, when healthy (to notice outages) and while recovering. Default 2000 / 500. */
  pingEveryMs?: number;
  retryEveryMs?: number;
  /** How long health stays 'degraded' after the store refused a batch, ms. Default 60,000. */
  refusalDegradesForMs?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
  /** Where this submitter's samples end in the batch (numeric, text): its part, if the batch is refused. */
  numEnd: number;
  textEnd: number;
}

export class StoreWriter extends EventEmitter<{ health: [StoreHealth] }> {
  private pending = new SampleBatch(4096);
  private waiters: Waiter[] = [];
  /**
   * Batches of about maxBatch samples waiting for a write slot, oldest first: under load the
   * store gets many bounded writes, never one that grows with the backlog (a write that keeps the
   * embedded store's worker busy for seconds reads as an outage and sends points to the spool).
   */
  private readonly sealed: { batch: SampleBatch; waiters: Waiter[] }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private immediate: NodeJS.Immediate | undefined;
  private readonly pinger: NodeJS.Timeout;
  private recovering = false;
  private reachable = true;
  private lastError: string | undefined;
  /** Why the store is slow to answer, while it is reachable but busy. */
  private busy: string | undefined;
  /** The last refusal (or unreadable spool file), as health says it. */
  private lastRefusal: { at: number; summary: string } | undefined;
  private lastEmitted = '';
  private closed = false;
  /** Samples submitted and not yet in the store or the spool (waiting, sealed or being written). */
  private backlog = 0;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly retryEveryMs: number;
  private readonly refusalDegradesForMs: number;

  constructor(
    private readonly store: TimeSeriesStore,
    private readonly catalog: SeriesCatalog,
    private readonly spool: DiskSpool,
    private readonly quarantine: Quarantine,
    opts: StoreWriterOptions = {},
  ) {
    super();
    this.maxBatch = opts.maxBatch ?? 20_000;
    this.maxDelayMs = opts.maxDelayMs ?? 25;
    this.retryEveryMs = opts.retryEveryMs ?? 500;
    this.refusalDegradesForMs = opts.refusalDegradesForMs ?? 60_000;
    this.maxInFlight = opts.maxInFlight ?? (store.kind === 'influxdb' ? 4 : 1);
    store.onRefused?.((rows, reason) => this.keepRefused(rows, reason));
    // The tick also re-evaluates health: a refusal ages out, a restarted worker shows.
    this.pinger = setInterval(() => { void this.checkStore(); this.emitHealth(); }, opts.pingEveryMs ?? 2000);
    if (!spool.isEmpty) void this.recover();
  }

  get health(): StoreHealth {
    const spooledPoints = this.spool.spooledPoints;
    const q = this.quarantine.stats;
    const refusal = this.lastRefusal && Date.now() - this.lastRefusal.at < this.refusalDegradesForMs ? this.lastRefusal : undefined;
    const reason = !this.reachable ? this.lastError ?? `${this.store.kind}: store unreachable`
      : spooledPoints > 0 ? `${spooledPoints} points wait in the spool for the store`
      : this.busy ? `${this.busy}; ${this.backlog} points wait in memory`
      : refusal ? refusal.summary
      : undefined;
    return {
      store: this.store.kind, status: reason ? 'degraded' : 'ok', reason, reachable: this.reachable, busy: this.busy, spooledPoints,
      lastError: this.lastError,
      quarantine: { records: q.records, points: q.points, lastReason: q.lastReason, lastAt: q.lastAt },
      restarts: this.store.restarts,
    };
  }

  /**
   * Samples accepted but not yet in the store or the spool: held in memory, waiting for a write
   * slot or being written. What `POST /write` compares with its backlog bound (backpressure).
   */
  get backlogPoints(): number {
    return this.backlog;
  }

  /** Resolves when the samples are in the store or durably spooled; rejects if neither could take them. */
  submit(samples: SampleBatch): Promise<void> {
    if (this.closed) return Promise.reject(new Error('ingest: server is shutting down'));
    if (samples.size === 0) return Promise.resolve();
    this.backlog += samples.size;
    this.pending.append(samples);
    const numEnd = this.pending.length;
    const textEnd = this.pending.text.sid.length;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject, numEnd, textEnd }));
    if (this.pending.size >= this.maxBatch) this.seal();
    // A free write slot: write at once (low latency when quiet). All slots busy: gather until one
    // frees, up to maxBatch samples or maxDelayMs.
    if (this.sealed.length > 0 || this.inFlight.size < this.maxInFlight) this.flushSoon(0);
    else this.flushSoon(this.maxDelayMs);
    return done;
  }

  /** Writes what is waiting as soon as a write slot is free; resolves when everything submitted so far is stored or spooled. */
  async flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.immediate) { clearImmediate(this.immediate); this.immediate = undefined; }
    if (this.pending.size > 0) this.seal();
    while (this.sealed.length > 0) {
      while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
      const next = this.sealed.shift();
      if (!next) break;
      const write = this.writeBatch(next.batch, next.waiters).finally(() => {
        this.backlog -= next.batch.size;
        this.inFlight.delete(write);
        if (this.pending.size > 0 || this.sealed.length > 0) this.flushSoon(0);
      });
      this.inFlight.add(write);
    }
    await Promise.all(this.inFlight);
  }

  /** The pending samples become a batch of their own, in line for a write slot. */
  private seal(): void {
    this.sealed.push({ batch: this.pending, waiters: this.waiters });
    this.pending = new SampleBatch(4096);
    this.waiters = [];
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    clearInterval(this.pinger);
    if (this.timer) clearTimeout(this.timer);
  }

  private flushSoon(delay: number): void {
    // setImmediate gathers the submits of the same event-loop turn into one batch.
    if (delay === 0) { this.immediate ??= setImmediate(() => { this.immediate = undefined; void this.flush(); }); return; }
    if (!this.timer) this.timer = setTimeout(() => { this.timer = undefined; void this.flush(); }, delay);
  }

  private async writeBatch(batch: SampleBatch, waiters: Waiter[]): Promise<void> {
    // The series this batch's samples need (and any older announcement still due), not those of the batches behind it.
    const newSeries = this.catalog.takeFresh(highestSid(batch));
    try {
      if (!this.spool.isEmpty || !this.reachable) {
        this.catalog.returnFresh(newSeries);
        await this.toSpool(this.recordOf(batch, 0, batch.length, 0, batch.text.sid.length));
      } else {
        try {
          await this.store.write({ newSeries, samples: batch.columns(), text: batch.text, lineProtocol: batch.lineProtocol });
        } catch (e) {
          if (!(e instanceof StoreUnavailableError)) {
            // The store answered and recorded the announcements; only unreachable stores need them again.
            await this.isolate(batch, waiters, newSeries, e);
            return;
          }
          this.catalog.returnFresh(newSeries);
          this.setReachable(false, e.message);
          await this.toSpool(this.recordOf(batch, 0, batch.length, 0, batch.text.sid.length));
          void this.recover();
        }
      }
      for (const w of waiters) w.resolve();
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      for (const w of waiters) w.reject(err);
    }
  }

  /**
   * The store refused a batch: write each submitter's part on its own (only on this path), so the
   * submitter whose samples are at fault gets the refusal and the others are stored as usual.
   */
  private async isolate(batch: SampleBatch, waiters: Waiter[], newSeries: SeriesDef[], refusal: unknown): Promise<void> {
    if (waiters.length === 1) {
      this.refuse(this.recordOf(batch, 0, batch.length, 0, batch.text.sid.length), refusal, waiters[0]);
      return;
    }
    let num = 0;
    let text = 0;
    for (const w of waiters) {
      const part = this.recordOf(batch, num, w.numEnd, text, w.textEnd);
      num = w.numEnd;
      text = w.textEnd;
      try {
        if (!this.spool.isEmpty || !this.reachable) await this.toSpool(part);
        else await this.store.write(writeBatchOf(part, newSeries));
        w.resolve();
      } catch (e) {
        if (!(e instanceof StoreUnavailableError)) { this.refuse(part, e, w); continue; }
        this.setReachable(false, e.message);
        void this.recover();
        try {
          await this.toSpool(part);
          w.resolve();
        } catch (e2) {
          w.reject(e2 instanceof Error ? e2 : new Error(String(e2)));
        }
      }
    }
  }

  /** Quarantine a refused part and tell its submitter why. */
  private refuse(rec: SampleRecord, cause: unknown, waiter: Waiter): void {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const kept = this.keepRefused(rec, reason);
    waiter.reject(new StoreRefusedError(`${reason} (${recordPoints(rec)} points refused; ${kept})`, { cause }));
  }

  /** Keep refused samples in the quarantine and show the refusal in health; says where they went. */
  private keepRefused(rec: SampleRecord, reason: string): string {
    let kept: string;
    try {
      this.quarantine.add(rec, reason);
      kept = 'kept in quarantine';
    } catch (e) {
      kept = `not kept: the quarantine in ${this.quarantine.dir} failed: ${(e as Error).message}`;
    }
    console.warn(`store: ${recordPoints(rec)} points refused (${kept}): ${reason}`);
    const at = Date.now();
    this.lastRefusal = { at, summary: `the store refused a batch at ${new Date(at).toISOString()}: ${reason}` };
    this.emitHealth();
    return kept;
  }

  /** Samples `[numFrom, numTo)` and text `[textFrom, textTo)` of a batch with their series, as a record. */
  private recordOf(batch: SampleBatch, numFrom: number, numTo: number, textFrom: number, textTo: number): SampleRecord {
    const sid = batch.sid.slice(numFrom, numTo);
    const text = { sid: batch.text.sid.slice(textFrom, textTo), t: batch.text.t.slice(textFrom, textTo), s: batch.text.s.slice(textFrom, textTo) };
    const ids = new Set<number>(sid);
    for (const id of text.sid) ids.add(id);
    const series = [...ids].map((id) => this.catalog.get(id)).filter((d): d is SeriesDef => d !== undefined);
    return { series, sid, t: batch.t.slice(numFrom, numTo), v: batch.v.slice(numFrom, numTo), text };
  }

  private async toSpool(rec: SampleRecord): Promise<void> {
    await this.spool.append(rec);
    this.emitHealth();
  }

  /** Retry until the store answers, then write the spool through, oldest first. */
  private async recover(): Promise<void> {
    if (this.recovering) return;
    this.recovering = true;
    try {
      while (!this.closed) {
        try {
          await this.store.ping();
          const rec = await this.peekSpool();
          if (rec === 'damaged') continue;
          if (!rec) { this.setReachable(true); return; }
          try {
            await this.store.write(this.remap(rec));
          } catch (e) {
            if (e instanceof StoreUnavailableError) throw e;
            // Acknowledged, but the store will never take it: retrying would hold up the spool behind it.
            this.keepRefused(rec, e instanceof Error ? e.message : String(e));
          }
          await this.spool.shift();
          this.emitHealth();
        } catch (e) {
          if (!(e instanceof StoreBusyError)) this.setReachable(false, e instanceof Error ? e.message : String(e));
          await new Promise((r) => setTimeout(r, this.retryEveryMs));
        }
      }
    } finally {
      this.recovering = false;
    }
  }

  /** The oldest spooled record; one that cannot be read back is set aside so the rest can drain. */
  private async peekSpool(): Promise<SampleRecord | undefined | 'damaged'> {
    try {
      return await this.spool.peek();
    } catch (e) {
      if (!(e instanceof SpoolDamagedError)) throw e;
      const where = await this.spool.setAsideOldest();
      console.warn(`${e.message}; set aside as ${where}`);
      const at = Date.now();
      this.lastRefusal = { at, summary: `a spool file could not be read back at ${new Date(at).toISOString()}: ${e.message}; set aside as ${where}` };
      this.emitHealth();
      return 'damaged';
    }
  }

  /** Spooled records name series by key; map them to this process's ids. */
  private remap(rec: SampleRecord): WriteBatch {
    const map = new Map<number, number>();
    const defs: SeriesDef[] = [];
    for (const d of rec.series) {
      const id = this.catalog.resolve({ measurement: d.measurement, tags: d.tags, key: d.key }, d.field, d.type);
      map.set(d.id, id);
      defs.push({ ...d, id });
    }
    // Copies: the store takes the columns over, and a refused record is quarantined as it was read.
    const sid = rec.sid.map((s) => map.get(s)!);
    // A record spooled before a restart is news to this catalog (later values win, as at ingest).
    for (let i = 0; i < sid.length; i++) this.catalog.setLatest(sid[i], rec.t[i], rec.v[i]);
    rec.text.sid.forEach((s, i) => this.catalog.setLatestText(map.get(s)!, rec.text.t[i], rec.text.s[i]));
    // Stores accept series they already hold, so every series of the record is announced again.
    return {
      newSeries: defs,
      samples: { sid, t: rec.t.slice(), v: rec.v.slice() },
      text: { ...rec.text, sid: rec.text.sid.map((s) => map.get(s)!) },
    };
  }

  private async checkStore(): Promise<void> {
    if (this.recovering || this.closed) return;
    try {
      await this.store.ping();
      this.busy = undefined;
      if (!this.reachable) void this.recover();
    } catch (e) {
      // Busy is not an outage: the batches wait in memory, bounded by /write's backpressure.
      if (e instanceof StoreBusyError) { this.busy = e.message; return; }
      this.busy = undefined;
      this.setReachable(false, e instanceof Error ? e.message : String(e));
      void this.recover();
    }
  }

  private setReachable(reachable: boolean, error?: string): void {
    this.reachable = reachable;
    if (!reachable) this.lastError = error;
    this.emitHealth();
  }

  /** Emit `health` when anything in it changed. */
  private emitHealth(): void {
    const h = this.health;
    const key = JSON.stringify(h);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.emit('health', h);
  }
}

/** A record as a write batch (copied columns: the store may take them over). */
function writeBatchOf(rec: SampleRecord, newSeries: SeriesDef[]): WriteBatch {
  return { newSeries, samples: { sid: rec.sid.slice(), t: rec.t.slice(), v: rec.v.slice() }, text: rec.text };
}

function highestSid(batch: SampleBatch): number {
  let max = 0;
  for (let i = 0; i < batch.length; i++) if (batch.sid[i] > max) max = batch.sid[i];
  for (const sid of batch.text.sid) if (sid > max) max = sid;
  return max;
}
