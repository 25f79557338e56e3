/**
 * The one live client: a Socket.IO connection carrying any number of subscriptions (a node and
 * some of its topics), with the sequence logic that keeps the stream exact. The cockpit and the
 * twin (live-connection.ts), the alert console (console/live/console-live.ts) and the tests
 * (test/support/live-client.ts) all receive through it.
 *
 * - Every sequenced frame (telemetry, alert, summary) is admitted by its room's cursor
 *   (room-cursors.ts): the next seq is applied; one already applied is a duplicate (a replay) and
 *   is dropped; one that skips a seq reveals a gap: it is dropped and the room is subscribed again
 *   with `resume`, which re-sends it and everything before it.
 * - On reconnect every subscription is sent again with `resume` (epoch, last seq and newest sample
 *   time per room); the server re-sends what was missed before its acknowledgement, or one catch-up
 *   frame from the store when its buffer no longer reaches back.
 * - An acknowledgement from another epoch (the server restarted) resets the cursors; the `epoch`
 *   handler is told before the fresh snapshot is applied, so its owner drops what it derived from
 *   the old epoch's series ids.
 * - Frames that arrive before their room is acknowledged are held (bounded) and applied after the
 *   snapshot.
 * - Unsequenced events (`alertUpdate`, `assessment`, `health`) are handed over as they come. They
 *   are not replayed: whoever keeps their records reads them again on `subscribed`, which follows
 *   every acknowledgement (start, reconnect, gap, epoch change).
 *
 * Platform-free: nothing here touches the DOM, so it runs under Node (the tests) as in a page.
 * `dispose()` closes the socket and every timer it started.
 */
import { io, type Socket } from 'socket.io-client';
import {
  roomName,
  type AlertFrame, type AlertUpdateFrame, type AssessmentFrame, type ClientToServer, type RoomSnapshot, type ServerToClient,
  type StoreHealth, type SubscribeResult, type SummaryFrame, type TelemetryFrame, type Topic,
} from '../../streams/live-protocol.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { RoomCursors } from './room-cursors.ts';
import { OwnedTimers } from './owned-timers.ts';

export type LiveSocket = Socket<ServerToClient, ClientToServer>;

/**
 * - `connecting`: first connection or subscription under way.
 * - `connected`: every subscription acknowledged; frames flow.
 * - `reconnecting`: the socket dropped; Socket.IO retries and the client resumes where it was.
 * - `refused`: the server answered a subscription with an error (unknown node, not allowed).
 */
export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** What the client hands over. Every handler is optional; one that throws is logged and the stream goes on. */
export interface LiveHandlers {
  /**
   * A telemetry frame in sequence, or the snapshot of a room (`snapshot`: the newest value of every
   * series with the schema of all of them). Returns the newest sample time in it, epoch ms (NaN when
   * none): the client resumes from the store after it when its replay buffer no longer reaches back.
   */
  telemetry?(frame: TelemetryFrame, snapshot: boolean): number;
  summary?(frame: SummaryFrame): void;
  /** A device event or a rule's raise, in sequence. Acknowledged with `alertSeen` once this returns (see `acknowledgeAlerts`). */
  alert?(frame: AlertFrame): void;
  /** An alert record after any change. Unsequenced: keep the record with the newest `updatedAt`. */
  alertUpdate?(frame: AlertUpdateFrame): void;
  assessment?(frame: AssessmentFrame): void;
  health?(health: StoreHealth): void;
  /** The server's epoch, on every acknowledgement, before its snapshots; `changed`: the server restarted since the last one. */
  epoch?(epoch: string, changed: boolean): void;
  /**
   * A subscription (or a part of it, after a gap) was acknowledged and its snapshots applied.
   * Unsequenced records (alert records, assessments) may have been missed before this: read them again.
   */
  subscribed?(node: HierarchyNode, rooms: readonly RoomSnapshot[]): void;
  connection?(phase: ConnectionPhase, detail?: string): void;
}

