/** The twin's one loop: frames on demand, one per request burst, none after dispose. */
import { describe, expect, it } from 'vitest';
import { FrameLoop, type FrameScheduler } from '../../../client/twin/scene/frame-loop.ts';
import { animationFps } from '../../../client/twin/scene/animation-rate.ts';

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

  it('spaces frames out to its rate: at 30 fps on a 60 Hz display every other frame draws, and a request waits its turn', () => {
    const f = manualFrames();
    const seen: number[] = [];
    const loop = new FrameLoop((now) => (seen.push(Math.round(now)), true), f.scheduler, 1000 / 30);
    loop.request();
    for (let i = 1; i <= 8; i++) f.tick(i * 1000 / 60);
    expect(seen).toEqual([17, 50, 83, 117]);
    loop.dispose();
    const once: number[] = [];
    const demand = new FrameLoop((now) => (once.push(Math.round(now)), false), f.scheduler, 1000 / 30);
    demand.request();
    f.tick(100);
    demand.request(); // a live tick 17 ms after the last frame
    f.tick(117);
    f.tick(133);
    expect(once).toEqual([100, 133]);
    // flush draws at once whatever the spacing (probes read the result straight away).
    demand.request();
    demand.flush(140);
    expect(once).toEqual([100, 133, 140]);
  });
});

describe('animationFps', () => {
  it('is 30 unless the URL asks for a rate between 1 and 60', () => {
    expect(animationFps('')).toBe(30);
    expect(animationFps('?fps=15')).toBe(15);
    expect(animationFps('?node=c&fps=60')).toBe(60);
    for (const bad of ['?fps=0', '?fps=120', '?fps=abc', '?fps=-5']) expect(animationFps(bad), bad).toBe(30);
  });
});
