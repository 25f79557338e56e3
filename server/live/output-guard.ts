/**
 * Keeps what the hub queues for one socket bounded, so a client that stops reading (a frozen tab,
 * a dead link the kernel has not noticed yet, a hostile client) costs the server a fixed amount.
 *
 * - Past `softBytes` a socket is left out of droppable frames (telemetry, summary) and the rooms
 *   it missed are noted. Once it has taken what it was sent, the hub re-sends those frames from
 *   the room's replay buffer, oldest first and one room per tick, before any newer frame of the
 *   room; the client sees its sequence unbroken. (When the buffer no longer reaches back, the
 *   newest frame shows the client the gap and it resumes from the store.)
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
  /** Droppable frames not sent to a lagging socket (re-sent later, or resumed). */
  skipped = 0;
  /** Per socket id: rooms it was skipped in → the last seq it was sent there. */
  private readonly owed = new Map<string, Map<string, number>>();

  constructor(private readonly io: LiveServer, private readonly bounds: OutputBounds) {}

  /**
   * Ids of the sockets in `room` to leave out of its droppable frame `seq`: those past the soft
   * bound, and those still owed earlier frames of the room. Any past the hard bound is disconnected.
   */
  skip(room: string, seq: number): string[] {
    const members = this.io.sockets.adapter.rooms.get(room);
    if (!members) return [];
    const out: string[] = [];
    let over: LiveSocket[] | undefined;
    for (const id of members) {
      const socket = this.io.sockets.sockets.get(id);
      if (!socket) continue;
      const owedHere = this.owed.get(id)?.has(room) ?? false;
      const bytes = queuedBytes(socket.conn);
      if (bytes > this.bounds.hardBytes) (over ??= []).push(socket);
      if (owedHere || bytes > this.bounds.softBytes) {
        out.push(id);
        if (!owedHere) this.owe(id, room, seq - 1);
      }
    }
    // Not while iterating: a disconnect removes the socket from the room's set.
    if (over) for (const s of over) this.drop(s);
    this.skipped += out.length;
    return out;
  }

  /**
   * For every socket owed frames that has caught up to the soft bound, hand one room to `resend`
   * (socket, room, last seq it was sent); the room is then settled.
   */
  catchUp(resend: (socket: LiveSocket, room: string, afterSeq: number) => void): void {
    for (const [id, rooms] of this.owed) {
      const socket = this.io.sockets.sockets.get(id);
      if (!socket) { this.owed.delete(id); continue; }
      if (queuedBytes(socket.conn) > this.bounds.softBytes) continue;
      const [room, afterSeq] = rooms.entries().next().value!;
      this.settle(id, room);
      if (socket.rooms.has(room)) resend(socket, room, afterSeq);
    }
  }

  /** The socket joined or left `room` afresh (a subscription answered it): it is owed nothing there. */
  settle(id: string, room: string): void {
    const rooms = this.owed.get(id);
    if (!rooms) return;
    rooms.delete(room);
    if (rooms.size === 0) this.owed.delete(id);
  }

  /** The socket is gone. */
  forget(id: string): void {
    this.owed.delete(id);
  }

  /**
   * Resolves once `socket` has taken what it was sent, down to the soft bound (true), or has gone
   * (false). At once when it is below the bound already.
   */
  async caughtUp(socket: LiveSocket): Promise<boolean> {
    while (socket.connected && queuedBytes(socket.conn) > this.bounds.softBytes) await new Promise((r) => setTimeout(r, 50));
    return socket.connected;
  }

  /** Disconnect every socket past the hard bound (also those in no room of droppable frames). */
  sweep(): void {
    let over: LiveSocket[] | undefined;
    for (const socket of this.io.sockets.sockets.values()) {
      if (queuedBytes(socket.conn) > this.bounds.hardBytes) (over ??= []).push(socket);
    }
    if (over) for (const s of over) this.drop(s);
  }

  private owe(id: string, room: string, lastSent: number): void {
    let rooms = this.owed.get(id);
    if (!rooms) this.owed.set(id, (rooms = new Map()));
    rooms.set(room, lastSent);
  }

  private drop(socket: LiveSocket): void {
    const mb = (b: number) => (b / 1048576).toFixed(1);
    console.warn(`live: disconnected socket ${socket.id} (${socket.handshake.address}): ${mb(queuedBytes(socket.conn))} MB queued, `
      + `over the bound of ${mb(this.bounds.hardBytes)} MB; the client is not reading`);
    this.dropped++;
    this.forget(socket.id);
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
