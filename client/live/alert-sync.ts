/**
 * Keeps a screen's alert records current from the live client, the same way for the cockpit, the
 * twin and the console: every `alertUpdate` of the node's alert room is applied as it comes, and
 * the list is read again (`load`) whenever updates may have been missed. Updates are outside the
 * room's sequence and are not replayed (docs/alerts.md, "Live"), so a list read is how nothing
 * missed stays missed. It is read:
 *
 * - after every acknowledgement of the alert room: the start, each reconnect (resumed or not), a
 *   gap refilled, a server restart;
 * - when an `alert` frame (a device event, a rule's raise) is not followed by its record within
 *   `raiseWaitMs`, i.e. the update that carried it was lost.
 *
 * One read at a time: a new one aborts the one in flight. A failed read is retried with backoff.
 */
import type { AlertEvent } from '../../streams/alerts.ts';
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';
import { roomName, type AlertFrame, type AlertUpdateFrame, type RoomSnapshot } from '../../streams/live-protocol.ts';
import type { AlertRecords } from './alert-records.ts';
import { OwnedTimers } from './owned-timers.ts';

/** What holds the records: the live store (cockpit, twin) or the console's store. */
export interface AlertRecordsTarget {
  readonly alerts: AlertRecords;
  applyAlertUpdate(frame: AlertUpdateFrame): void;
  /** A list read; `sinceRevision` is `alerts.revision` when it began. */
  applyAlertList(records: AlertRecord[], total: number, sinceRevision: number): void;
  alertListFailed(error: string): void;
  /** Whether the record of this device event would be kept (the console's filter). Default: yes. */
  expectsRecord?(e: AlertEvent): boolean;
}

export interface AlertSyncOptions {
  /** Hierarchy node whose alert room is followed. */
  node: string;
  target: AlertRecordsTarget;
  /** Read the records (the holder's filter or window) from `GET /api/alerts`. */
  load: (signal: AbortSignal) => Promise<{ alerts: AlertRecord[]; total: number }>;
  /** How long an `alert` frame may wait for its record before the list is read again, ms. Default 3000. */
  raiseWaitMs?: number;
  /** First wait before a failed read is tried again, ms; doubles up to a minute. Default 3000. */
  retryMs?: number;
  /** Events older than this (device time) raise nothing on the server, so no record is awaited, ms. Default 10 minutes. */
  maxLagMs?: number;
}

export class AlertSync {
  readonly room: string;
  /** List reads started, for diagnostics and tests. */
  reads = 0;
  private readonly timers = new OwnedTimers();
  private reading: AbortController | undefined;
  private failures = 0;
  private disposed = false;

  constructor(private readonly opts: AlertSyncOptions) {
    this.room = roomName(opts.node, 'alert');
  }

  /** From the live client: a subscription was acknowledged. */
  subscribed(rooms: readonly RoomSnapshot[]): void {
    if (rooms.some((r) => r.room === this.room)) this.reload();
  }

  /** From the live client: an `alertUpdate` of any room the socket is in. */
  alertUpdate(frame: AlertUpdateFrame): void {
    if (!this.disposed && frame.room === this.room) this.opts.target.applyAlertUpdate(frame);
  }

  /** From the live client: a sequenced `alert` frame. Its record should follow at once. */
  alertFrame(frame: AlertFrame): void {
    if (this.disposed || frame.room !== this.room) return;
    const e = frame.alert;
    const { target } = this.opts;
    // Events the server does not raise (history) or records the holder would not keep are not waited for.
    if (e.time < Date.now() - (this.opts.maxLagMs ?? 10 * 60_000) || target.expectsRecord?.(e) === false) return;
    this.timers.later(() => {
      for (const a of target.alerts.values()) if (a.device === e.device && a.type === e.type && a.lastSeen >= e.time) return;
      this.reload();
    }, this.opts.raiseWaitMs ?? 3000);
  }

  /** Read the list now (also on the holder's request, e.g. a new filter). */
  reload(): void {
    if (this.disposed) return;
    this.reading?.abort();
    const mine = (this.reading = new AbortController());
    const { target } = this.opts;
    const since = target.alerts.revision;
    this.reads++;
    this.opts.load(mine.signal).then(
      (r) => {
        if (mine.signal.aborted || this.disposed) return;
        this.failures = 0;
        target.applyAlertList(r.alerts, r.total, since);
      },
      (e: Error) => {
        if (mine.signal.aborted || this.disposed) return;
        target.alertListFailed(e.message);
        const wait = Math.min(60_000, (this.opts.retryMs ?? 3000) * 2 ** this.failures++);
        this.timers.later(() => this.reload(), wait);
      },
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reading?.abort();
    this.timers.clear();
  }

}
