/**
 * The console's own Socket.IO connection: the `alert` room of one node only (no telemetry), typed
 * by the shared event map. `alertUpdate` frames carry whole records and go straight into the store.
 * The list is (re-)read from `GET /api/alerts` after every acknowledged subscription, i.e. at
 * start and after each reconnect: updates are outside the room sequence and are not replayed
 * (docs/alerts.md, "Live"), so a reload is how nothing missed stays missed.
 *
 * `alert` frames (device events, rule raises) are acknowledged with `alertSeen` (the server times
 * delivery to screens, item 32.6); a gap in their sequence, or a raise whose record has not arrived
 * within `raiseWaitMs`, also triggers a reload.
 */
import { io, type Socket } from 'socket.io-client';
import { roomName, type AlertFrame, type ClientToServer, type ServerToClient, type SubscribeResult } from '../../../streams/live-protocol.ts';
import type { ConsoleStore } from './console-store.ts';

export interface ConsoleConnectionOptions {
  store: ConsoleStore;
  node: string;
  /** Re-read the list (the store's filter, the node). */
  reload: () => void;
  /** Server URL; default the page's origin. */
  url?: string;
  /** How long an `alert` frame may wait for its record before the list is re-read, ms. Default 3000. */
  raiseWaitMs?: number;
}

export class ConsoleConnection {
  private readonly socket: Socket<ServerToClient, ClientToServer>;
  private readonly room: string;
  private lastSeq: number | undefined;
  private epoch: string | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private disposed = false;

  constructor(private readonly opts: ConsoleConnectionOptions) {
    this.room = roomName(opts.node, 'alert');
    const ioOpts = { autoConnect: false, forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 5000 };
    const s = (this.socket = opts.url === undefined ? io(ioOpts) : io(opts.url, ioOpts));
    s.on('connect', () => this.subscribe());
    s.on('disconnect', (reason) => {
      if (this.disposed) return;
      opts.store.setPhase('reconnecting', reason);
      if (reason === 'io server disconnect') this.later(() => s.connect(), 3000);
    });
    s.on('connect_error', (e) => { if (!this.disposed) opts.store.setPhase(this.epoch ? 'reconnecting' : 'connecting', `live: ${e.message}`); });
    s.on('alertUpdate', (f) => { if (!this.disposed && f.room === this.room) opts.store.upsert(f.alert, f.action); });
    s.on('alert', (f) => this.onAlertFrame(f));
    s.connect();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private subscribe(): void {
    if (this.disposed) return;
    this.socket.timeout(10_000).emit('subscribe', { node: this.opts.node, topics: ['alert'] }, (err: Error | null, res: SubscribeResult) => {
      if (this.disposed) return;
      if (err) { this.later(() => { if (this.socket.connected) this.subscribe(); }, 1000); return; }
      if (!res.ok) { this.opts.store.setPhase('refused', res.error); return; }
      this.epoch = res.epoch;
      this.lastSeq = res.rooms.find((r) => r.room === this.room)?.seq;
      this.opts.store.setPhase('live');
      this.opts.reload();
    });
  }

  private onAlertFrame(f: AlertFrame): void {
    if (this.disposed || f.room !== this.room) return;
    this.socket.emit('alertSeen', { room: f.room, epoch: f.epoch, seq: f.seq, clientTime: Date.now() });
    const gap = this.lastSeq !== undefined && f.epoch === this.epoch && f.seq > this.lastSeq + 1;
    if (this.lastSeq === undefined || f.seq > this.lastSeq) this.lastSeq = f.seq;
    if (gap) { this.opts.reload(); return; }
    // The record follows the frame at once; if it does not (a lost update), the list is re-read.
    // Events the server does not raise (older than 10 minutes) or that the filter hides are not waited for.
    const { device, type, time, severity, neighbourhood } = f.alert;
    const filter = this.opts.store.state.filter;
    if (time < Date.now() - 10 * 60_000 || (filter.types.length && !filter.types.includes(type))
      || (filter.severities.length && !(filter.severities as string[]).includes(severity))
      || (filter.neighbourhood !== null && filter.neighbourhood !== neighbourhood)) return;
    this.later(() => {
      for (const a of this.opts.store.state.records.values()) if (a.device === device && a.type === type && a.lastSeen >= time) return;
      this.opts.reload();
    }, this.opts.raiseWaitMs ?? 3000);
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => { this.timers.delete(t); if (!this.disposed) fn(); }, ms);
    this.timers.add(t);
  }
}
