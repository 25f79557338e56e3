/**
 * The test client: the product's one live client (client/live/live-client.ts, the same sequence,
 * resume, gap and epoch logic the cockpit, the twin and the console use) with handlers that record
 * every frame it applies, over a WebSocket-only socket that reconnects quickly.
 */
import { io } from 'socket.io-client';
import {
  readColumns, type AlertFrame, type AlertUpdateFrame, type SeriesDescriptor, type SubscribeResult, type SummaryFrame,
  type TelemetryFrame, type Topic,
} from '../../streams/live-protocol.ts';
import { LiveClient, type LiveSocket } from '../../client/live/live-client.ts';
import { sessionHeaders } from './session.ts';

export interface Received { sid: number; t: number; v: number; seq: number; room: string; at: number }

export class LiveTestClient {
  readonly client: LiveClient;
  readonly socket: LiveSocket;
  /** Samples of the telemetry deltas applied (snapshots only bring the schema), in order. */
  readonly samples: Received[] = [];
  readonly alerts: (AlertFrame & { at: number })[] = [];
  readonly updates: AlertUpdateFrame[] = [];
  readonly summaries: SummaryFrame[] = [];
  readonly frames: TelemetryFrame[] = [];
  readonly schema = new Map<number, SeriesDescriptor>();
  /** Sequence numbers of the frames applied, per room. */
  readonly seqs = new Map<string, number[]>();

  /** @param acknowledgeAlerts send `alertSeen` for every alert frame, as screens do. Default false: a test client is no screen. */
  constructor(url: string, { acknowledgeAlerts = false }: { acknowledgeAlerts?: boolean } = {}) {
    const seq = (room: string, s: number) => {
      const list = this.seqs.get(room) ?? [];
      list.push(s);
      this.seqs.set(room, list);
    };
    this.client = new LiveClient({
      url, acknowledgeAlerts,
      connect: (u) => io(u!, { autoConnect: false, forceNew: true, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200, ...sessionHeaders(u!) }),
      handlers: {
        telemetry: (f, snapshot) => {
          for (const d of f.schema ?? []) this.schema.set(d.id, d);
          const c = readColumns(f.samples);
          let newest = NaN;
          for (let i = 0; i < c.t.length; i++) if (!(c.t[i] <= newest)) newest = c.t[i];
          if (snapshot) return newest;
          this.frames.push(f);
          seq(f.room, f.seq);
          const at = Date.now();
          for (let i = 0; i < c.sid.length; i++) this.samples.push({ sid: c.sid[i], t: c.t[i], v: c.v[i], seq: f.seq, room: f.room, at });
          return newest;
        },
        alert: (f) => {
          seq(f.room, f.seq);
          this.alerts.push({ ...f, at: Date.now() });
        },
        alertUpdate: (f) => { this.updates.push(f); },
        summary: (f) => {
          seq(f.room, f.seq);
          this.summaries.push(f);
        },
      },
    });
    this.socket = this.client.socket;
  }

  /** Server epoch of the last acknowledgement ('' before the first). */
  get epoch(): string {
    return this.client.epoch ?? '';
  }

  /** Frames dropped as already applied (replays). */
  get duplicates(): number {
    return this.client.stats.duplicates;
  }

  /** Sequence gaps detected (each refilled by subscribing again with resume). */
  get gaps(): number {
    return this.client.stats.gaps;
  }

  /** Watch a node's topics; resumed after every reconnect. Resolves with the server's answer. */
  subscribe(node: string, topics: Topic[]): Promise<SubscribeResult> {
    return this.client.subscribe(node, topics);
  }

  /** Cut the transport as a network failure would; the client reconnects by itself. */
  cut(): void {
    this.socket.io.engine.close();
  }

  close(): void {
    this.client.dispose();
  }
}

export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
