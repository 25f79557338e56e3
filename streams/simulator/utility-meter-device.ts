/**
 * A building's remote-read water or gas meter, every 300 s: the flow over the interval and the
 * cumulative register, which only grows.
 *
 * Water follows the community's demand (profiles.ts: washing and breakfast at 7–9 h, a lunch bump,
 * cooking and bathing in the evening) in homes, and office hours in service buildings. Gas follows
 * the meals (breakfast, lunch, dinner) and rises in cold weather (water heaters, 火锅).
 */
import type { PointInput } from '../line-protocol/format.ts';
import { UTILITY_METER } from '../families/index.ts';
import { PeriodicDevice, round3, type DeviceContext } from './device.ts';
import { HOUR_MS } from '../china-time.ts';
import { buildingLoadShape, gasDemand, waterDemand } from './profiles.ts';
import { rngFor, type Rng } from './random.ts';
import type { UtilityMeterConfig } from './service-config.ts';
import { utilityTags, type Tags } from './service-series.ts';

/** Mean over a day of a shape of time (sampled every 15 min of a weekday). */
function dayMean(shape: (t: number) => number): number {
  // 2025-06-04, a Wednesday, 00:00 China time.
  const day = Date.UTC(2025, 5, 3, 16);
  let sum = 0;
  for (let i = 0; i < 96; i++) sum += shape(day + i * 15 * 60_000);
  return sum / 96;
}

const WATER_MEAN = dayMean(waterDemand);
const GAS_MEAN = dayMean((t) => gasDemand(t, 20));
const PUBLIC_MEAN = dayMean((t) => buildingLoadShape('public_service', t));
const COMMERCIAL_MEAN = dayMean((t) => buildingLoadShape('commercial', t));

export class UtilityMeterDevice extends PeriodicDevice {
  private readonly tags: Tags;
  private readonly rng: Rng;
  private cumulative: number;
  private noise = 0;

  constructor(ctx: DeviceContext, private readonly m: UtilityMeterConfig) {
    super(ctx, m.id, UTILITY_METER.intervalS * 1000);
    this.tags = utilityTags(ctx.community, m);
    this.rng = rngFor(ctx.seed, 'utility', ctx.community.id, m.id);
    // A register some years in service.
    this.cumulative = Math.round(m.dailyM3 * this.rng.uniform(300, 2500));
  }

  /** Flow relative to the day's mean (1 on average over a mild day). */
  private shape(t: number): number {
    const { category, utility } = this.m;
    if (utility === 'gas') return gasDemand(t, this.ctx.weather.temperatureC(t)) / GAS_MEAN;
    if (category === 'residential') return waterDemand(t) / WATER_MEAN;
    return category === 'commercial' ? buildingLoadShape('commercial', t) / COMMERCIAL_MEAN : buildingLoadShape('public_service', t) / PUBLIC_MEAN;
  }

  protected tick(t: number, out: PointInput[]): void {
    this.noise = 0.8 * this.noise + this.rng.noise(0.06);
    const flow = Math.max(0, (this.m.dailyM3 / 24) * this.shape(t) * (1 + this.noise));
    this.cumulative += (flow * this.intervalMs) / HOUR_MS;
    const fields: PointInput['fields'] = this.m.utility === 'water'
      ? { water_m3: round3(this.cumulative), water_m3h: round3(flow) }
      : { gas_m3: round3(this.cumulative), gas_m3h: round3(flow) };
    out.push({ measurement: 'utility_meter', tags: this.tags, fields, time: t });
  }
}

