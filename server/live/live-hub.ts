/**
 * The live hub: routes accepted samples to Socket.IO rooms (node × topic), coalesces telemetry to
 * at most `maxHz` frames per room per second as columnar frames, sends alerts at once, sends node
 * summaries (read from the roll-ups, server/rollups), and answers subscriptions with a snapshot or
 * with the frames a client missed.
 */
import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import {
  TELEMETRY_TOPICS, packColumns, roomName, topicOf,
  type AlertFrame, type ClientToServer, type RoomSnapshot, type SeriesDescriptor, type ServerToClient, type SubscribeRequest,
  type SubscribeResult, type SummaryFrame, type TelemetryFrame, type Topic, type UnsubscribeRequest, type UnsubscribeResult,
} from '../../streams/live-protocol.ts';
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import type { AlertEvent } from '../../streams/alerts.ts';
import type { Assessment } from '../../streams/indicators/assessment.ts';
import type { AlertAction, AlertRecord } from '../../streams/alert-lifecycle.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import type { TimeSeriesStore } from '../store/types.ts';
import type { NodeRollups } from '../rollups/node-rollups.ts';
import { SampleBatch } from '../ingest/sample-batch.ts';
import { Room } from './room.ts';
import { liveEventSchemas, type LiveEventSchemas } from './live-events.ts';
import { SocketEdge } from './socket-edge.ts';
import { TokenBucket } from './token-bucket.ts';
import { OutputGuard, queuedBytes } from './output-guard.ts';
import { SerialQueue } from './serial-queue.ts';
import { clip } from './event-issue.ts';

export type LiveServer = Server<ClientToServer, ServerToClient>;
export type LiveSocket = Socket<ClientToServer, ServerToClient>;

export interface LiveHubOptions {
  /** Most telemetry frames per room per second. Default 5. */
  maxHz?: number;
  /** How often node summaries are sent, ms. Default 1000. */
  summaryEveryMs?: number;
  /** A room with no subscribers keeps buffering this long, so a reconnecting client can resume, ms. Default 60,000. */
  idleRoomMs?: number;
  /** Flush a room early when this many samples wait, so its buffer stays bounded. Default 100,000. */
  maxPendingSamples?: number;
  replayFrames?: number;
  replaySamples?: number;
  /** Decides whether a socket may watch a node; return a reason to refuse. Default: everyone may. */
  authorize?: (socket: LiveSocket, node: HierarchyNode) => true | string;
  /** Cap on samples sent from the store to fill a gap the replay buffer no longer covers. Default 200,000. */
  maxStoreCatchup?: number;

  // Bounds on what one client may ask (see docs/api.md, Socket.IO).
  /** Most entries in one request's `topics`; repeats count here, then are ignored. Default 32. */
  maxTopicsPerRequest?: number;
  /** Most rooms one connection may be in (also the most rooms in one `resume`). Default 64. */
  maxRoomsPerSocket?: number;
  /** Subscribe requests one connection may send at once before it is held to `subscribesPerSecond`. Default 20. */
  subscribeBurst?: number;
  /** Sustained subscribe requests per connection per second. Default 5. */
  subscribesPerSecond?: number;
  /** Longest node id or epoch a client may send, characters. Default 200. */
  maxIdLength?: number;
  /**
   * Bytes queued for one connection past which telemetry and summary frames skip it; once it has
   * read down to this, it is re-sent what it missed from the replay buffer. Default 2 MiB.
   */
  softOutputBytes?: number;
  /**
   * Bytes queued for one connection past which it is disconnected. Default 16 MiB. Must exceed
   * `softOutputBytes` plus what one room may re-send on resume (20 B × `replaySamples` or `maxStoreCatchup`).
   */
  hardOutputBytes?: number;
}

/** Told of every alert frame sent and every acknowledgement a screen returns (item 32.6, warning delay). */
export interface AlertDeliveryObserver {
  /** `screens`: sockets in the room when it was sent. Times are the server clock, epoch ms. */
  alertSent(frame: AlertFrame, sentAt: number, screens: number): void;
  /** `seen` has the shape of `AlertSeen` (checked at the edge); its values are the client's word, not checked against anything. */
  alertSeen(seen: unknown, at: number, socket: { id: string; rooms: ReadonlySet<string> }): void;
}

