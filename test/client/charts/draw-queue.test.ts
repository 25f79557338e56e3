/** The page's chart draw queue: charts take turns, one per frame, one live redraw per gap. */
import { describe, expect, it } from 'vitest';
import { DrawQueue, type DrawScheduler } from '../../../client/charts/draw-queue.ts';

/** Frames and timers run by hand on a clock moved by hand; each draw takes `drawMs`. */
function manual(drawMs = 0, framesRun = true) {
  let now = 0;
  let next = 1;
  const frames = new Map<number, () => void>();
  const timers = new Map<number, { at: number; cb: () => void }>();
  const scheduler: DrawScheduler = {
    now: () => now,
    frame: (cb) => (frames.set(next, cb), next++),
    cancelFrame: (id) => { frames.delete(id); },
    after: (ms, cb) => (timers.set(next, { at: now + ms, cb }), next++) as unknown as ReturnType<typeof setTimeout>,
    cancelAfter: (id) => { timers.delete(id as unknown as number); },
  };
  const drawn: string[] = [];
  const job = (name: string) => ({ drawNow: () => { drawn.push(`${name}@${now}`); now += drawMs; } });
  /** Runs frames every 16 ms up to `until`, firing due timers between them. */
  const run = (until: number) => {
    while (now < until) {
      for (const [id, t] of [...timers]) if (t.at <= now) { timers.delete(id); t.cb(); }
      if (framesRun) {
        const due = [...frames.values()];
        frames.clear();
        for (const cb of due) cb();
      }
      now += 16;
    }
  };
  return { scheduler, drawn, job, run, pending: () => frames.size + timers.size };
}

describe('DrawQueue', () => {
  it('draws live redraws one at a time, a gap apart, oldest first', () => {
    const m = manual(40);
    const q = new DrawQueue(300, m.scheduler);
    for (const name of ['energy', 'parking', 'pressure']) q.add(m.job(name));
    m.run(1000);
    expect(m.drawn.map((d) => d.split('@')[0])).toEqual(['energy', 'parking', 'pressure']);
    const at = m.drawn.map((d) => Number(d.split('@')[1]));
    // Each starts at least the gap after the previous one ended (40 ms of drawing).
    for (let i = 1; i < at.length; i++) expect(at[i] - (at[i - 1] + 40)).toBeGreaterThanOrEqual(300);
    expect(m.pending()).toBe(0);
  });

  it('draws urgent jobs (first draws, restyles) one per frame, before waiting live ones', () => {
    const m = manual(5);
    const q = new DrawQueue(300, m.scheduler);
    const live = m.job('live');
    q.add(live);
    m.run(20); // live drew; the gap runs
    q.add(live);
    q.add(m.job('radar'), true);
    q.add(m.job('energy'), true);
    m.run(100);
    expect(m.drawn.map((d) => d.split('@')[0])).toEqual(['live', 'radar', 'energy']);
    m.run(600);
    expect(m.drawn.map((d) => d.split('@')[0])).toEqual(['live', 'radar', 'energy', 'live']);
  });

  it('takes its turns without animation frames where frames do not come (a busy wall PC)', () => {
    const m = manual(10, false);
    const q = new DrawQueue(300, m.scheduler);
    q.add(m.job('energy'));
    q.add(m.job('parking'));
    m.run(1000);
    expect(m.drawn.map((d) => d.split('@')[0])).toEqual(['energy', 'parking']);
    const at = m.drawn.map((d) => Number(d.split('@')[1]));
    expect(at[0]).toBeLessThanOrEqual(112);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(310);
  });

  it('adds a waiting job once, and forgets a removed one', () => {
    const m = manual();
    const q = new DrawQueue(300, m.scheduler);
    const a = m.job('a');
    const b = m.job('b');
    q.add(a);
    q.add(a);
    q.add(b);
    expect(q.waiting).toBe(2);
    q.remove(b);
    q.remove(a);
    expect(m.pending()).toBe(0);
    m.run(1000);
    expect(m.drawn).toEqual([]);
  });

  it('keeps going after a draw throws', () => {
    const m = manual();
    const q = new DrawQueue(0, m.scheduler);
    q.add({ drawNow: () => { throw new Error('boom'); } }, true);
    q.add(m.job('next'), true);
    expect(() => m.run(16)).toThrow('boom');
    m.run(100);
    expect(m.drawn.map((d) => d.split('@')[0])).toEqual(['next']);
  });
});
