/**
 * Keeps the embedded store's worker thread alive: every request is timed, a heartbeat goes out
 * every second, and a worker that exits, throws, or stays silent past a bound is terminated and
 * started again (with backoff). Requests it had not answered are rejected as StoreUnavailableError,
 * so the store writer spools them and writes them through once the new worker answers; a write
 * acknowledged by the old worker is in its staging table, which the new worker reads back.
 */
import type { Worker } from 'node:worker_threads';
import { StoreBusyError, StoreRefusedError, StoreUnavailableError } from '../types.ts';
import type { Op, Reply, RequestBody, WorkerMessage } from './worker-protocol.ts';

export interface SupervisorBounds {
  /** How often a heartbeat is sent, ms. Default 1000. */
  heartbeatEveryMs: number;
  /** Silent this long with a request waiting: `ping()` fails (health degrades), ms. Default 3000. */
  unresponsiveAfterMs: number;
  /** Silent this long on a write, heartbeat or latest: the worker is hung and restarted, ms. Default 10,000. */
  hangAfterMs: number;
  /** The same for a range query (a month of raw data takes a while), ms. Default 60,000. */
  queryHangAfterMs: number;
  /** The same for opening (quick_check reads the whole file), ms. Default 10 minutes. */
  openHangAfterMs: number;
  /** First restart delay, doubled per failed start up to `maxRestartDelayMs`. Defaults 250 and 10,000. */
  restartDelayMs: number;
  maxRestartDelayMs: number;
}

export const DEFAULT_BOUNDS: SupervisorBounds = {
  heartbeatEveryMs: 1000,
  unresponsiveAfterMs: 3000,
  hangAfterMs: 10_000,
  queryHangAfterMs: 60_000,
  openHangAfterMs: 600_000,
  restartDelayMs: 250,
  maxRestartDelayMs: 10_000,
};

/** A worker that ran this long without trouble resets the restart backoff, ms. */
const STABLE_AFTER_MS = 60_000;

interface Pending {
  op: Op;
  sentAt: number;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

type State = 'starting' | 'running' | 'down' | 'closed';

export interface SupervisorHooks {
  /** A new worker thread. */
  start: () => Worker;
  /** Messages that are not replies (events). */
  onEvent: (m: Exclude<WorkerMessage, Reply>) => void;
}

export class WorkerSupervisor {
  private worker: Worker | undefined;
  private state: State = 'down';
  private nextId = 1;
  /** In send order; the worker answers in order, so the first one is the one it is working on. */
  private readonly pending = new Map<number, Pending>();
  private lastHeardAt = 0;
  private startedAt = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Restarts are only for a worker that opened once; a failed first open is reported by start(). */
  private everOpened = false;
  /** close() has begun: a worker lost now is not replaced. */
  private closing = false;
  /** Why the worker is not running (or last was restarted). */
  private problem: string | undefined;
  restarts = 0;

  constructor(private readonly hooks: SupervisorHooks, private readonly bounds: SupervisorBounds = DEFAULT_BOUNDS) {}

  /** Start the worker and open the database; rejects (and stays down) if it cannot be opened. */
  async start(check: boolean): Promise<unknown> {
    this.launch();
    const opened = this.request({ op: 'open', check });
    try {
      const result = await opened;
      if (this.state === 'starting') this.state = 'running';
      this.everOpened = true;
      return result;
    } catch (e) {
      void this.shutDownWorker();
      if (this.state !== 'closed') this.state = 'down';
      throw e;
    }
  }

  /** Send a request to a running worker; rejects at once with StoreUnavailableError if it is not running. */
  call(req: RequestBody, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.state !== 'running') return Promise.reject(new StoreUnavailableError(this.unavailableReason()));
    return this.request(req, transfer);
  }

  /**
   * Throws StoreUnavailableError unless the worker is running, and StoreBusyError while it has
   * been silent too long but not yet past its hang bound (then it is restarted, see `lost`).
   */
  assertResponsive(): void {
    if (this.state !== 'running') throw new StoreUnavailableError(this.unavailableReason());
    const silent = this.silentMs();
    if (silent > this.bounds.unresponsiveAfterMs) {
      throw new StoreBusyError(`sqlite: worker has not answered for ${(silent / 1000).toFixed(1)} s (busy with a ${this.oldest()!.op}, or hung)`);
    }
  }