export class LiveHub {
  readonly epoch = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  private readonly rooms = new Map<string, Room>();
  /** Per series id: the telemetry rooms it feeds; rebuilt when rooms come and go. */
  private routes: (Room[] | undefined)[] = [];
  private readonly flushTimer: NodeJS.Timeout;
  private readonly summaryTimer: NodeJS.Timeout;
  private readonly opts: Required<Omit<LiveHubOptions, 'authorize'>> & Pick<LiveHubOptions, 'authorize'>;
  private deliveryObserver?: AlertDeliveryObserver;
  private readonly schemas: LiveEventSchemas;
  private readonly output: OutputGuard;

  constructor(
    private readonly io: LiveServer,
    private readonly catalog: SeriesCatalog,
    private readonly hierarchy: Hierarchy,
    private readonly store: TimeSeriesStore,
    /** The nodes' live figures, kept as samples are accepted (the app feeds it). */
    private readonly rollups: NodeRollups,
    opts: LiveHubOptions = {},
  ) {
    this.opts = {
      maxHz: 5, summaryEveryMs: 1000, idleRoomMs: 60_000, maxPendingSamples: 100_000,
      replayFrames: 1024, replaySamples: 200_000, maxStoreCatchup: 200_000,
      maxTopicsPerRequest: 32, maxRoomsPerSocket: 64, subscribeBurst: 20, subscribesPerSecond: 5, maxIdLength: 200,
      softOutputBytes: 2 * 1048576, hardOutputBytes: 16 * 1048576, ...opts,
    };
    this.schemas = liveEventSchemas({
      maxIdLength: this.opts.maxIdLength, maxTopics: this.opts.maxTopicsPerRequest, maxResumeRooms: this.opts.maxRoomsPerSocket,
    });
    const resendBytes = 20 * Math.max(this.opts.replaySamples, this.opts.maxStoreCatchup);
    if (this.opts.hardOutputBytes <= this.opts.softOutputBytes + resendBytes) {
      throw new RangeError(`live: hardOutputBytes (${this.opts.hardOutputBytes}) must exceed softOutputBytes (${this.opts.softOutputBytes}) `
        + `plus what one room may re-send on resume (${resendBytes}), or resuming screens would be disconnected`);
    }
    this.output = new OutputGuard(io, { softBytes: this.opts.softOutputBytes, hardBytes: this.opts.hardOutputBytes });
    this.flushTimer = setInterval(() => this.flush(), Math.max(1, Math.round(1000 / this.opts.maxHz)));
    this.summaryTimer = setInterval(() => this.sendSummaries(), this.opts.summaryEveryMs);
    io.on('connection', (socket) => this.attach(socket));
  }

  /** Route accepted samples; telemetry waits for the next tick, alerts go out now. */
  publish(samples: SampleBatch, alerts: AlertEvent[]): void {
    for (let i = 0; i < samples.length; i++) {
      const rooms = this.route(samples.sid[i]);
      for (let r = 0; r < rooms.length; r++) {
        const room = rooms[r];
        room.pending.push(samples.sid[i], samples.t[i], samples.v[i]);
        if (room.pending.length >= this.opts.maxPendingSamples) this.flushRoom(room);
      }
    }
    const text = samples.text;
    for (let i = 0; i < text.sid.length; i++) {
      for (const room of this.route(text.sid[i])) room.pending.pushText(text.sid[i], text.t[i], text.s[i]);
    }
    for (const a of alerts) this.sendAlert(a);
  }

  /**
   * Tells the summary rooms of the assessment's community and of every level above it that an
   * indicator assessment changed. Outside the rooms' sequence (see `AssessmentFrame`).
   */
  sendAssessment(assessment: Assessment): void {
    for (const node of this.hierarchy.pathOf(assessment.community)) {
      const room = roomName(node.id, 'summary');
      this.io.to(room).emit('assessment', { room, epoch: this.epoch, assessment });
    }
  }

  /** Send an alert raised inside the server (by a rule) the way device alerts go: at once, to every level. */
  announceAlert(a: AlertEvent): void {
    this.sendAlert(a);
  }

  /** Watch alert delivery (one observer; undefined stops watching). */
  observeAlertDelivery(observer: AlertDeliveryObserver | undefined): void {
    this.deliveryObserver = observer;
  }

  /** Send an alert's current record to the alert rooms of its neighbourhood and every level above (unsequenced). */
  sendAlertUpdate(action: AlertAction, alert: AlertRecord): void {
    for (const id of this.alertNodes(alert.community, alert.neighbourhood)) {
      const room = this.rooms.get(roomName(id, 'alert'));
      if (!room) continue;
      this.io.to(room.name).emit('alertUpdate', { room: room.name, epoch: this.epoch, afterSeq: room.seq, action, alert });
    }
  }

