/**
 * One channel's queue: what a storm of alerts becomes a handful of messages through, and where
 * failed sends are retried.
 *
 * - Grouping: the first alert after a quiet spell goes at once (零延时); alerts that come within
 *   `groupMs` of the last message wait and go together as one digest when the window ends.
 * - Rate limit: at most `maxPerMinute` requests a minute (retries count); beyond it the queue waits.
 * - Retries: a failed send is tried again after `retryBaseMs`, doubling each time, `attempts` in all.
 *   Every attempt is reported (sent, retry, failed) for the history of each alert in the message.
 * - Bounds: at most `maxPending` alerts wait (one entry per alert, its latest step); beyond that
 *   they are counted, and the digest says how many it could not list.
 *
 * Its timers are its own: `dispose` clears them and abandons a retry in progress.
 */
import type { MessageAlert, OutgoingMessage, SendResult } from './senders/outgoing.ts';

export interface OutboxOptions {
  /** Grouping window, ms. Default 10,000. */
  groupMs: number;
  /** Requests a minute, at most (WeCom robots refuse more than 20). Default 10. */
  maxPerMinute: number;
  /** Alerts held waiting, at most. Default 1000. */
  maxPending: number;
  /** Attempts per message, the first included. Default 4. */
  attempts: number;
  /** Wait before the first retry, ms; doubled for each further one, up to 5 minutes. Default 2000. */
  retryBaseMs: number;
}

export interface Attempt {
  alerts: readonly MessageAlert[];
  outcome: 'sent' | 'retry' | 'failed';
  attempt: number;
  attempts: number;
  result: SendResult;
  /** For a retry: the wait before the next one, ms. */
  retryInMs?: number;
}

export interface OutboxDeps {
  /** The message for the alerts collected (and the count it could not hold). */
  build(alerts: readonly MessageAlert[], unheld: number): OutgoingMessage;
  /** Sends through the channel as it is now configured; undefined when it was removed or disabled meanwhile. */
  send(m: OutgoingMessage): Promise<SendResult> | undefined;
  /** Whether an alert waiting is still worth telling (an escalation stops on acknowledgement). */
  stillWanted(a: MessageAlert): boolean;
  report(a: Attempt): void;
  now(): number;
}

const MAX_RETRY_MS = 5 * 60_000;

export class ChannelOutbox {
  private readonly pending = new Map<number, MessageAlert>();
  private unheld = 0;
  /** Times of the requests of the last minute (at most maxPerMinute). */
  private readonly sentAt: number[] = [];
  private lastMessageAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private disposed = false;
  private wake: (() => void) | undefined;

  constructor(private readonly deps: OutboxDeps, private readonly opts: OutboxOptions) {}

  /** Alerts waiting for the next message (held and counted). */
  get waiting(): number {
    return this.pending.size + this.unheld;
  }

  enqueue(a: MessageAlert): void {
    if (this.disposed) return;
    const had = this.pending.get(a.id);
    if (had || this.pending.size < this.opts.maxPending) this.pending.set(a.id, had && had.step > a.step ? had : a);
    else this.unheld++;
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.wake?.();
  }

  private schedule(): void {
    if (this.timer || this.busy || this.disposed || this.waiting === 0) return;
    const delay = Math.max(0, this.lastMessageAt + this.opts.groupMs - this.deps.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  private async flush(): Promise<void> {
    const alerts = [...this.pending.values()].filter((a) => this.deps.stillWanted(a));
    const unheld = this.unheld;
    this.pending.clear();
    this.unheld = 0;
    if (alerts.length === 0 && unheld === 0) return;
    this.busy = true;
    try {
      const message = this.deps.build(alerts, unheld);
      const { attempts } = this.opts;
      for (let attempt = 1; attempt <= attempts && !this.disposed; attempt++) {
        await this.pause(this.rateWaitMs());
        if (this.disposed) return;
        this.sentAt.push(this.deps.now());
        const sending = this.deps.send(message);
        if (!sending) return;
        const result = await sending;
        if (this.disposed) return;
        const retryInMs = Math.min(MAX_RETRY_MS, this.opts.retryBaseMs * 2 ** (attempt - 1));
        const outcome = result.ok ? 'sent' : attempt < attempts ? 'retry' : 'failed';
        this.deps.report({ alerts, outcome, attempt, attempts, result, retryInMs: outcome === 'retry' ? retryInMs : undefined });
        if (result.ok) break;
        if (attempt < attempts) await this.pause(retryInMs);
      }
    } finally {
      this.busy = false;
      this.lastMessageAt = this.deps.now();
      this.schedule();
    }
  }

  /** How long until one more request fits in the minute's limit, ms. */
  private rateWaitMs(): number {
    const now = this.deps.now();
    while (this.sentAt.length && this.sentAt[0] <= now - 60_000) this.sentAt.shift();
    return this.sentAt.length < this.opts.maxPerMinute ? 0 : this.sentAt[0] + 60_000 - now;
  }

  /** Waits `ms` on the outbox's own timer; `dispose` ends the wait at once. */
  private pause(ms: number): Promise<void> {
    if (ms <= 0 || this.disposed) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.wake = undefined; resolve(); }, ms);
      this.wake = () => { clearTimeout(t); this.wake = undefined; resolve(); };
    });
  }
}
