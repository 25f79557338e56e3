/**
 * What every simulated device shares: its own schedule and its own random stream.
 *
 * A device reports at `phase + k·interval` (absolute, so the schedule does not depend on where
 * the simulation starts or how it is stepped) and evolves its state only at its own reports.
 * `advance(to, out)` appends, in time order, every point of the device with time in
 * (previous `to`, `to`]; calling it once or many times over the same span gives the same points.
 */
import type { PointInput } from '../line-protocol/format.ts';
import type { CommunityConfig } from './community-config.ts';
import type { Weather } from './weather.ts';
import { hashInt } from './random.ts';

export interface Device {
  advance(to: number, out: PointInput[]): void;
}

export interface DeviceContext {
  seed: number;
  community: CommunityConfig;
  weather: Weather;
  /** Epoch ms of the simulated start; points are produced strictly after it. */
  start: number;
  /** Local multiplier on city rain (storms are patchy), ~0.75–1.25. */
  rainFactor: number;
}

/** The device's reporting phase within its interval, ms. */
export function phaseOf(ctx: DeviceContext, device: string, intervalMs: number): number {
  return hashInt(intervalMs, ctx.seed, 'phase', ctx.community.id, device);
}

/** The first reporting time strictly after `start`. */
export function firstTick(start: number, intervalMs: number, phaseMs: number): number {
  return Math.floor((start - phaseMs) / intervalMs) * intervalMs + phaseMs + intervalMs;
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** One `alert` point. */
export function alertPoint(
  community: string, neighbourhood: string, type: string, severity: string, device: string,
  location: string, message: string, value: number, time: number,
): PointInput {
  return {
    measurement: 'alert',
    tags: { community, neighbourhood, type, severity, device },
    fields: { location, message, value },
    time,
  };
}

/**
 * Shared driver for devices on a fixed schedule: calls `tick(t)` for each report time up to `to`.
 */
export abstract class PeriodicDevice implements Device {
  protected next: number;

  constructor(protected readonly ctx: DeviceContext, id: string, protected readonly intervalMs: number) {
    this.next = firstTick(ctx.start, intervalMs, phaseOf(ctx, id, intervalMs));
  }

  advance(to: number, out: PointInput[]): void {
    while (this.next <= to) {
      this.tick(this.next, out);
      this.next += this.intervalMs;
    }
  }

  protected abstract tick(t: number, out: PointInput[]): void;
}