  close(): void {
    clearInterval(this.flushTimer);
    clearInterval(this.summaryTimer);
    this.flush();
  }

  /** Rooms alive now (for health and tests). */
  get roomCount(): number {
    return this.rooms.size;
  }

  /**
   * Clients that read too slowly (for health and tests): frames not sent to a connection past
   * `softOutputBytes`, and connections closed past `hardOutputBytes`.
   */
  get slowClients(): { framesSkipped: number; disconnected: number } {
    return { framesSkipped: this.output.skipped, disconnected: this.output.dropped };
  }

  private attach(socket: LiveSocket): void {
    const edge = new SocketEdge(socket);
    const bucket = new TokenBucket(this.opts.subscribeBurst, this.opts.subscribesPerSecond);
    const rate = { bucket, describe: `${this.opts.subscribeBurst} at once, then ${this.opts.subscribesPerSecond} a second` };
    // One request at a time per connection, in the order sent: a burst of resumes must not re-send
    // several rooms at once, and an unsubscribe must not overtake the subscribe before it.
    const queue = new SerialQueue(this.opts.subscribeBurst);
    const inTurn = <T>(event: string, task: () => Promise<T>) => queue.run(task)
      ?? { ok: false as const, error: `live: ${event}: ${queue.length} requests of this connection are still waiting for their answers` };
    edge.request('subscribe', this.schemas.subscribe, (req) => inTurn('subscribe', () => this.subscribe(socket, req)), rate);
    edge.request('unsubscribe', this.schemas.unsubscribe, (req) => inTurn('unsubscribe', async () => this.unsubscribe(socket, req)));
    edge.notice('alertSeen', this.schemas.alertSeen, (seen) => this.deliveryObserver?.alertSeen(seen, Date.now(), socket));
    socket.on('disconnect', () => this.output.forget(socket.id));
  }

  /** `req` is checked (live-events.ts): a known shape, bounded strings, topics without repeats. */
  private async subscribe(socket: LiveSocket, req: SubscribeRequest): Promise<SubscribeResult> {
    const node = this.hierarchy.get(req.node);
    if (!node) return { ok: false, error: `live: subscribe: unknown node "${clip(req.node)}"` };
    const topics = req.topics;
    const telemetryOk = node.level === 'community' || node.level === 'neighbourhood';
    const notHere = topics.find((t) => (TELEMETRY_TOPICS as readonly string[]).includes(t) && !telemetryOk);
    if (notHere) return { ok: false, error: `live: subscribe: topic "${notHere}" is only for communities and neighbourhoods; a ${node.level} has alert and summary` };
    const joined = socket.rooms.size - 1; // every socket is in the room of its own id
    const adding = topics.filter((t) => !socket.rooms.has(roomName(node.id, t))).length;
    if (joined + adding > this.opts.maxRoomsPerSocket) {
      return { ok: false, error: `live: subscribe: would be in ${joined + adding} rooms; a connection may be in at most ${this.opts.maxRoomsPerSocket} (unsubscribe first)` };
    }
    const verdict = this.opts.authorize?.(socket, node) ?? true;
    if (verdict !== true) return { ok: false, error: `live: subscribe: not allowed to watch "${node.id}": ${verdict}` };

    // A Map, not the client's object: a room named "constructor" must not find Object.prototype's.
    const cursors = req.resume?.epoch === this.epoch ? new Map(Object.entries(req.resume.rooms)) : undefined;
    const out: RoomSnapshot[] = [];
    for (const topic of topics) {
      // A snapshot or a resume may be megabytes: send the next only once the socket has taken the
      // last, so that one subscription never takes a reading screen past the hard bound.
      if (queuedBytes(socket.conn) > this.opts.softOutputBytes && !(await this.output.caughtUp(socket))) {
        return { ok: false, error: 'live: subscribe: the connection closed before the answer was sent' };
      }
      const name = roomName(node.id, topic);
      const room = this.room(name, node, topic);
      const resume = cursors?.get(name);
      if (resume && Number.isFinite(resume.seq)) {
        const missed = room.replay.since(resume.seq, room.seq);
        if (missed) {
          for (const e of missed) socket.emit(e.event, e.frame as never);
          this.join(socket, room);
          out.push({ room: name, seq: room.seq, mode: 'resumed' });
          continue;
        }
        if (topic !== 'alert' && topic !== 'summary' && Number.isFinite(resume.time)) {
          const frame = await this.catchUpFromStore(room, resume.time);
          socket.emit('telemetry', frame);
          this.join(socket, room);
          out.push({ room: name, seq: room.seq, mode: 'resumed' });
          continue;
        }
      }
      this.join(socket, room);
      out.push(this.snapshot(room));
    }
    return { ok: true, epoch: this.epoch, node, rooms: out };
  }

