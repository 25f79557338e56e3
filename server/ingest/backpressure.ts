/**
 * Backpressure for `POST /write`: past a bound on the points accepted but not yet in the store (or
 * the spool), a body is answered 503 with `Retry-After` instead of joining a queue that makes every
 * answer slower. Telegraf and most gateways retry on 503, so nothing of a 503'd body is kept.
 */
import type { StoreWriter } from './store-writer.ts';

export interface BackpressureOptions {
  /** Backlog bound, points (WRITE_BACKLOG_MAX_POINTS, default 1,000,000). */
  maxBacklogPoints: number;
  /** What `Retry-After` says, s (WRITE_RETRY_AFTER_S, default 2). */
  retryAfterS: number;
}

export interface BackpressureState {
  /** `/write` answers 503 now. */
  active: boolean;
  /** Points accepted and not yet in the store or the spool. */
  backlogPoints: number;
  maxBacklogPoints: number;
  retryAfterS: number;
  /** Since when it is active, epoch ms. */
  since?: number;
  /** Bodies answered 503 (backlog or a full spool) since the server started. */
  refusedBodies: number;
}

export class Backpressure {
  private since: number | undefined;
  private refusedBodies = 0;

  constructor(private readonly writer: Pick<StoreWriter, 'backlogPoints'>, readonly opts: BackpressureOptions) {}

  /** Why a body must be refused now, or undefined when the writer can take it. */
  check(now = Date.now()): string | undefined {
    const backlog = this.writer.backlogPoints;
    if (backlog < this.opts.maxBacklogPoints) { this.since = undefined; return undefined; }
    this.since ??= now;
    return `ingest: the server is behind: ${backlog} points wait for the store, over the bound of ${this.opts.maxBacklogPoints} (WRITE_BACKLOG_MAX_POINTS); nothing of this body was kept, send it again in ${this.opts.retryAfterS} s`;
  }

  /** A body was answered 503 (by `check` or because the spool was full). */
  refused(): void {
    this.refusedBodies++;
  }

  get state(): BackpressureState {
    const backlogPoints = this.writer.backlogPoints;
    const active = backlogPoints >= this.opts.maxBacklogPoints;
    if (!active) this.since = undefined;
    return { active, backlogPoints, maxBacklogPoints: this.opts.maxBacklogPoints, retryAfterS: this.opts.retryAfterS, since: active ? this.since : undefined, refusedBodies: this.refusedBodies };
  }
}
