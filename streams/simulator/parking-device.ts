/**
 * A parking lot and its space sensors.
 *
 * Each space is its own two-state process (free ⇄ occupied) whose rates pull it towards the lot
 * kind's occupancy profile; a space reports on every change and as a heartbeat every 300 s.
 * The lot reports every 30 s the number of occupied spaces at that instant, so the lot count
 * always equals the sum of the spaces' latest states.
 */
import type { PointInput } from '../line-protocol/format.ts';
import { MEASUREMENTS } from '../families/index.ts';
import type { ParkingKind, ParkingLotConfig } from './community-config.ts';
import { firstTick, phaseOf, type Device, type DeviceContext } from './device.ts';
import { maxParkingTurnover, parkingTarget, parkingTurnover } from './profiles.ts';
import { HOUR_MS } from '../china-time.ts';
import { Rng, rngFor } from './random.ts';
import { lotTags, spaceTags, type Tags } from './series.ts';

/** Frozen, shared field sets: a space point only ever says occupied or free. */
const OCCUPIED = Object.freeze({ occupied: true });
const FREE = Object.freeze({ occupied: false });

class Space {
  occupied: boolean;
  private nextEvent: number;
  private nextReport: number;
  private readonly rng: Rng;
  private readonly maxRate: number;

  constructor(
    ctx: DeviceContext, private readonly kind: ParkingKind, readonly id: string, private readonly tags: Tags,
    private readonly reportMs: number,
  ) {
    this.rng = rngFor(ctx.seed, 'space', ctx.community.id, id);
    this.maxRate = maxParkingTurnover(kind);
    this.occupied = this.rng.next() < parkingTarget(kind, ctx.start);
    this.nextEvent = ctx.start + this.wait();
    this.nextReport = firstTick(ctx.start, reportMs, phaseOf(ctx, id, reportMs));
  }

  /** Candidate arrivals/departures at the maximum rate, thinned to the current one. */
  private wait(): number {
    return Math.max(1, Math.round(this.rng.exponential(this.maxRate) * HOUR_MS));
  }

  /** Emits changes and heartbeats up to `to`, recording the times of arrivals and departures. */
  advanceTo(to: number, out: PointInput[], arrivals: number[], departures: number[]): void {
    for (;;) {
      const t = Math.min(this.nextEvent, this.nextReport);
      if (t > to) return;
      if (this.nextEvent === t) {
        const rate = parkingTurnover(this.kind, t);
        const p = parkingTarget(this.kind, t);
        const flipRate = this.occupied ? rate * (1 - p) : rate * p;
        if (this.rng.next() * this.maxRate < flipRate) {
          this.occupied = !this.occupied;
          (this.occupied ? arrivals : departures).push(t);
          out.push({ measurement: 'parking_space', tags: this.tags, fields: this.occupied ? OCCUPIED : FREE, time: t });
        }
        this.nextEvent = t + this.wait();
      } else {
        out.push({ measurement: 'parking_space', tags: this.tags, fields: this.occupied ? OCCUPIED : FREE, time: t });
        this.nextReport += this.reportMs;
      }
    }
  }
}

export class ParkingLot implements Device {
  private readonly spaces: Space[];
  private readonly tags: Tags;
  private readonly intervalMs = MEASUREMENTS.parking.intervalS * 1000;
  private readonly capacity: { int: number };
  /** Shared `{ int: n }` values for 0…capacity. */
  private readonly counts: { int: number }[];
  private next: number;
  private occupied: number;

  constructor(ctx: DeviceContext, private readonly lot: ParkingLotConfig) {
    this.tags = lotTags(ctx.community, lot);
    const spaceMs = MEASUREMENTS.parking_space.intervalS * 1000;
    this.spaces = lot.spaces.map((s) => new Space(ctx, lot.kind, s, spaceTags(ctx.community, lot, s), spaceMs));
    this.occupied = this.spaces.reduce((n, s) => n + (s.occupied ? 1 : 0), 0);
    this.capacity = Object.freeze({ int: lot.capacity });
    this.counts = Array.from({ length: lot.capacity + 1 }, (_, i) => Object.freeze({ int: i }));
    this.next = firstTick(ctx.start, this.intervalMs, phaseOf(ctx, lot.id, this.intervalMs));
  }

  advance(to: number, out: PointInput[]): void {
    // Spaces run on their own; the lot then counts, at each of its reports, the changes so far.
    const arrivals: number[] = [];
    const departures: number[] = [];
    for (const s of this.spaces) s.advanceTo(to, out, arrivals, departures);
    arrivals.sort(numeric);
    departures.sort(numeric);
    let a = 0;
    let d = 0;
    while (this.next <= to) {
      const t = this.next;
      while (a < arrivals.length && arrivals[a] <= t) { this.occupied++; a++; }
      while (d < departures.length && departures[d] <= t) { this.occupied--; d++; }
      out.push({
        measurement: 'parking',
        tags: this.tags,
        fields: { occupied: this.counts[this.occupied], capacity: this.capacity },
        time: t,
      });
      this.next += this.intervalMs;
    }
    this.occupied += arrivals.length - a - (departures.length - d);
  }
}

const numeric = (x: number, y: number): number => x - y;