export interface LiveClientOptions {
  handlers: LiveHandlers;
  /** Server URL. Default: the page's origin (socket.io-client's own default; give one under Node). */
  url?: string;
  /** Make the socket (tests). Default: `io(url)` with automatic reconnection, not yet connected. */
  connect?: (url: string | undefined) => LiveSocket;
  /** Acknowledge every applied `alert` frame with `alertSeen` (the server times delivery to screens, item 32.6). Default true. */
  acknowledgeAlerts?: boolean;
  /** How long to wait for a subscribe acknowledgement before asking again, ms. Default 10,000. */
  ackTimeoutMs?: number;
  /** After the server closed the connection on purpose, or turned a connection away (sign-in), wait this long before connecting again, ms. Default 3000. */
  rejoinAfterKickMs?: number;
  /** Frames kept per room while its subscription is not yet acknowledged. Default 256. */
  maxEarlyFrames?: number;
}

type AnyFrame =
  | { kind: 'telemetry'; frame: TelemetryFrame }
  | { kind: 'alert'; frame: AlertFrame }
  | { kind: 'summary'; frame: SummaryFrame };

interface Subscription {
  node: string;
  topics: readonly Topic[];
  /** Acknowledged on the current connection. */
  acked: boolean;
  /** Callers of `subscribe` waiting for the first answer. */
  waiters: ((res: SubscribeResult) => void)[];
}

export class LiveClient {
  readonly socket: LiveSocket;
  /** Duplicates dropped, gaps detected and rooms subscribed again to fill them, for diagnostics and tests. */
  readonly stats = { duplicates: 0, gaps: 0, resubscribes: 0 };
  private readonly h: LiveHandlers;
  private readonly cursors = new RoomCursors();
  private readonly subs: Subscription[] = [];
  /** Room → the subscription and topic it belongs to, to subscribe again after a gap. */
  private readonly roomOwner = new Map<string, { sub: Subscription; topic: Topic }>();
  /** Frames of rooms not acknowledged yet, per room. */
  private readonly early = new Map<string, AnyFrame[]>();
  private readonly acknowledgeAlerts: boolean;
  private readonly ackTimeoutMs: number;
  private readonly rejoinAfterKickMs: number;
  private readonly maxEarlyFrames: number;
  private readonly timers = new OwnedTimers();
  private phase: ConnectionPhase = 'connecting';
  private disposed = false;

  constructor(opts: LiveClientOptions) {
    this.h = opts.handlers;
    this.acknowledgeAlerts = opts.acknowledgeAlerts ?? true;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 10_000;
    this.rejoinAfterKickMs = opts.rejoinAfterKickMs ?? 3000;
    this.maxEarlyFrames = opts.maxEarlyFrames ?? 256;
    const s = (this.socket = (opts.connect ?? defaultConnect)(opts.url));
    s.on('connect', () => {
      if (this.cursors.epoch === undefined) this.setPhase('connecting');
      else this.setPhase('reconnecting', 'resuming');
      for (const sub of this.subs) {
        sub.acked = false;
        this.send(sub, sub.topics);
      }
    });
    s.on('disconnect', (reason) => {
      if (this.disposed) return;
      this.setPhase('reconnecting', reason);
      // After a server-side disconnect Socket.IO does not reconnect by itself. A wall must come
      // back on its own, but not hammer a server that is shedding clients.
      if (reason === 'io server disconnect') this.timers.later(() => s.connect(), this.rejoinAfterKickMs);
    });
    s.on('connect_error', (err) => {
      if (this.disposed) return;
      this.setPhase(this.cursors.epoch === undefined ? 'connecting' : 'reconnecting', `live: ${err.message}`);
      // Turned away by the server itself (not signed in, a session revoked): Socket.IO stops
      // there. A wall tries again, slowly, so it comes back once someone signs it in again.
      if (!s.active) this.timers.later(() => { if (!this.disposed) s.connect(); }, this.rejoinAfterKickMs);
    });
    s.on('telemetry', (frame) => this.onFrame({ kind: 'telemetry', frame }));
    s.on('alert', (frame) => this.onFrame({ kind: 'alert', frame }));
    s.on('summary', (frame) => this.onFrame({ kind: 'summary', frame }));
    s.on('alertUpdate', (frame) => this.hand('alertUpdate', () => this.h.alertUpdate?.(frame), () => `alert ${frame?.alert?.id}`));
    s.on('assessment', (frame) => this.hand('assessment', () => this.h.assessment?.(frame), () => `${frame?.assessment?.community}/${frame?.assessment?.item}`));
    s.on('health', (health) => this.hand('health', () => this.h.health?.(health), () => 'event'));
    s.connect();
  }

