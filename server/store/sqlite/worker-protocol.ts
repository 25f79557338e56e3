/** Messages between the embedded store (main thread, sqlite-store.ts) and its worker (sqlite-worker.ts). */
import type { RangeQuery, RetentionConfig, SampleRecord, SeriesDef, WriteBatch } from '../types.ts';

export type Request =
  /** `check`: run PRAGMA quick_check (first open of a process; a restarted worker skips it). */
  | { id: number; op: 'open'; check: boolean }
  | { id: number; op: 'write'; batch: WriteBatch }
  | { id: number; op: 'query'; query: RangeQuery }
  | { id: number; op: 'latest'; series: SeriesDef[] }
  | { id: number; op: 'heartbeat' }
  | { id: number; op: 'close' }
  /** Tests only (workerData.testHooks): block the worker thread for `ms`, as a hung store would. */
  | { id: number; op: 'test-hang'; ms: number };

export type Op = Request['op'];

/** A request before the supervisor numbers it. */
type WithoutId<R> = R extends unknown ? Omit<R, 'id'> : never;
export type RequestBody = WithoutId<Request>;

/**
 * How a failed request failed: `refused` (this batch cannot be stored; do not retry it),
 * `unavailable` (the database cannot work now; spool and retry) or `failed` (anything else).
 */
export type FailureKind = 'refused' | 'unavailable' | 'failed';

export type Reply =
  | { id: number; ok: true; result?: unknown }
  | { id: number; ok: false; error: string; kind: FailureKind };

/** Sent by the worker on its own: rows it took out because they cannot be stored. */
export interface RefusedEvent { event: 'refused'; rows: SampleRecord; reason: string }

/** Sent once after `open`: what the worker found wrong before opening (a write-ahead log cut short). */
export interface WarningEvent { event: 'warning'; message: string }

export type WorkerMessage = Reply | RefusedEvent | WarningEvent;

export interface WorkerConfig {
  path: string;
  retention: RetentionConfig;
  compactEveryMs: number;
  compactAtSamples: number;
  retentionEveryMs: number;
  checkpointEveryMs: number;
  testHooks: boolean;
}