  /** The current worker thread (tests terminate it to simulate a crash). */
  get thread(): Worker | undefined {
    return this.worker;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Ask the worker to close the database (bounded by `hangAfterMs`), then stop it for good. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.closing = true;
    const wasRunning = this.state === 'running' && this.silentMs() <= this.bounds.unresponsiveAfterMs;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (wasRunning) {
      try {
        await this.request({ op: 'close' });
      } catch (e) {
        console.warn(`sqlite: closing the database failed (${(e as Error).message}); what is staged is read back at the next start`);
      }
    }
    this.state = 'closed';
    // Kept until here: the tick is what bounds a close the worker never answers.
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.failAll(new StoreUnavailableError('sqlite: store is closed'));
    await this.shutDownWorker();
  }

  private request(req: RequestBody, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const w = this.worker!;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { op: req.op, sentAt: Date.now(), resolve, reject });
      w.postMessage({ ...req, id }, transfer);
    });
  }

  private launch(): void {
    const w = this.hooks.start();
    this.worker = w;
    this.state = 'starting';
    this.startedAt = this.lastHeardAt = Date.now();
    let failure: string | undefined;
    w.on('message', (m: WorkerMessage) => {
      if (w !== this.worker) return;
      this.lastHeardAt = Date.now();
      if ('event' in m) { this.hooks.onEvent(m); return; }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else if (m.kind === 'refused') p.reject(new StoreRefusedError(m.error));
      else if (m.kind === 'unavailable') p.reject(new StoreUnavailableError(m.error));
      else p.reject(new Error(m.error));
    });
    w.on('error', (e) => { failure = `failed: ${e.message}`; });
    w.on('exit', (code) => {
      if (w === this.worker && this.state !== 'closed') this.lost(failure ?? `exited with code ${code}`);
    });
    this.heartbeat ??= setInterval(() => this.tick(), this.bounds.heartbeatEveryMs);
    this.heartbeat.unref();
  }

  private tick(): void {
    if (this.state !== 'running' && this.state !== 'starting') return;
    const oldest = this.oldest();
    if (oldest) {
      const silent = this.silentMs();
      if (silent > this.boundOf(oldest.op)) {
        this.lost(`stopped answering (${(silent / 1000).toFixed(1)} s without an answer to a ${oldest.op})`);
        return;
      }
    }
    if (this.state === 'running' && ![...this.pending.values()].some((p) => p.op === 'heartbeat')) {
      this.request({ op: 'heartbeat' }).catch(() => { /* a lost worker is handled by lost() */ });
    }
    if (this.failures > 0 && Date.now() - this.startedAt > STABLE_AFTER_MS) this.failures = 0;
  }

  /** The worker died or hung: fail what it had, terminate it, and start another after a delay. */
  private lost(why: string): void {
    if (this.state === 'closed' || (this.state === 'down' && this.restartTimer)) return;
    this.problem = `sqlite: worker ${why}`;
    this.state = 'down';
    this.failAll(new StoreUnavailableError(this.everOpened ? `${this.problem}; restarting it` : this.problem));
    void this.shutDownWorker();
    if (!this.everOpened || this.closing) return;
    const delay = Math.min(this.bounds.maxRestartDelayMs, this.bounds.restartDelayMs * 2 ** this.failures);
    this.failures++;
    console.warn(`${this.problem}; restarting it in ${delay} ms`);
    this.restartTimer = setTimeout(() => { this.restartTimer = undefined; void this.restart(); }, delay);
    this.restartTimer.unref();
  }

  private async restart(): Promise<void> {
    if (this.state === 'closed') return;
    this.restarts++;
    try {
      await this.start(false);
      console.warn(`sqlite: worker restarted (restart ${this.restarts})`);
    } catch (e) {
      // close() may have run while the worker was starting.
      if ((this.state as State) === 'closed') return;
      this.lost(`could not be restarted: ${(e as Error).message}`);
    }
  }

  private async shutDownWorker(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate().catch(() => 0);
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }

  private oldest(): Pending | undefined {
    return this.pending.values().next().value;
  }

  /** How long the worker has kept the oldest waiting request without a word, ms (0 if none waits). */
  private silentMs(): number {
    const oldest = this.oldest();
    return oldest ? Date.now() - Math.max(oldest.sentAt, this.lastHeardAt) : 0;
  }

  private boundOf(op: Op): number {
    if (op === 'query') return this.bounds.queryHangAfterMs;
    if (op === 'open') return this.bounds.openHangAfterMs;
    return this.bounds.hangAfterMs;
  }

  private unavailableReason(): string {
    if (this.state === 'closed') return 'sqlite: store is closed';
    if (this.state === 'starting') return `sqlite: worker is starting${this.problem ? ` (after: ${this.problem})` : ''}`;
    return this.problem ? `${this.problem}; restarting it` : 'sqlite: store is not open';
  }
}
