/**
 * The embedded time-series store (zero setup): an SQLite file in WAL mode, with 1-minute and
 * 1-hour rollups and retention. All database work runs in a worker thread.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../runtime/ts-worker.ts';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  LatestValue, RangeQuery, RangeResult, RetentionConfig, SeriesDef, TimeSeriesStore, WriteBatch,
} from '../types.ts';
import { DEFAULT_RETENTION } from '../types.ts';

export interface SqliteStoreOptions {
  /** Database file; ':memory:' for tests. */
  path: string;
  retention?: RetentionConfig;
  /** How often staged samples are compacted into the samples table (and rollups merged), ms. Default 15,000. */
  compactEveryMs?: number;
  /** Compact as soon as this many samples are staged. Default 1,000,000 (about 20 MB of worker memory). */
  compactAtSamples?: number;
  /** How often retention deletes old rows, ms. Default 1 hour. */
  retentionEveryMs?: number;
}

export class SqliteStore implements TimeSeriesStore {
  readonly kind = 'sqlite' as const;
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly opts: SqliteStoreOptions) {}

  async open(): Promise<SeriesDef[]> {
    if (this.opts.path !== ':memory:') mkdirSync(dirname(this.opts.path), { recursive: true });
    this.worker = startTsWorker(new URL('./sqlite-worker.ts', import.meta.url), {
      workerData: {
        path: this.opts.path,
        retention: this.opts.retention ?? DEFAULT_RETENTION,
        compactEveryMs: this.opts.compactEveryMs ?? 15_000,
        compactAtSamples: this.opts.compactAtSamples ?? 1_000_000,
        retentionEveryMs: this.opts.retentionEveryMs ?? 3_600_000,
      },
    });
    this.worker.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    this.worker.on('error', (e) => this.failAll(new Error(`sqlite: worker failed: ${e.message}`, { cause: e })));
    this.worker.on('exit', (code) => this.failAll(new Error(`sqlite: worker exited with code ${code}`)));
    return (await this.call({ op: 'open' })) as SeriesDef[];
  }

  async write(batch: WriteBatch): Promise<void> {
    // Transfer the columns: the caller hands the batch over and does not touch it again.
    const { sid, t, v } = batch.samples;
    await this.call({ op: 'write', batch }, [sid.buffer, t.buffer, v.buffer] as ArrayBuffer[]);
  }

  async query(query: RangeQuery): Promise<RangeResult> {
    return (await this.call({ op: 'query', query })) as RangeResult;
  }

  async latest(series: SeriesDef[]): Promise<LatestValue[]> {
    return (await this.call({ op: 'latest', series })) as LatestValue[];
  }

  async ping(): Promise<void> {
    if (!this.worker) throw new Error('sqlite: store is not open');
  }

  async close(): Promise<void> {
    if (!this.worker) return;
    await this.call({ op: 'close' });
    await this.worker.terminate();
    this.worker = undefined;
  }

  private call(req: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const w = this.worker;
    if (!w) return Promise.reject(new Error('sqlite: store is not open'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...req, id }, transfer);
    });
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
