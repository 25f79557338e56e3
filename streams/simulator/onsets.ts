/**
 * When episodes start (a lift fault, a pump failure, an intrusion): a Poisson process whose rate
 * follows a daily shape, drawn by thinning from the device's own stream, plus scripted onsets (the
 * demo's staged incidents). Polled at the device's reports, so an onset is seen at the first
 * report at or after it.
 */
import { HOUR_MS, chinaHour } from '../china-time.ts';
import { interp24 } from './profiles.ts';
import type { Rng } from './random.ts';

/** A flat day: the same rate at every hour. */
export const ALL_DAY: readonly number[] = Array.from({ length: 24 }, () => 1);

export class Onsets {
  private next: number;
  private readonly maxRatePerMs: number;
  private readonly shapeMax: number;
  private readonly forced: number[];

  /**
   * @param meanGapMs mean time between onsets, ms
   * @param shape relative rate by local hour (any scale)
   * @param forced scripted onsets, epoch ms
   */
  constructor(private readonly rng: Rng, meanGapMs: number, private readonly shape: readonly number[], start: number, forced: readonly number[] = []) {
    const mean = shape.reduce((a, b) => a + b, 0) / shape.length;
    this.shapeMax = Math.max(...shape);
    this.maxRatePerMs = this.shapeMax / mean / meanGapMs;
    this.next = this.after(start);
    this.forced = forced.filter((t) => t > start).sort((a, b) => a - b);
  }

  private after(t: number): number {
    return t + Math.max(1, this.rng.exponential(this.maxRatePerMs));
  }

  /**
   * Whether an episode starts at or before `t` (and after the previous poll): `forced` for a
   * scripted one, `natural` for one of the process, null for none. Candidates rejected by the
   * shape are consumed on the way.
   */
  due(t: number): 'forced' | 'natural' | null {
    if (this.forced.length > 0 && this.forced[0] <= t) {
      while (this.forced.length > 0 && this.forced[0] <= t) this.forced.shift();
      return 'forced';
    }
    let hit = false;
    while (this.next <= t) {
      if (this.rng.next() * this.shapeMax < interp24(this.shape, chinaHour(this.next))) hit = true;
      this.next = this.after(this.next);
    }
    return hit ? 'natural' : null;
  }
}

export const MINUTE_MS = 60_000;
export { HOUR_MS };
