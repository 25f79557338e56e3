/**
 * A gate's access controller, every 300 s: passages through the gate in the 5 minutes before the
 * report (both directions) and entries it refused (an unregistered face or card, a courier
 * without a visitor pass). Counts only. Passages follow the day (service-profiles.ts): out to work
 * and school at 7–9 h, home at 17–19 h; refusals are a fraction of a per cent of the traffic.
 */
import type { PointInput } from '../line-protocol/format.ts';
import { ACCESS_CONTROL } from '../families/index.ts';
import { PeriodicDevice, type DeviceContext } from './device.ts';
import { HOUR_MS } from '../china-time.ts';
import { rngFor, type Rng } from './random.ts';
import { passagesPerHour } from './service-profiles.ts';
import type { GateConfig } from './service-config.ts';
import { gateTags, type Tags } from './service-series.ts';

/** Refused entries per passage, and per 5 minutes whatever the traffic. */
const DENIED_PER_PASSAGE = 0.006;
const DENIED_BASE = 0.02;

export class AccessControlDevice extends PeriodicDevice {
  private readonly tags: Tags;
  private readonly rng: Rng;

  constructor(ctx: DeviceContext, private readonly g: GateConfig) {
    super(ctx, g.id, ACCESS_CONTROL.intervalS * 1000);
    this.tags = gateTags(ctx.community, g);
    this.rng = rngFor(ctx.seed, 'access', ctx.community.id, g.id);
  }

  protected tick(t: number, out: PointInput[]): void {
    const dtH = this.intervalMs / HOUR_MS;
    // The middle of the interval the counts cover.
    const expected = this.g.dailyPassages * passagesPerHour(t - this.intervalMs / 2) * dtH;
    const passages = this.rng.poisson(expected);
    const denied = this.rng.poisson(DENIED_PER_PASSAGE * expected + DENIED_BASE);
    out.push({ measurement: 'access_control', tags: this.tags, fields: { passages: { int: passages }, denied: { int: denied } }, time: t });
  }
}
