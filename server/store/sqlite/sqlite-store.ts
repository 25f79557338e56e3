/**
 * The embedded time-series store (zero setup): an SQLite file in WAL mode, with 1-minute and
 * 1-hour rollups and retention. All database work runs in a worker thread, supervised
 * (worker-supervisor.ts): a worker that dies or hangs is replaced within seconds, and what it had
 * not answered is failed as StoreUnavailableError so the writer spools it.
 */
import { startTsWorker } from '../../runtime/ts-worker.ts';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  LatestValue, RangeQuery, RangeResult, RetentionConfig, SampleRecord, SeriesDef, TimeSeriesStore, WriteBatch,
} from '../types.ts';
import { DEFAULT_RETENTION } from '../types.ts';
import { DEFAULT_BOUNDS, WorkerSupervisor, type SupervisorBounds } from './worker-supervisor.ts';
import type { RefusedEvent, WorkerConfig } from './worker-protocol.ts';

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
  /** How often the write-ahead log is checkpointed into the database file, ms. Default 30,000. */
  checkpointEveryMs?: number;
  /** Heartbeat, hang and restart bounds of the worker (see SupervisorBounds for the defaults). */
  supervision?: Partial<SupervisorBounds>;
  /**
   * Tests only: accept `testHang()`. Also on with the environment variable TWIN_TEST_HOOKS=1, where
   * TWIN_TEST_HANG_STORE_AFTER_MS=n hangs the worker for good n ms after the store opens.
   */
  testHooks?: boolean;
}

/** Queued rows from the worker before anyone listens (crash recovery runs during open). */
const MAX_QUEUED_REFUSALS = 100;

export class SqliteStore implements TimeSeriesStore {
  readonly kind = 'sqlite' as const;
  private readonly supervisor: WorkerSupervisor;
  private readonly testHooks: boolean;
  private refusedListener: ((rows: SampleRecord, reason: string) => void) | undefined;
  private readonly queuedRefusals: RefusedEvent[] = [];

  constructor(private readonly opts: SqliteStoreOptions) {
    this.testHooks = opts.testHooks ?? process.env.TWIN_TEST_HOOKS === '1';
    const config: WorkerConfig = {
      path: opts.path,
      retention: opts.retention ?? DEFAULT_RETENTION,
      compactEveryMs: opts.compactEveryMs ?? 15_000,
      compactAtSamples: opts.compactAtSamples ?? 1_000_000,
      retentionEveryMs: opts.retentionEveryMs ?? 3_600_000,
      checkpointEveryMs: opts.checkpointEveryMs ?? 30_000,
      testHooks: this.testHooks,
    };
    this.supervisor = new WorkerSupervisor({
      start: () => startTsWorker(new URL('./sqlite-worker.ts', import.meta.url), { workerData: { ...config } }),
      onEvent: (m) => {
        if (m.event === 'warning') { console.warn(m.message); return; }
        if (this.refusedListener) this.refusedListener(m.rows, m.reason);
        else if (this.queuedRefusals.length < MAX_QUEUED_REFUSALS) this.queuedRefusals.push(m);
        else console.warn(`${m.reason}; ${m.rows.sid.length} samples dropped (nobody keeps a quarantine)`);
      },
    }, { ...DEFAULT_BOUNDS, ...opts.supervision });
  }

  async open(): Promise<SeriesDef[]> {
    if (this.opts.path !== ':memory:') mkdirSync(dirname(this.opts.path), { recursive: true });
    const series = (await this.supervisor.start(true)) as SeriesDef[];
    const hangAfter = Number(process.env.TWIN_TEST_HANG_STORE_AFTER_MS);
    if (this.testHooks && hangAfter > 0) setTimeout(() => void this.testHang(Infinity).catch(() => {}), hangAfter).unref();
    return series;
  }

  async write(batch: WriteBatch): Promise<void> {
    // Transfer the columns: the caller hands the batch over and does not touch it again.
    const { sid, t, v } = batch.samples;
    // The senders' line protocol is for stores that read it: not copied to the worker.
    const columns: WriteBatch = { newSeries: batch.newSeries, samples: batch.samples, text: batch.text };
    await this.supervisor.call({ op: 'write', batch: columns }, [sid.buffer, t.buffer, v.buffer] as ArrayBuffer[]);
  }

  async query(query: RangeQuery): Promise<RangeResult> {
    return (await this.supervisor.call({ op: 'query', query })) as RangeResult;
  }

  async latest(series: SeriesDef[]): Promise<LatestValue[]> {
    return (await this.supervisor.call({ op: 'latest', series })) as LatestValue[];
  }

  /** Rejects (StoreUnavailableError) while the worker is down, restarting, or silent for more than a few seconds. */
  async ping(): Promise<void> {
    this.supervisor.assertResponsive();
  }

  async close(): Promise<void> {
    await this.supervisor.close();
  }

  onRefused(listener: (rows: SampleRecord, reason: string) => void): void {
    this.refusedListener = listener;
    for (const m of this.queuedRefusals.splice(0)) listener(m.rows, m.reason);
  }

  /** Times the worker was restarted after dying or hanging. */
  get restarts(): number {
    return this.supervisor.restarts;
  }

  /** The current worker thread (tests terminate it to simulate a crash). */
  get worker() {
    return this.supervisor.thread;
  }

  /** Tests only: block the worker thread for `ms` (Infinity: for good), as a hung store would. */
  testHang(ms: number): Promise<unknown> {
    if (!this.testHooks) return Promise.reject(new Error('sqlite: testHang needs the testHooks option'));
    return this.supervisor.call({ op: 'test-hang', ms });
  }
}
