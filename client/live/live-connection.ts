/**
 * Owns the Socket.IO socket of one cockpit: subscribes to a node's topics, feeds frames into the
 * live store in sequence, and makes sure nothing is lost or applied twice:
 *
 * - on reconnect it resubscribes with `resume` (epoch, last seq and last sample time per room);
 *   the server re-sends the missed frames before its acknowledgement;
 * - a frame whose seq is not above the last applied is a duplicate and is dropped;
 * - a frame that skips a seq reveals a gap: it is dropped and the room is resubscribed with
 *   `resume`, which re-sends it and what came before it.
 *
 * `dispose()` closes the socket and every timer; nothing of it outlives the cockpit.
 */
import { io, type Socket } from 'socket.io-client';
import {
  TOPICS, roomName,
  type AlertFrame, type ClientToServer, type ServerToClient, type SubscribeResult, type SummaryFrame,
  type TelemetryFrame, type Topic,
} from '../../streams/live-protocol.ts';
import type { Assessment } from '../../streams/indicators/assessment.ts';
import type { LiveStore } from './live-store.ts';
import { RoomCursors } from './room-cursors.ts';

export type LiveSocket = Socket<ServerToClient, ClientToServer>;

export interface LiveConnectionOptions {
  store: LiveStore;
  /** Hierarchy node id to watch. */
  node: string;
  /** Topics to subscribe to. Default: all (energy, parking, pipe, env, alert, summary). */
  topics?: readonly Topic[];
  /** Server URL. Default: the page's origin. */
  url?: string;
  /** How long to wait for a subscribe acknowledgement before asking again, ms. Default 10,000. */
  ackTimeoutMs?: number;
  /** After the server closed the connection on purpose, wait this long before connecting again, ms. Default 3000. */
  rejoinAfterKickMs?: number;
  /** Frames kept per room while its subscription is not yet acknowledged. Default 256. */
  maxEarlyFrames?: number;
  /**
   * Called with every `assessment` event (an indicator assessment stored). Not sequenced: after a
   * reconnect the caller reads the indicator API again.
   */
  onAssessment?: (a: Assessment) => void;
  /** Make the socket (tests). Default: `io(url)` with automatic reconnection. */
  connect?: (url: string | undefined) => LiveSocket;
}

type AnyFrame =
  | { kind: 'telemetry'; frame: TelemetryFrame }
  | { kind: 'alert'; frame: AlertFrame }
  | { kind: 'summary'; frame: SummaryFrame };

export class LiveConnection {
  readonly node: string;
  readonly topics: readonly Topic[];
  private readonly store: LiveStore;
  private readonly socket: LiveSocket;
  private readonly cursors = new RoomCursors();
  /** Frames of rooms whose subscription is not acknowledged yet, per room. */
  private readonly early = new Map<string, AnyFrame[]>();
  private readonly ackTimeoutMs: number;
  private readonly maxEarlyFrames: number;
  private readonly rejoinAfterKickMs: number;
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  private disposed = false;
  /** Duplicates dropped and gaps detected, for diagnostics and tests. */
  readonly stats = { duplicates: 0, gaps: 0, resubscribes: 0 };

