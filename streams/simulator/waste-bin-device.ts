/**
 * A waste bin's fill sensor, every 300 s: fill level and the number of times it has been emptied.
 *
 * The bin fills as residents take their waste out (the morning and evening windows of 定时定点投放,
 * service-profiles.ts), by its category's daily amount, more on some days than others. Collection
 * rounds empty it to a few per cent: food waste twice a day (日产日清, 09:30 and 21:30), residual
 * waste nightly at 22:00, recyclables at the 14:00 round once 60 % full, hazardous waste on
 * Wednesdays at 14:00. A round is ±20 min late or early, and about one in 30 misses a bin (the
 * truck is full, the lane blocked), which is when bins overflow.
 */
import type { PointInput } from '../line-protocol/format.ts';
import { WASTE_BIN, type WasteCategory } from '../families/index.ts';
import { PeriodicDevice, round1, type DeviceContext } from './device.ts';
import { CHINA_OFFSET_MS, DAY_MS, HOUR_MS, chinaDay, chinaWeekday } from '../china-time.ts';
import { hashFloat, hashString, rngFor, type Rng } from './random.ts';
import { disposalPerHour } from './service-profiles.ts';
import type { WasteBinConfig } from './service-config.ts';
import { binTags, type Tags } from './service-series.ts';

interface Round {
  /** Local clock hour of the round. */
  hour: number;
  /** Empties the bin only at or above this fill, %. */
  minFill: number;
  /** Days of the week it runs (0 = Sunday). Default every day. */
  days?: readonly number[];
}

/** Collection rounds by category. */
export const COLLECTION_ROUNDS: Readonly<Record<WasteCategory, readonly Round[]>> = {
  food: [{ hour: 9.5, minFill: 0 }, { hour: 21.5, minFill: 0 }],
  residual: [{ hour: 22, minFill: 0 }],
  recyclable: [{ hour: 14, minFill: 60 }],
  hazardous: [{ hour: 14, minFill: 5, days: [3] }],
};

/** Share of rounds that miss a bin. */
export const MISSED_ROUND_SHARE = 1 / 30;
const JITTER_H = 20 / 60;

export class WasteBinDevice extends PeriodicDevice {
  private readonly tags: Tags;
  private readonly rng: Rng;
  private readonly binHash: number;
  private readonly rounds: readonly Round[];
  private fill: number;
  private collections: number;
  /** Scripted missed collections: rounds due before this time skip the bin. */
  private skipUntil = -Infinity;
  private readonly forcedMisses: number[];
  private prev: number;

  /** `forcedMisses`: times from which the bin is skipped by the rounds of the next 24 h. */
  constructor(ctx: DeviceContext, private readonly b: WasteBinConfig, forcedMisses: readonly number[] = []) {
    super(ctx, b.id, WASTE_BIN.intervalS * 1000);
    this.tags = binTags(ctx.community, b);
    this.rng = rngFor(ctx.seed, 'waste', ctx.community.id, b.id);
    this.binHash = hashString(`${ctx.community.id}/${b.id}`, ctx.seed);
    this.rounds = COLLECTION_ROUNDS[b.category];
    this.fill = this.rng.uniform(5, 40);
    this.collections = Math.round(this.rng.uniform(100, 1500));
    this.forcedMisses = [...forcedMisses].sort((x, y) => x - y);
    this.prev = ctx.start;
  }

  /** Whether a round of this bin falls in (from, to], and whether it misses the bin. */
  private roundIn(from: number, to: number): { due: boolean; missed: boolean } {
    for (let day = chinaDay(from) - 1; day <= chinaDay(to); day++) {
      const midnight = day * DAY_MS - CHINA_OFFSET_MS;
      for (let k = 0; k < this.rounds.length; k++) {
        const r = this.rounds[k];
        if (r.days && !r.days.includes(chinaWeekday(midnight + HOUR_MS))) continue;
        // Stateless jitter and misses: the same round is late (or missed) however the run is stepped.
        const jitter = (hashFloat(this.binHash, day, k) * 2 - 1) * JITTER_H;
        const at = midnight + (r.hour + jitter) * HOUR_MS;
        if (at > from && at <= to && this.fill >= r.minFill) {
          return { due: true, missed: hashFloat(this.binHash ^ 0x5bd1e995, day, k) < MISSED_ROUND_SHARE };
        }
      }
    }
    return { due: false, missed: false };
  }

  protected tick(t: number, out: PointInput[]): void {
    const { rng, b } = this;
    while (this.forcedMisses.length > 0 && this.forcedMisses[0] <= t) this.skipUntil = this.forcedMisses.shift()! + DAY_MS;
    // Some days bring more waste than others (one factor a day, from the bin's stream of days).
    const dayFactor = 0.85 + 0.35 * hashFloat(this.binHash, chinaDay(t), 99);
    const dtH = this.intervalMs / HOUR_MS;
    this.fill = Math.min(100, this.fill + b.dailyFillPct * dayFactor * disposalPerHour(t) * dtH * (0.7 + 0.6 * rng.next()));
    const round = this.roundIn(this.prev, t);
    if (round.due && !round.missed && t >= this.skipUntil) {
      this.fill = rng.uniform(1, 4);
      this.collections++;
    }
    this.prev = t;
    // The ultrasonic sensor reads to a per cent or so.
    const reading = Math.min(100, Math.max(0, this.fill + rng.noise(0.6)));
    out.push({ measurement: 'waste_bin', tags: this.tags, fields: { fill_pct: round1(reading), collections: { int: this.collections } }, time: t });
  }
}
