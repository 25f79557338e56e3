/**
 * The time-series store: one interface, two implementations (embedded SQLite, InfluxDB) that pass
 * the same contract suite (test/store/store-contract.ts).
 *
 * The unit of storage is one field of one series ("field series"), identified by a numeric id that
 * the server's SeriesCatalog assigns. Samples travel as columns, never as an object per point.
 */
import type { FieldType } from '../../streams/families/index.ts';
import type { SampleColumns, SeriesDescriptor, TextSamples } from '../../streams/live-protocol.ts';

/** A field series as the catalog knows it. */
export interface SeriesDef extends SeriesDescriptor {
  /** Canonical line-protocol series key (`measurement,k=v,...`, tags sorted, escaped). */
  key: string;
  type: FieldType;
}

export interface WriteBatch {
  /** Field series first seen since the store last acknowledged a write (the store records them). */
  newSeries: SeriesDef[];
  /** Numeric, integer and boolean samples (booleans as 0/1); times in epoch ms. */
  samples: SampleColumns;
  /**
   * String samples; and for integer series, the exact decimal text of values beyond ±2^53 (int64),
   * whose float64 approximation is in `samples` too (for rollups, charts and alert rules).
   */
  text: TextSamples;
  /**
   * Stretches of the senders' own line protocol that hold exactly some of these samples, in
   * order: a store that reads line protocol may write those bytes as they came instead of the
   * samples they cover (see LineProtocolPart). Stores that keep columns ignore them.
   */
  lineProtocol?: LineProtocolPart[];
}

/**
 * A body (or a stretch of one) of `POST /write` whose every line was accepted as it came: it
 * holds exactly samples [num, numEnd) and text samples [text, textEnd) of its batch, so InfluxDB
 * stores from it what it would from those samples. Only bodies whose every line has a timestamp
 * in a precision of whole milliseconds or coarser, and whose names the store writes back exactly.
 */
export type WholeMsPrecision = 'ms' | 's' | 'm' | 'h';

export interface LineProtocolPart {
  body: string;
  /** The `precision` the body was read with. */
  precision: WholeMsPrecision;
  num: number;
  numEnd: number;
  text: number;
  textEnd: number;
}

export const AGGREGATES = ['mean', 'min', 'max', 'last', 'sum'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export interface RangeQuery {
  series: SeriesDef[];
  /** Inclusive start and exclusive end, epoch ms. */
  from: number;
  to: number;
  /** Bucket width in ms, aligned to the epoch; 0 returns raw samples. */
  windowMs: number;
  agg: Aggregate;
}

export interface SeriesResult {
  id: number;
  /** Bucket start (or sample time when raw), epoch ms, ascending. Empty buckets are omitted. */
  t: number[];
  v: number[];
  /** Raw integers beyond ±2^53 exactly: index into `v` → decimal text (`v` holds the float64). */
  exact?: Map<number, string>;
}

export interface RangeResult {
  series: SeriesResult[];
  /** Which resolution answered: 'raw', '1m' or '1h'. */
  source: 'raw' | '1m' | '1h';
}

export interface LatestValue {
  id: number;
  t: number;
  /** A number, or the text of a string field (or of an integer beyond ±2^53: exact decimal). */
  v: number | string;
}

export interface TimeSeriesStore {
  readonly kind: 'sqlite' | 'influxdb';
  /** Prepares the store (schema, retention, rollups) and returns the field series it already holds. */
  open(): Promise<SeriesDef[]>;
  /** Resolves once the samples are durable in the store; rejects with StoreUnavailableError if it cannot be reached. */
  write(batch: WriteBatch): Promise<void>;
  query(q: RangeQuery): Promise<RangeResult>;
  /** The newest sample of each series (text for string fields). */
  latest(series: SeriesDef[]): Promise<LatestValue[]>;
  /** Resolves if the store answers, rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Rows the store took out by itself because it cannot keep them (the embedded store's
   * compaction or crash recovery found them); the listener keeps them in quarantine.
   */
  onRefused?(listener: (rows: SampleRecord, reason: string) => void): void;
  /** How often the store's own machinery was restarted (the embedded store's worker thread). */
  readonly restarts?: number;
}

/**
 * Samples named by their series, self-contained (series by key and field, not only by id), as the
 * disk spool and the quarantine keep them.
 */
export interface SampleRecord {
  series: SeriesDef[];
  sid: Uint32Array;
  t: Float64Array;
  v: Float64Array;
  text: TextSamples;
}

/** The store cannot be reached: the write should be spooled and retried, not refused. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * The store is working but has not answered for a while (the embedded store's worker on a long
 * write). Health says so; writes keep waiting for it rather than going to the spool, which is for
 * outages: spooling a busy store's backlog costs more work than writing it and would never drain.
 */
export class StoreBusyError extends StoreUnavailableError {
  override name = 'StoreBusyError';
}

/**
 * The store answered but will not take this batch (bad values, a name it cannot store, a
 * conflict): retrying the same batch cannot help, so it is quarantined and its submitters told.
 */
export class StoreRefusedError extends Error {
  override name = 'StoreRefusedError';
}

/** Pick a raw or rolled-up resolution for a window, shared by both stores. */
export function resolutionFor(windowMs: number): 'raw' | '1m' | '1h' {
  if (windowMs >= 3_600_000 && windowMs % 3_600_000 === 0) return '1h';
  if (windowMs >= 60_000 && windowMs % 60_000 === 0) return '1m';
  return 'raw';
}

export interface RetentionConfig {
  /** How long raw samples are kept, ms. Default 7 days. */
  rawMs: number;
  /** 1-minute rollups, ms. Default 90 days. */
  minuteMs: number;
  /** 1-hour rollups, ms. Default 5 years. */
  hourMs: number;
}

export const DEFAULT_RETENTION: RetentionConfig = {
  rawMs: 7 * 86_400_000,
  minuteMs: 90 * 86_400_000,
  hourMs: 5 * 365 * 86_400_000,
};
