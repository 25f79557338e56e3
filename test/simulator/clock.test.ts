import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulationClock, runSimulator } from '../../streams/simulator/clock.ts';
import { CommunitySimulator } from '../../streams/simulator/community-simulator.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import type { PointInput } from '../../streams/line-protocol/format.ts';

const SIM_START = Date.UTC(2025, 5, 6, 0);

describe('SimulationClock', () => {
  it('rejects accelerations outside 1–3600 with a message naming the value', () => {
    for (const bad of [0, 0.5, -2, 3601, 1e6, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new SimulationClock({ simStart: SIM_START, acceleration: bad })).toThrow(String(bad));
    }
    const clock = new SimulationClock({ simStart: SIM_START, acceleration: 1 });
    expect(() => clock.setAcceleration(4000)).toThrow(/4000/);
    expect(() => clock.setAcceleration(4000)).toThrow(/1 to 3600/);
    expect(clock.acceleration).toBe(1);
    expect(() => new SimulationClock({ simStart: SIM_START, acceleration: 3600 })).not.toThrow();
  });

  it('maps real time to simulated time and keeps it continuous when the speed changes', () => {
    let real = 1_000_000;
    const clock = new SimulationClock({ simStart: SIM_START, acceleration: 60, realNow: () => real });
    expect(clock.now()).toBe(SIM_START);
    real += 1000;
    expect(clock.now()).toBe(SIM_START + 60_000);
    clock.setAcceleration(3600);
    expect(clock.now()).toBe(SIM_START + 60_000);
    real += 1000;
    expect(clock.now()).toBe(SIM_START + 60_000 + 3_600_000);
  });
});

describe('runSimulator', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('advances the simulator on its timer, delivers batches in order, and stop() clears the timer', () => {
    vi.useFakeTimers();
    let real = 0;
    const clock = new SimulationClock({ simStart: SIM_START, acceleration: 600, realNow: () => real, realStart: 0 });
    const simulator = new CommunitySimulator({ communities: [DEMO_COMMUNITY], seed: 1, start: SIM_START });
    const batches: PointInput[][] = [];
    const running = runSimulator({ simulator, clock, tickMs: 200, onPoints: (p) => { batches.push(p); } });
    expect(vi.getTimerCount()).toBe(1);
    for (let i = 0; i < 10; i++) {
      real += 200;
      vi.advanceTimersByTime(200);
    }
    expect(batches.length).toBe(10);
    const all = batches.flat();
    expect(all.at(-1)!.time).toBeLessThanOrEqual(SIM_START + 2000 * 600);
    for (let i = 1; i < all.length; i++) expect(all[i].time).toBeGreaterThanOrEqual(all[i - 1].time);
    running.stop();
    running.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('catches up after a stall in bounded steps instead of one huge batch', () => {
    vi.useFakeTimers();
    const simulator = new CommunitySimulator({ communities: [DEMO_COMMUNITY], seed: 1, start: SIM_START });
    let simNow = SIM_START;
    const sizes: number[] = [];
    const running = runSimulator({
      simulator, clock: { now: () => simNow }, tickMs: 200, maxSimStepMs: 600_000,
      onPoints: (p) => { sizes.push(p.length); },
    });
    simNow += 3_600_000; // the host slept through a simulated hour
    vi.advanceTimersByTime(200 * 3);
    expect(simulator.now).toBe(SIM_START + 3 * 600_000);
    vi.advanceTimersByTime(200 * 10);
    expect(simulator.now).toBe(SIM_START + 3_600_000);
    expect(Math.max(...sizes)).toBeLessThan(2 * Math.min(...sizes));
    running.stop();
  });

  it('waits for a slow consumer: the simulation lags instead of piling batches up', async () => {
    vi.useFakeTimers();
    const simulator = new CommunitySimulator({ communities: [DEMO_COMMUNITY], seed: 1, start: SIM_START });
    let simNow = SIM_START;
    let finish = () => {};
    let calls = 0;
    const running = runSimulator({
      simulator, clock: { now: () => simNow }, tickMs: 200, maxSimStepMs: 60_000,
      onPoints: () => { calls++; return new Promise<void>((r) => { finish = r; }); },
    });
    simNow += 600_000;
    vi.advanceTimersByTime(200 * 5);
    expect(calls).toBe(1);
    expect(running.behindMs()).toBe(540_000);
    finish();
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toBe(2);
    expect(running.behindMs()).toBe(480_000);
    running.stop();
  });

  it('reports errors from a tick and keeps running', () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const running = runSimulator({
      simulator: { now: 0, advance: () => { calls++; throw new Error('boom'); } },
      clock: { now: () => 0 },
      onPoints: () => {},
      onError: (e) => errors.push(e),
    });
    vi.advanceTimersByTime(1000);
    expect(calls).toBe(5);
    expect(errors).toHaveLength(5);
    running.stop();
    expect(() => runSimulator({ simulator: { now: 0, advance: () => [] }, clock: { now: () => 0 }, tickMs: 0, onPoints: () => {} })).toThrow(/tickMs/);
  });
});
