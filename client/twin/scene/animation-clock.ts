/**
 * The clock of the twin's animations: alert and leak markers pulse, and dashes flow along pipes.
 * Both are driven by layer uniforms (`radiusScale`, `opacity`, `currentTime`), so a step changes
 * no attribute. A wall needs no more than 10 steps a second for this.
 */

/** Time between animation steps, ms (10 fps). */
export const STEP_MS = 100;
/** One pulse of a marker, ms. */
export const PULSE_MS = 1500;
/** Flow dashes move at this speed (m/s) and repeat along a segment every period (m). */
export const FLOW_M_PER_S = 6;
export const FLOW_PERIOD_M = 60;

export class AnimationClock {
  /** 0..1 phase of the marker pulse. */
  pulse = 0;
  /** Position of the flow dashes along a segment, metres (TripsLayer's `currentTime`). */
  flowM = 0;
  private last = -Infinity;

  /** Advances to `now` (ms) if a step is due; returns true when it did. */
  advance(now: number): boolean {
    if (now - this.last < STEP_MS) return false;
    this.last = now;
    this.pulse = (now % PULSE_MS) / PULSE_MS;
    this.flowM = ((now / 1000) * FLOW_M_PER_S) % FLOW_PERIOD_M;
    return true;
  }
}
