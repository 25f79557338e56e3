/**
 * Batches accepted samples by size and time, writes them to the store one batch at a time, and
 * resolves each submitter only once the store (or, while the store is unreachable, the disk spool)
 * holds its samples. While the spool holds anything, new batches join it so order is kept; a
 * recovery loop pings the store and writes the spool through when it answers again.
 */
import { EventEmitter } from 'node:events';
import type { StoreHealth } from '../../streams/live-protocol.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import { StoreUnavailableError, type SeriesDef, type TimeSeriesStore } from '../store/types.ts';
import type { DiskSpool, SpoolRecord } from './disk-spool.ts';
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
}

interface Waiter { resolve: () => void; reject: (e: Error) => void }

export class StoreWriter extends EventEmitter<{ health: [StoreHealth] }> {
  private pending = new SampleBatch(4096);
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private immediate: NodeJS.Immediate | undefined;
  private readonly pinger: NodeJS.Timeout;
  private recovering = false;
  private state: StoreHealth;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly retryEveryMs: number;

  constructor(
    private readonly store: TimeSeriesStore,
    private readonly catalog: SeriesCatalog,
    private readonly spool: DiskSpool,
    opts: StoreWriterOptions = {},
  ) {
    super();
    this.maxBatch = opts.maxBatch ?? 20_000;
    this.maxDelayMs = opts.maxDelayMs ?? 25;
    this.retryEveryMs = opts.retryEveryMs ?? 500;
    this.maxInFlight = opts.maxInFlight ?? (store.kind === 'influxdb' ? 4 : 1);
    this.state = { store: store.kind, reachable: true, spooledPoints: spool.spooledPoints };
    this.pinger = setInterval(() => void this.checkStore(), opts.pingEveryMs ?? 2000);
    if (!spool.isEmpty) void this.recover();
  }

  get health(): StoreHealth {
    return { ...this.state, spooledPoints: this.spool.spooledPoints };
  }

  /** Resolves when the samples are in the store or durably spooled; rejects if neither could take them. */
  submit(samples: SampleBatch): Promise<void> {
    if (this.closed) return Promise.reject(new Error('ingest: server is shutting down'));
    if (samples.size === 0) return Promise.resolve();
    this.pending.append(samples);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    // A free write slot: write at once (low latency when quiet). All slots busy: gather until one
    // frees, up to maxBatch samples or maxDelayMs (batches grow with load).
    if (this.pending.size >= this.maxBatch || this.inFlight.size < this.maxInFlight) this.flushSoon(0);
    else this.flushSoon(this.maxDelayMs);
    return done;
  }

  /** Writes what is waiting as soon as a write slot is free; resolves when everything submitted so far is stored or spooled. */
  async flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.immediate) { clearImmediate(this.immediate); this.immediate = undefined; }
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    if (this.pending.size > 0) {
      const batch = this.pending;
      const waiters = this.waiters;
      this.pending = new SampleBatch(4096);
      this.waiters = [];
      const write = this.writeBatch(batch, waiters).finally(() => {
        this.inFlight.delete(write);
        if (this.pending.size > 0) this.flushSoon(0);
      });
      this.inFlight.add(write);
    }
    await Promise.all(this.inFlight);
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
    const newSeries = this.catalog.takeFresh();
    try {
      if (!this.spool.isEmpty || !this.state.reachable) {
        this.catalog.returnFresh(newSeries);
        await this.toSpool(batch);
      } else {
        try {
          await this.store.write({ newSeries, samples: batch.columns(), text: batch.text });
        } catch (e) {
          this.catalog.returnFresh(newSeries);
          if (!(e instanceof StoreUnavailableError)) throw e;
          this.setReachable(false, e.message);
          await this.toSpool(batch);
          void this.recover();
        }
      }
      for (const w of waiters) w.resolve();
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      for (const w of waiters) w.reject(err);
    }
  }

  private async toSpool(batch: SampleBatch): Promise<void> {
    const ids = new Set<number>(batch.sid.subarray(0, batch.length));
    for (const id of batch.text.sid) ids.add(id);
    const series = [...ids].map((id) => this.catalog.get(id)!) as SeriesDef[];
    const cols = batch.columns();
    await this.spool.append({ series, sid: cols.sid, t: cols.t, v: cols.v, text: batch.text });
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
          const rec = await this.spool.peek();
          if (!rec) { this.setReachable(true); return; }
          await this.store.write(this.remap(rec));
          await this.spool.shift();
          this.emitHealth();
        } catch (e) {
          this.setReachable(false, e instanceof Error ? e.message : String(e));
          await new Promise((r) => setTimeout(r, this.retryEveryMs));
        }
      }
    } finally {
      this.recovering = false;
    }
  }

  /** Spooled records name series by key; map them to this process's ids. */
  private remap(rec: SpoolRecord) {
    const map = new Map<number, number>();
    const defs: SeriesDef[] = [];
    for (const d of rec.series) {
      const id = this.catalog.resolve({ measurement: d.measurement, tags: d.tags, key: d.key }, d.field, d.type);
      map.set(d.id, id);
      defs.push({ ...d, id });
    }
    const sid = rec.sid.map((s) => map.get(s)!);
    // Stores accept series they already hold, so every series of the record is announced again.
    return {
      newSeries: defs,
      samples: { sid, t: rec.t, v: rec.v },
      text: { ...rec.text, sid: rec.text.sid.map((s) => map.get(s)!) },
    };
  }

  private async checkStore(): Promise<void> {
    if (this.recovering || this.closed) return;
    try {
      await this.store.ping();
      if (!this.state.reachable) void this.recover();
    } catch (e) {
      this.setReachable(false, e instanceof Error ? e.message : String(e));
      void this.recover();
    }
  }

  private setReachable(reachable: boolean, error?: string): void {
    const changed = this.state.reachable !== reachable;
    this.state = { ...this.state, reachable, lastError: reachable ? this.state.lastError : error };
    if (changed) this.emitHealth();
  }

  private emitHealth(): void {
    this.emit('health', this.health);
  }
}
