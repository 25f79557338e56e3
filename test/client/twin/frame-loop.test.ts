/** The twin's one loop: frames on demand, one per request burst, none after dispose. */
import { describe, expect, it } from 'vitest';
import { FrameLoop, type FrameScheduler } from '../../../client/twin/scene/frame-loop.ts';

/** Animation frames run by hand. */
function manualFrames() {
  const queued = new Map<number, (now: number) => void>();
  let next = 1;
  const scheduler: FrameScheduler = { request: (cb) => (queued.set(next, cb), next++), cancel: (id) => { queued.delete(id); } };
  const tick = (now: number) => { const cbs = [...queued.values()]; queued.clear(); for (const cb of cbs) cb(now); };
  return { scheduler, tick, pending: () => queued.size };
}

describe('FrameLoop', () => {
  it('runs one frame for many requests, and keeps running only while the frame asks to', () => {
    const f = manualFrames();
    const seen: number[] = [];
    let animate = 2;
    const loop = new FrameLoop((now) => (seen.push(now), animate-- > 0), f.scheduler);
    loop.request();
    loop.request();
    loop.request();
    expect(f.pending()).toBe(1);
    for (const now of [16, 33, 50, 66]) f.tick(now);
    expect(seen).toEqual([16, 33, 50]);
    expect(f.pending()).toBe(0); // idle: no frame is waiting
  });

  it('flush runs a requested frame at once; dispose cancels the one waiting and refuses more', () => {
    const f = manualFrames();
    const seen: number[] = [];
    const loop = new FrameLoop((now) => (seen.push(now), false), f.scheduler);
    loop.flush(1);
    expect(seen).toEqual([]); // nothing was requested
    loop.request();
    loop.flush(5);
    expect(seen).toEqual([5]);
    expect(f.pending()).toBe(0);
    loop.request();
    loop.dispose();
    expect(f.pending()).toBe(0);
    loop.request();
    f.tick(9);
    expect(seen).toEqual([5]);
  });
});
