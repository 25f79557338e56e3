/**
 * Where the client is in each room's sequence: the last sequence applied and the newest sample
 * time seen, per room, for one server epoch. Decides for every frame whether to apply it, drop it
 * as a duplicate, or treat it as a gap that needs a resubscription with `resume`.
 *
 * Pure bookkeeping, no socket: the connection asks, then acts.
 */
import type { RoomSnapshot, SubscribeRequest } from '../../streams/live-protocol.ts';

/**
 * - `apply`: the next frame of the room (or a store catch-up frame); process it.
 * - `duplicate`: already applied (seq ≤ last); drop it.
 * - `gap`: frames are missing before this one; drop it and resubscribe with `resume` (the server
 *   re-sends everything after the last applied seq, this frame included).
 * - `held`: a resubscription for this room is under way and will re-send this frame; drop it.
 * - `early`: the room's subscription is not acknowledged yet in this epoch; keep it until the ack.
 */
export type Admission = 'apply' | 'duplicate' | 'gap' | 'held' | 'early';

interface Cursor {
  seq: number;
  /** Newest sample time seen in the room, epoch ms (NaN before any). */
  time: number;
  resyncing: boolean;
}

export class RoomCursors {
  /** Epoch of the server the cursors belong to; undefined before the first acknowledgement. */
  epoch: string | undefined;
  private readonly cursors = new Map<string, Cursor>();
  /** Frames known to be lost for good (the server could not re-send them). */
  lost = 0;

  /** What to do with a frame of `room`. Advances the cursor when the answer is `apply`. */
  admit(room: string, epoch: string, seq: number, fromStore = false): Admission {
    const c = this.cursors.get(room);
    if (!c || epoch !== this.epoch) return 'early';
    if (fromStore) {
      // A catch-up from the store carries the room's current seq and covers everything before it.
      if (seq < c.seq) return 'duplicate';
      c.seq = seq;
      c.resyncing = false;
      return 'apply';
    }
    if (seq <= c.seq) return 'duplicate';
    if (seq === c.seq + 1) {
      c.seq = seq;
      return 'apply';
    }
    if (c.resyncing) return 'held';
    c.resyncing = true;
    return 'gap';
  }

  /** Record the newest sample time of an applied frame (epoch ms). */
  noteTime(room: string, time: number): void {
    const c = this.cursors.get(room);
    if (c && Number.isFinite(time) && !(time <= c.time)) c.time = time;
  }

  /**
   * Take a subscribe acknowledgement. Returns true when the epoch changed (server restarted): all
   * cursors were reset and the caller must drop what it derived from the old epoch's series ids.
   */
  acknowledge(epoch: string, rooms: readonly RoomSnapshot[]): boolean {
    const changed = this.epoch !== undefined && this.epoch !== epoch;
    if (this.epoch !== epoch) {
      this.cursors.clear();
      this.epoch = epoch;
    }
    for (const r of rooms) {
      const c = this.cursors.get(r.room);
      if (r.mode === 'snapshot' || !c) {
        this.cursors.set(r.room, { seq: r.seq, time: c?.time ?? NaN, resyncing: false });
        continue;
      }
      // 'resumed': the missed frames came before this ack and were applied; anything still
      // missing cannot be re-sent, so count it rather than ask again forever.
      if (c.seq < r.seq) {
        this.lost += r.seq - c.seq;
        c.seq = r.seq;
      }
      c.resyncing = false;
    }
    return changed;
  }

  /** The `resume` argument for resubscribing to `rooms` (undefined when there is nothing to resume). */
  resumeFor(rooms: readonly string[]): SubscribeRequest['resume'] {
    if (this.epoch === undefined) return undefined;
    const out: Record<string, { seq: number; time: number }> = {};
    let any = false;
    for (const name of rooms) {
      const c = this.cursors.get(name);
      if (!c) continue;
      out[name] = { seq: c.seq, time: c.time };
      any = true;
    }
    return any ? { epoch: this.epoch, rooms: out } : undefined;
  }

  /** Last applied sequence of a room (undefined when not subscribed). */
  seqOf(room: string): number | undefined {
    return this.cursors.get(room)?.seq;
  }

  forget(room: string): void {
    this.cursors.delete(room);
  }
}
