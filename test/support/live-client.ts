/**
 * A Socket.IO test client that keeps per-room sequence numbers and resumes after a cut, as the
 * browser does, and records every frame it receives.
 */
import { io, type Socket } from 'socket.io-client';
import {
  readColumns, type AlertFrame, type ClientToServer, type ServerToClient, type SubscribeResult, type SummaryFrame,
  type TelemetryFrame, type Topic, type SeriesDescriptor,
} from '../../streams/live-protocol.ts';

export interface Received { sid: number; t: number; v: number; seq: number; room: string; at: number }

export class LiveTestClient {
  readonly socket: Socket<ServerToClient, ClientToServer>;
  readonly samples: Received[] = [];
  readonly alerts: (AlertFrame & { at: number })[] = [];
  readonly summaries: SummaryFrame[] = [];
  readonly frames: TelemetryFrame[] = [];
  readonly schema = new Map<number, SeriesDescriptor>();
  readonly seqs = new Map<string, number[]>();
  epoch = '';
  private readonly last = new Map<string, { seq: number; time: number }>();
  private subs: { node: string; topics: Topic[] }[] = [];
  duplicates = 0;
  gaps = 0;

  constructor(url: string) {
    this.socket = io(url, { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 });
    this.socket.on('telemetry', (f) => {
      if (!this.accept(f.room, f.seq)) return;
      this.frames.push(f);
      for (const d of f.schema ?? []) this.schema.set(d.id, d);
      const c = readColumns(f.samples);
      const at = Date.now();
      for (let i = 0; i < c.sid.length; i++) {
        this.samples.push({ sid: c.sid[i], t: c.t[i], v: c.v[i], seq: f.seq, room: f.room, at });
        this.bumpTime(f.room, c.t[i]);
      }
    });
    this.socket.on('alert', (f) => { if (this.accept(f.room, f.seq)) this.alerts.push({ ...f, at: Date.now() }); });
    this.socket.on('summary', (f) => { if (this.accept(f.room, f.seq)) this.summaries.push(f); });
    let connectedBefore = false;
    this.socket.on('connect', () => {
      if (connectedBefore) void this.resubscribe();
      connectedBefore = true;
    });
  }

  async subscribe(node: string, topics: Topic[]): Promise<SubscribeResult> {
    this.subs.push({ node, topics });
    return this.send(node, topics, false);
  }

  /** Cut the transport as a network failure would; the client reconnects by itself. */
  cut(): void {
    this.socket.io.engine.close();
  }

  close(): void {
    this.socket.close();
  }

  private async resubscribe(): Promise<void> {
    for (const s of this.subs) await this.send(s.node, s.topics, true);
  }

  private async send(node: string, topics: Topic[], resume: boolean): Promise<SubscribeResult> {
    const rooms = Object.fromEntries(this.last);
    const res = await this.socket.timeout(10_000).emitWithAck('subscribe', {
      node, topics, ...(resume && this.epoch ? { resume: { epoch: this.epoch, rooms } } : {}),
    });
    if (res.ok) {
      this.epoch = res.epoch;
      for (const r of res.rooms) {
        if (r.latest) for (const d of r.latest.schema ?? []) this.schema.set(d.id, d);
        if (r.mode === 'snapshot') this.last.set(r.room, { seq: r.seq, time: this.last.get(r.room)?.time ?? 0 });
      }
    }
    return res;
  }

  private accept(room: string, seq: number): boolean {
    const prev = this.last.get(room);
    if (prev && seq <= prev.seq) { this.duplicates++; return false; }
    if (prev && seq > prev.seq + 1) this.gaps++;
    this.last.set(room, { seq, time: prev?.time ?? 0 });
    const list = this.seqs.get(room) ?? [];
    list.push(seq);
    this.seqs.set(room, list);
    return true;
  }

  private bumpTime(room: string, t: number): void {
    const p = this.last.get(room)!;
    if (t > p.time) p.time = t;
  }
}

export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