  constructor(opts: LiveConnectionOptions) {
    this.store = opts.store;
    this.node = opts.node;
    this.topics = opts.topics ?? TOPICS;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 10_000;
    this.maxEarlyFrames = opts.maxEarlyFrames ?? 256;
    this.rejoinAfterKickMs = opts.rejoinAfterKickMs ?? 3000;
    this.socket = (opts.connect ?? defaultConnect)(opts.url);
    const s = this.socket;
    s.on('connect', () => {
      if (this.cursors.epoch === undefined) this.store.setConnection('connecting');
      else this.store.setConnection('reconnecting', 'resuming');
      this.subscribe(this.topics);
    });
    s.on('disconnect', (reason) => {
      if (this.disposed) return;
      this.store.setConnection('reconnecting', reason);
      // After a server-side disconnect Socket.IO does not reconnect by itself. A wall must come
      // back on its own, but not hammer a server that is shedding clients.
      if (reason === 'io server disconnect') this.later(() => s.connect(), this.rejoinAfterKickMs);
    });
    s.on('connect_error', (err) => {
      if (this.disposed) return;
      const phase = this.cursors.epoch === undefined ? 'connecting' : 'reconnecting';
      this.store.setConnection(phase, `live: ${err.message}`);
    });
    s.on('health', (h) => this.store.setHealth(h));
    s.on('telemetry', (frame) => this.onFrame({ kind: 'telemetry', frame }));
    s.on('alert', (frame) => this.onFrame({ kind: 'alert', frame }));
    s.on('summary', (frame) => this.onFrame({ kind: 'summary', frame }));
    const onAssessment = opts.onAssessment;
    if (onAssessment) {
      s.on('assessment', (frame) => {
        if (this.disposed) return;
        try {
          onAssessment(frame.assessment);
        } catch (e) {
          console.error(`live: assessment ${frame.assessment?.community}/${frame.assessment?.item} not applied: ${(e as Error).message}`);
        }
      });
    }
    s.connect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
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
    let time: number;
    try {
      switch (f.kind) {
        case 'telemetry':
          time = this.store.applyTelemetry(f.frame);
          break;
        case 'alert':
          this.store.applyAlert(f.frame.alert);
          time = f.frame.alert.time;
          // The server times alert delivery to screens by this acknowledgement (item 32.6).
          this.socket.emit('alertSeen', { room: f.frame.room, epoch: f.frame.epoch, seq: f.frame.seq, clientTime: Date.now() });
          break;
        case 'summary':
          this.store.applySummary(f.frame);
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

  private resubscribeRoom(room: string): void {
    const prefix = `${this.node}/`;
    const topic = room.startsWith(prefix) ? (room.slice(prefix.length) as Topic) : undefined;
    if (!topic || !this.topics.includes(topic)) return;
    this.stats.resubscribes++;
    this.subscribe([topic]);
  }

  private subscribe(topics: readonly Topic[]): void {
    if (this.disposed || !this.socket.connected) return;
    const rooms = topics.map((t) => roomName(this.node, t));
    const req = { node: this.node, topics: [...topics], resume: this.cursors.resumeFor(rooms) };
    this.socket.timeout(this.ackTimeoutMs).emit('subscribe', req, (err: Error | null, res: SubscribeResult) => {
      if (this.disposed) return;
      if (err) {
        // No answer in time: ask again while connected (a reconnect subscribes anyway).
        this.later(() => this.subscribe(topics), 1000);
        return;
      }
      this.onAck(topics, res);
    });
  }

  private onAck(topics: readonly Topic[], res: SubscribeResult): void {
    if (!res.ok) {
      this.store.setConnection('refused', res.error);
      return;
    }
    if (this.cursors.acknowledge(res.epoch, res.rooms)) this.store.resetData();
    this.store.setNode(res.node, res.epoch);
    for (const snap of res.rooms) {
      if (snap.mode === 'snapshot') {
        if (snap.latest) this.cursors.noteTime(snap.room, this.store.applyTelemetry(snap.latest, true));
        if (snap.summary) {
          this.store.applySummary(snap.summary);
          this.cursors.noteTime(snap.room, snap.summary.time);
        }
      }
      this.drainEarly(snap.room);
    }
    if (topics.length === this.topics.length) this.store.setConnection('connected');
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

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.retryTimers.delete(t);
      fn();
    }, ms);
    this.retryTimers.add(t);
  }
}

function defaultConnect(url: string | undefined): LiveSocket {
  // forceNew: this connection owns its Manager outright, so dispose() leaves nothing cached behind.
  const opts = { autoConnect: false, forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 5000 };
  return url === undefined ? io(opts) : io(url, opts);
}