  /** Whether the socket is connected now. */
  get connected(): boolean {
    return this.socket.connected;
  }

  /** The server epoch of the last acknowledgement (undefined before the first). */
  get epoch(): string | undefined {
    return this.cursors.epoch;
  }

  /** Frames known to be lost for good (the server acknowledged a resume it could not fill). */
  get lost(): number {
    return this.cursors.lost;
  }

  /** Last applied sequence of a room (undefined when not acknowledged). */
  seqOf(room: string): number | undefined {
    return this.cursors.seqOf(room);
  }

  /**
   * Watch a node's topics from now on: sent now (or when the socket connects) and again, with
   * `resume`, after every reconnect. Resolves with the first answer; a refused subscription is
   * asked again on the next reconnect.
   */
  subscribe(node: string, topics: readonly Topic[]): Promise<SubscribeResult> {
    const sub: Subscription = { node, topics: [...topics], acked: false, waiters: [] };
    for (const t of sub.topics) this.roomOwner.set(roomName(node, t), { sub, topic: t });
    this.subs.push(sub);
    const answer = new Promise<SubscribeResult>((resolve) => sub.waiters.push(resolve));
    if (this.phase === 'connected') this.setPhase('connecting');
    this.send(sub, sub.topics);
    return answer;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.timers.clear();
    this.early.clear();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private onFrame(f: AnyFrame): void {
    if (this.disposed) return;
    const { frame } = f;
    const fromStore = f.kind === 'telemetry' && f.frame.fromStore === true;
    switch (this.cursors.admit(frame.room, frame.epoch, frame.seq, fromStore)) {
      case 'apply':
        this.apply(f);
        return;
      case 'early': {
        let q = this.early.get(frame.room);
        if (!q) this.early.set(frame.room, (q = []));
        // Beyond the bound the oldest go; the gap that leaves is detected and refilled later.
        if (q.length >= this.maxEarlyFrames) q.shift();
        q.push(f);
        return;
      }
      case 'gap':
        this.stats.gaps++;
        this.resubscribeRoom(frame.room);
        return;
      case 'duplicate':
        this.stats.duplicates++;
        return;
      case 'held':
        return;
    }
  }

  private apply(f: AnyFrame): void {
    let time = NaN;
    try {
      switch (f.kind) {
        case 'telemetry':
          time = this.h.telemetry?.(f.frame, false) ?? NaN;
          break;
        case 'alert':
          this.h.alert?.(f.frame);
          time = f.frame.alert.time;
          if (this.acknowledgeAlerts) {
            this.socket.emit('alertSeen', { room: f.frame.room, epoch: f.frame.epoch, seq: f.frame.seq, clientTime: Date.now() });
          }
          break;
        case 'summary':
          this.h.summary?.(f.frame);
          time = f.frame.time;
          break;
      }
    } catch (e) {
      // A malformed frame is a bug to report, not a reason to stop the wall.
      console.error(`live: ${f.kind} frame ${f.frame.room}#${f.frame.seq} not applied: ${(e as Error).message}`);
      return;
    }
    this.cursors.noteTime(f.frame.room, time);
  }

  /** Run an unsequenced handler; a throw is logged with what it was about. */
  private hand(kind: string, fn: () => void, what: () => string): void {
    if (this.disposed) return;
    try {
      fn();
    } catch (e) {
      console.error(`live: ${kind} ${what()} not applied: ${(e as Error).message}`);
    }
  }

  private resubscribeRoom(room: string): void {
    const owner = this.roomOwner.get(room);
    if (!owner) return;
    this.stats.resubscribes++;
    this.send(owner.sub, [owner.topic]);
  }

  private send(sub: Subscription, topics: readonly Topic[]): void {
    if (this.disposed || !this.socket.connected) return;
    const rooms = topics.map((t) => roomName(sub.node, t));
    const req = { node: sub.node, topics: [...topics], resume: this.cursors.resumeFor(rooms) };
    this.socket.timeout(this.ackTimeoutMs).emit('subscribe', req, (err: Error | null, res: SubscribeResult) => {
      if (this.disposed) return;
      if (err) {
        // No answer in time: ask again while connected (a reconnect subscribes anyway).
        this.timers.later(() => this.send(sub, topics), 1000);
        return;
      }
      this.onAck(sub, topics, res);
    });
  }

  private onAck(sub: Subscription, topics: readonly Topic[], res: SubscribeResult): void {
    const waiters = sub.waiters.splice(0);
    if (!res.ok) {
      this.setPhase('refused', res.error);
      for (const w of waiters) w(res);
      return;
    }
    const changed = this.cursors.acknowledge(res.epoch, res.rooms);
    this.hand('epoch', () => this.h.epoch?.(res.epoch, changed), () => res.epoch);
    for (const snap of res.rooms) {
      if (snap.mode === 'snapshot') {
        const { latest, summary } = snap;
        if (latest) this.hand('snapshot', () => this.cursors.noteTime(snap.room, this.h.telemetry?.(latest, true) ?? NaN), () => snap.room);
        if (summary) {
          this.hand('summary', () => this.h.summary?.(summary), () => snap.room);
          this.cursors.noteTime(snap.room, summary.time);
        }
      }
      this.drainEarly(snap.room);
    }
    this.hand('subscribed', () => this.h.subscribed?.(res.node, res.rooms), () => sub.node);
    if (topics.length === sub.topics.length) sub.acked = true;
    if (this.subs.every((s) => s.acked)) this.setPhase('connected');
    for (const w of waiters) w(res);
  }

  /** Frames that came before the acknowledgement: apply those after the snapshot, drop the rest. */
  private drainEarly(room: string): void {
    const q = this.early.get(room);
    if (!q) return;
    this.early.delete(room);
    for (const f of q) {
      const a = this.cursors.admit(room, f.frame.epoch, f.frame.seq, f.kind === 'telemetry' && f.frame.fromStore === true);
      if (a === 'apply') this.apply(f);
      else if (a === 'gap') {
        this.stats.gaps++;
        this.resubscribeRoom(room);
      } else if (a === 'duplicate') this.stats.duplicates++;
    }
  }

  private setPhase(phase: ConnectionPhase, detail?: string): void {
    this.phase = phase;
    this.hand('connection', () => this.h.connection?.(phase, detail), () => phase);
  }

}

function defaultConnect(url: string | undefined): LiveSocket {
  // forceNew: this client owns its Manager outright, so dispose() leaves nothing cached behind.
  // WebSocket first, long-polling only where it fails (tryAllTransports): starting on polling and
  // upgrading leaves a loaded wall PC on polling for good when the upgrade times out, and polling
  // costs its main thread a request and a parse per batch.
  const opts = {
    autoConnect: false, forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 5000,
    transports: ['websocket', 'polling'], tryAllTransports: true,
  };
  return url === undefined ? io(opts) : io(url, opts);
}
