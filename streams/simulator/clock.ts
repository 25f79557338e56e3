/**
 * Simulated time from real time: sim = simStart + (real − realStart) × acceleration, with the
 * acceleration between 1× (live) and 3600× (an hour per second). Changing the acceleration keeps
 * simulated time continuous. `runSimulator` drives a simulator from a clock on a timer.
 */
import type { PointInput } from '../line-protocol/format.ts';

export const MIN_ACCELERATION = 1;
export const MAX_ACCELERATION = 3600;

export function validateAcceleration(acceleration: number): number {
  if (typeof acceleration !== 'number' || !Number.isFinite(acceleration) || acceleration < MIN_ACCELERATION || acceleration > MAX_ACCELERATION) {
    throw new RangeError(
      `simulation acceleration must be a number from ${MIN_ACCELERATION} to ${MAX_ACCELERATION} (× real time), got ${String(acceleration)}`,
    );
  }
  return acceleration;
}

export interface ClockOptions {
  /** Simulated epoch ms at `realStart`. */
  simStart: number;
  /** 1–3600, default 1. */
  acceleration?: number;
  /**
   * Real-time source, epoch ms. Default: the monotonic clock (performance.timeOrigin + now()), so
   * a wall-clock step (NTP, DST on the host) cannot make simulated time jump. Inject for tests.
   */
  realNow?: () => number;
  /** Real epoch ms at which simulated time is `simStart` (default: now). */
  realStart?: number;
}

const monotonicNow = (): number => performance.timeOrigin + performance.now();

export class SimulationClock {
  private readonly realNow: () => number;
  private anchorReal: number;
  private anchorSim: number;
  private accel: number;

  constructor(opts: ClockOptions) {
    if (!Number.isFinite(opts.simStart)) throw new RangeError(`SimulationClock: simStart must be epoch ms, got ${opts.simStart}`);
    this.accel = validateAcceleration(opts.acceleration ?? 1);
    this.realNow = opts.realNow ?? monotonicNow;
    this.anchorReal = opts.realStart ?? this.realNow();
    this.anchorSim = opts.simStart;
  }

  get acceleration(): number {
    return this.accel;
  }

  /** Simulated time now. */
  now(): number {
    return this.simTimeAt(this.realNow());
  }

  /** Simulated time at a real instant (not before the last re-anchoring). */
  simTimeAt(realMs: number): number {
    return this.anchorSim + Math.max(0, realMs - this.anchorReal) * this.accel;
  }

  /** Changes the speed from now on; simulated time does not jump. */
  setAcceleration(acceleration: number): void {
    validateAcceleration(acceleration);
    const real = this.realNow();
    this.anchorSim = this.simTimeAt(real);
    this.anchorReal = real;
    this.accel = acceleration;
  }
}

export interface RunOptions {
  /** A CommunitySimulator, or anything with its `advance` and `now`. */
  simulator: { advance(toSimTime: number): PointInput[]; readonly now: number };
  clock: { now(): number };
  /** Real ms between advances (default 200). */
  tickMs?: number;
  /**
   * Receives each non-empty batch, in time order. When it returns a promise, the simulator does
   * not advance again until it settles: a consumer that takes longer than real time makes the
   * simulation lag (see `behindMs`) instead of piling batches up.
   */
  onPoints: (points: PointInput[]) => void | Promise<void>;
  /**
   * Most simulated ms one tick may cover (default one hour). After a stall (a suspended host, a
   * long GC) the simulator then catches up over several ticks instead of producing one huge batch.
   */
  maxSimStepMs?: number;
  /** Called when advancing or onPoints throws; the timer keeps running. Default: console.error. */
  onError?: (err: unknown) => void;
}

export interface RunningSimulator {
  /** Clears the timer; idempotent. */
  stop(): void;
  /** How far the simulation is behind its clock, ms (0 when it keeps pace). */
  behindMs(): number;
}

/** Advances the simulator to the clock's time every `tickMs` until stopped. */
export function runSimulator({
  simulator, clock, tickMs = 200, onPoints, onError, maxSimStepMs = 3_600_000,
}: RunOptions): RunningSimulator {
  if (!Number.isFinite(tickMs) || tickMs <= 0) throw new RangeError(`runSimulator: tickMs must be > 0, got ${tickMs}`);
  if (!(maxSimStepMs > 0)) throw new RangeError(`runSimulator: maxSimStepMs must be > 0, got ${maxSimStepMs}`);
  const report = onError ?? ((err: unknown) => console.error('simulator tick failed:', err));
  let busy = false;
  let timer: ReturnType<typeof setInterval> | undefined = setInterval(() => {
    if (busy) return;
    try {
      const points = simulator.advance(Math.min(clock.now(), simulator.now + maxSimStepMs));
      if (points.length === 0) return;
      const done = onPoints(points);
      if (done) {
        busy = true;
        done.catch(report).finally(() => { busy = false; });
      }
    } catch (err) {
      report(err);
    }
  }, tickMs);
  return {
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
    behindMs: () => Math.max(0, clock.now() - simulator.now),
  };
}
