/**
 * Keeps what the hub queues for one socket bounded, so a client that stops reading (a frozen tab,
 * a dead link the kernel has not noticed yet, a hostile client) costs the server a fixed amount.
 *
 * - Past `softBytes` a socket is left out of droppable frames (telemetry, summary). Those carry the
 *   room's seq, so when it reads again the next frame shows the gap and it resubscribes with
 *   `resume`, which re-sends what it missed from the replay buffer or the store.
 * - Frames that must arrive (alerts, alert updates, acks) are always queued; a socket whose queue
 *   still passes `hardBytes` is disconnected, its queue discarded.
 *
 * Socket.IO's `volatile` is not used for this: it drops a packet whenever a write is still in
 * flight, which on a WebSocket is the normal state right after the previous frame, so a healthy
 * screen in two rooms would lose the second room's frame of nearly every tick.
 */
import type { LiveServer, LiveSocket } from './live-hub.ts';

export interface OutputBounds {
  /** Queued bytes past which droppable frames are skipped. */
  softBytes: number;
  /** Queued bytes past which the socket is disconnected. */
  hardBytes: number;
}

type EngineConn = LiveSocket['conn'];
interface QueuedPacket { data?: unknown }
interface WsLike { bufferedAmount: number; terminate(): void }

/**
 * Bytes queued for a socket that the network has not taken yet: engine.io's write buffer (packets
 * waiting while a write is in flight, or for the next poll) plus the WebSocket's `bufferedAmount`
 * (bytes handed to the TCP socket that the kernel has not accepted). Relies on engine.io 6 and ws 8
 * internals that their typings do not show; an unknown shape counts as 0.
 */
export function queuedBytes(conn: EngineConn): number {
  let n = 0;
  const buffer = (conn as unknown as { writeBuffer?: QueuedPacket[] }).writeBuffer;
  if (Array.isArray(buffer)) for (const p of buffer) n += sizeOf(p.data);
  return n + (websocketOf(conn)?.bufferedAmount ?? 0);
}

export class OutputGuard {
  /** Sockets disconnected for not reading. */
  dropped = 0;
  /** Droppable frames not sent to a lagging socket. */
  skipped = 0;

  constructor(private readonly io: LiveServer, private readonly bounds: OutputBounds) {}

  /**
   * Ids of the sockets in `room` to leave out of a droppable frame: those past the soft bound.
   * Any past the hard bound is disconnected first.
   */
  lagging(room: string): string[] {
    const members = this.io.sockets.adapter.rooms.get(room);
    if (!members) return [];
    const out: string[] = [];
    let over: LiveSocket[] | undefined;
    for (const id of members) {
      const socket = this.io.sockets.sockets.get(id);
      if (!socket) continue;
      const bytes = queuedBytes(socket.conn);
      if (bytes > this.bounds.hardBytes) (over ??= []).push(socket);
      if (bytes > this.bounds.softBytes) out.push(id);
    }
    // Not while iterating: a disconnect removes the socket from the room's set.
    if (over) for (const s of over) this.drop(s);
    this.skipped += out.length;
    return out;
  }

  /** Disconnect every socket past the hard bound (also those in no room of droppable frames). */
  sweep(): void {
    let over: LiveSocket[] | undefined;
    for (const socket of this.io.sockets.sockets.values()) {
      if (queuedBytes(socket.conn) > this.bounds.hardBytes) (over ??= []).push(socket);
    }
    if (over) for (const s of over) this.drop(s);
  }

  private drop(socket: LiveSocket): void {
    const mb = (b: number) => (b / 1048576).toFixed(1);
    console.warn(`live: disconnected socket ${socket.id} (${socket.handshake.address}): ${mb(queuedBytes(socket.conn))} MB queued, `
      + `over the bound of ${mb(this.bounds.hardBytes)} MB; the client is not reading`);
    this.dropped++;
    const ws = websocketOf(socket.conn);
    // Discard the queue rather than wait for it to drain (it never will), and free the TCP buffers
    // now rather than after ws's 30 s close timeout.
    socket.conn.close(true);
    ws?.terminate();
  }
}

function websocketOf(conn: EngineConn): WsLike | undefined {
  const t = conn.transport as unknown as { name?: string; socket?: Partial<WsLike> };
  const ws = t.name === 'websocket' ? t.socket : undefined;
  return ws && typeof ws.bufferedAmount === 'number' && typeof ws.terminate === 'function' ? (ws as WsLike) : undefined;
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
