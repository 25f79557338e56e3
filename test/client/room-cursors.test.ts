import { describe, expect, it } from 'vitest';
import { RoomCursors, type Admission } from '../../client/live/room-cursors.ts';
import type { RoomSnapshot } from '../../streams/live-protocol.ts';

const R = 'c-a/energy';
const snap = (seq: number, mode: RoomSnapshot['mode'] = 'snapshot', room = R): RoomSnapshot => ({ room, seq, mode });

describe('RoomCursors: sequence bookkeeping per room', () => {
  it('applies the next frames in order and drops duplicates', () => {
    const c = new RoomCursors();
    c.acknowledge('e1', [snap(5)]);
    const seen: Admission[] = [6, 7, 7, 5, 8].map((seq) => c.admit(R, 'e1', seq));
    expect(seen).toEqual(['apply', 'apply', 'duplicate', 'duplicate', 'apply']);
    expect(c.seqOf(R)).toBe(8);
  });

  it('holds frames back until the subscription is acknowledged, and for another epoch', () => {
    const c = new RoomCursors();
    expect(c.admit(R, 'e1', 1)).toBe('early');
    c.acknowledge('e1', [snap(3)]);
    expect(c.admit(R, 'e2', 4)).toBe('early');
    expect(c.admit('c-a/pipe', 'e1', 1)).toBe('early');
  });

  // The gap table: after seq 10 is applied, a frame arrives with a later seq.
  const gapCases: { name: string; frames: number[]; want: Admission[] }[] = [
    { name: 'one gap asks once, later frames wait for the replay', frames: [12, 13, 14], want: ['gap', 'held', 'held'] },
    { name: 'the missing frame itself still applies', frames: [12, 11, 12], want: ['gap', 'apply', 'apply'] },
  ];
  for (const tc of gapCases) {
    it(`detects a gap: ${tc.name}`, () => {
      const c = new RoomCursors();
      c.acknowledge('e1', [snap(10)]);
      expect(tc.frames.map((seq) => c.admit(R, 'e1', seq))).toEqual(tc.want);
    });
  }

  it('resumes with the last seq and sample time per room, and takes the replay before the ack', () => {
    const c = new RoomCursors();
    c.acknowledge('e1', [snap(10), snap(3, 'snapshot', 'c-a/alert')]);
    c.admit(R, 'e1', 11);
    c.noteTime(R, 1_700_000_000_000);
    c.noteTime(R, 1_600_000_000_000);
    expect(c.resumeFor([R, 'c-a/alert', 'c-a/env'])).toEqual({
      epoch: 'e1',
      rooms: { [R]: { seq: 11, time: 1_700_000_000_000 }, 'c-a/alert': { seq: 3, time: NaN } },
    });
    // Socket cut: frames 12…13 were missed; the server re-sends them before its 'resumed' ack.
    expect(c.admit(R, 'e1', 12)).toBe('apply');
    expect(c.admit(R, 'e1', 13)).toBe('apply');
    expect(c.acknowledge('e1', [snap(13, 'resumed')])).toBe(false);
    expect(c.admit(R, 'e1', 14)).toBe('apply');
    expect(c.lost).toBe(0);
  });

  it('after a gap, the resumed ack ends the hold; a store catch-up frame jumps to its seq', () => {
    const c = new RoomCursors();
    c.acknowledge('e1', [snap(10)]);
    expect(c.admit(R, 'e1', 12)).toBe('gap');
    expect(c.admit(R, 'e1', 40, true)).toBe('apply');
    c.acknowledge('e1', [snap(40, 'resumed')]);
    expect(c.admit(R, 'e1', 41)).toBe('apply');
    expect(c.admit(R, 'e1', 43)).toBe('gap');
  });

  it('counts frames the server could not re-send instead of asking forever', () => {
    const c = new RoomCursors();
    c.acknowledge('e1', [snap(10)]);
    c.acknowledge('e1', [snap(15, 'resumed')]);
    expect(c.lost).toBe(5);
    expect(c.admit(R, 'e1', 16)).toBe('apply');
  });

  it('resets on a new epoch (server restarted) and says so', () => {
    const c = new RoomCursors();
    c.acknowledge('e1', [snap(10)]);
    expect(c.acknowledge('e2', [snap(2)])).toBe(true);
    expect(c.admit(R, 'e1', 11)).toBe('early');
    expect(c.admit(R, 'e2', 3)).toBe('apply');
  });
});