  private unsubscribe(socket: LiveSocket, req: UnsubscribeRequest): UnsubscribeResult {
    for (const topic of req.topics) {
      const name = roomName(req.node, topic);
      void socket.leave(name);
      this.output.settle(socket.id, name);
    }
    return { ok: true };
  }

  /** Join after the socket was sent the room's snapshot or what it missed: it is owed nothing there now. */
  private join(socket: LiveSocket, room: Room): void {
    // After an await the socket may be gone; joining then would leave its id in the room for good.
    if (!socket.connected) return;
    void socket.join(room.name);
    room.idleSince = NaN;
    this.output.settle(socket.id, room.name);
  }

  /** Re-send a socket the frames of `name` it was skipped while it lagged (see OutputGuard). */
  private resend(socket: LiveSocket, name: string, afterSeq: number): void {
    const room = this.rooms.get(name);
    if (!room) return;
    const missed = room.replay.since(afterSeq, room.seq);
    // Beyond the buffer: the newest frame shows the client the gap, and it resumes from the store.
    const newest = room.replay.newest();
    for (const e of missed ?? (newest ? [newest] : [])) socket.emit(e.event, e.frame as never);
  }

  private room(name: string, node: HierarchyNode, topic: Topic): Room {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Room(name, node, topic, { frames: this.opts.replayFrames, samples: this.opts.replaySamples });
      this.rooms.set(name, room);
      this.routes = [];
    }
    return room;
  }

  private route(sid: number): Room[] {
    let r = this.routes[sid];
    if (r) return r;
    r = [];
    const def = this.catalog.get(sid);
    const topic = def && topicOf(def.measurement);
    if (def && topic && topic !== 'alert') {
      for (const id of [def.tags.community, def.tags.neighbourhood]) {
        const room = id !== undefined ? this.rooms.get(roomName(id, topic)) : undefined;
        if (room) r.push(room);
      }
    }
    this.routes[sid] = r;
    return r;
  }

  /** Series ids of a telemetry room, from the catalog. */
  private roomSeries(room: Room): number[] {
    const community = room.node.level === 'neighbourhood' ? room.node.parent ?? '' : room.node.id;
    return this.catalog.ofCommunity(community).filter((id) => {
      const d = this.catalog.get(id)!;
      return topicOf(d.measurement) === room.topic && room.matches(d.tags);
    });
  }

  private snapshot(room: Room): RoomSnapshot {
    if (room.topic === 'summary') return { room: room.name, seq: room.seq, mode: 'snapshot', summary: this.summarize(room) };
    if (room.topic === 'alert') return { room: room.name, seq: room.seq, mode: 'snapshot' };
    const ids = this.roomSeries(room);
    const sid: number[] = [], t: number[] = [], v: number[] = [];
    const text = { sid: [] as number[], t: [] as number[], s: [] as string[] };
    for (const id of ids) {
      room.announced.add(id);
      const at = this.catalog.latestTime(id);
      if (Number.isNaN(at)) continue;
      const s = this.catalog.latestTextValue(id);
      if (this.catalog.get(id)!.type === 'string') {
        if (s !== undefined) { text.sid.push(id); text.t.push(at); text.s.push(s); }
      } else {
        sid.push(id); t.push(at); v.push(this.catalog.latestValue(id));
      }
    }
    const latest: TelemetryFrame = {
      room: room.name, epoch: this.epoch, seq: room.seq, schema: ids.map((id) => this.descriptor(id)),
      samples: packColumns(sid, t, v), text,
    };
    return { room: room.name, seq: room.seq, mode: 'snapshot', latest };
  }

  private async catchUpFromStore(room: Room, since: number): Promise<TelemetryFrame> {
    const ids = this.roomSeries(room);
    const defs = ids.map((id) => this.catalog.get(id)!).filter((d) => d.type !== 'string');
    const now = Date.now();
    const res = await this.store.query({ series: defs, from: since + 1, to: now + 1, windowMs: 0, agg: 'last' });
    const sid: number[] = [], t: number[] = [], v: number[] = [];
    for (const s of res.series) {
      for (let i = 0; i < s.t.length && sid.length < this.opts.maxStoreCatchup; i++) { sid.push(s.id); t.push(s.t[i]); v.push(s.v[i]); }
    }
    for (const id of ids) room.announced.add(id);
    return {
      room: room.name, epoch: this.epoch, seq: room.seq, fromStore: true, schema: ids.map((id) => this.descriptor(id)),
      samples: packColumns(sid, t, v),
    };
  }

  private descriptor(id: number): SeriesDescriptor {
    const d = this.catalog.get(id)!;
    return { id: d.id, measurement: d.measurement, tags: d.tags, field: d.field, type: d.type };
  }

  private flush(): void {
    this.output.sweep();
    this.output.catchUp((socket, name, afterSeq) => this.resend(socket, name, afterSeq));
    const now = Date.now();
    for (const room of this.rooms.values()) {
      if (room.pending.size > 0) this.flushRoom(room);
      const subscribers = this.io.sockets.adapter.rooms.get(room.name)?.size ?? 0;
      if (subscribers > 0) room.idleSince = NaN;
      else if (Number.isNaN(room.idleSince)) room.idleSince = now;
      else if (now - room.idleSince > this.opts.idleRoomMs) {
        this.rooms.delete(room.name);
        this.routes = [];
      }
    }
  }

  private flushRoom(room: Room): void {
    const p = room.pending;
    room.pending = new SampleBatch(Math.max(256, p.length));
    let schema: SeriesDescriptor[] | undefined;
    const announce = (id: number) => {
      if (room.announced.has(id)) return;
      room.announced.add(id);
      (schema ??= []).push(this.descriptor(id));
    };
    for (let i = 0; i < p.length; i++) announce(p.sid[i]);
    for (const id of p.text.sid) announce(id);
    const frame: TelemetryFrame = {
      room: room.name, epoch: this.epoch, seq: ++room.seq, samples: packColumns(p.sid, p.t, p.v, p.length),
      ...(schema ? { schema } : {}), ...(p.text.sid.length ? { text: p.text } : {}),
    };
    this.droppable(room.name, frame.seq).emit('telemetry', frame);
    room.replay.push({ event: 'telemetry', frame, samples: p.size });
  }

  /** Where frame `seq` of a room goes when a lagging socket may miss it: the room minus the sockets OutputGuard holds back. */
  private droppable(room: string, seq: number) {
    const lagging = this.output.skip(room, seq);
    return lagging.length > 0 ? this.io.to(room).except(lagging) : this.io.to(room);
  }

  /** The neighbourhood and every node above it (through the community when the neighbourhood is unknown). */
  private alertNodes(community: string, neighbourhood: string): Set<string> {
    const path = this.hierarchy.pathOf(neighbourhood);
    return new Set(path.length > 0 ? path.map((n) => n.id) : [neighbourhood, ...this.hierarchy.pathOf(community).map((n) => n.id)]);
  }

  private sendAlert(a: AlertEvent): void {
    for (const id of this.alertNodes(a.community, a.neighbourhood)) {
      const room = this.rooms.get(roomName(id, 'alert'));
      if (!room) continue;
      const frame: AlertFrame = { room: room.name, epoch: this.epoch, seq: ++room.seq, alert: a };
      this.io.to(room.name).emit('alert', frame);
      this.deliveryObserver?.alertSent(frame, Date.now(), this.io.sockets.adapter.rooms.get(room.name)?.size ?? 0);
      room.replay.push({ event: 'alert', frame, samples: 1 });
    }
  }

  private sendSummaries(): void {
    for (const room of this.rooms.values()) {
      if (room.topic !== 'summary') continue;
      const frame = this.summarize(room);
      frame.seq = ++room.seq;
      this.droppable(room.name, frame.seq).emit('summary', frame);
      room.replay.push({ event: 'summary', frame, samples: 1 });
    }
  }

  /** A node's figures, read from the roll-ups (no scan of its series). */
  private summarize(room: Room): SummaryFrame {
    const node = room.node;
    return { room: room.name, epoch: this.epoch, seq: room.seq, node: node.id, time: Date.now(), values: this.rollups.values(node.id) };
  }
}
