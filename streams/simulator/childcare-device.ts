/**
 * A childcare site's intrusion-alarm panel, every 60 s: armed, intrusion alarm, emergency alarm.
 *
 * The panel is armed day and night (24 小时设防). Now and then someone disarms it — mostly when the
 * staff open up on a weekday morning — and forgets to re-arm it for 10–50 min (about every 20 days
 * per site). Intrusions trip mostly at night and at weekends (about every 20 days) and stay active
 * 2–8 min until the guard resets them; the staff's emergency button is pressed in opening hours
 * (about every 40 days) and stays active 5–15 min.
 */
import type { PointInput } from '../line-protocol/format.ts';
import { CHILDCARE_SECURITY } from '../families/index.ts';
import { PeriodicDevice, type DeviceContext } from './device.ts';
import { DAY_MS, isChinaWeekend } from '../china-time.ts';
import { rngFor, type Rng } from './random.ts';
import type { ChildcareAlarmConfig } from './service-config.ts';
import { MINUTE_MS, Onsets } from './onsets.ts';
import { childcareTags, type Tags } from './service-series.ts';

const DISARM_SHAPE = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 6, 8, 2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.5, 2, 0.5, 0.2, 0.2, 0.2, 0.2];
const INTRUSION_SHAPE = [4, 4, 4, 4, 3, 2, 1, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 1, 2, 3, 4, 4];
const EMERGENCY_SHAPE = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 1, 2, 2, 2, 2, 1.5, 1.5, 2, 2, 2, 1, 0.2, 0.05, 0.05, 0.05, 0.05, 0.05];

export const DISARM_MEAN_GAP_MS = 20 * DAY_MS;
export const INTRUSION_MEAN_GAP_MS = 20 * DAY_MS;
export const EMERGENCY_MEAN_GAP_MS = 40 * DAY_MS;

export type ChildcareFault = 'disarmed' | 'intrusion' | 'emergency';

export class ChildcareAlarmDevice extends PeriodicDevice {
  private readonly tags: Tags;
  private readonly rng: Rng;
  private readonly onsets: Record<ChildcareFault, Onsets>;
  private readonly until: Record<ChildcareFault, number> = { disarmed: -Infinity, intrusion: -Infinity, emergency: -Infinity };

  constructor(ctx: DeviceContext, a: ChildcareAlarmConfig, forced: Partial<Record<ChildcareFault, readonly number[]>> = {}) {
    super(ctx, a.id, CHILDCARE_SECURITY.intervalS * 1000);
    this.tags = childcareTags(ctx.community, a);
    this.rng = rngFor(ctx.seed, 'childcare', ctx.community.id, a.id);
    this.onsets = {
      disarmed: new Onsets(this.rng, DISARM_MEAN_GAP_MS, DISARM_SHAPE, ctx.start, forced.disarmed),
      intrusion: new Onsets(this.rng, INTRUSION_MEAN_GAP_MS, INTRUSION_SHAPE, ctx.start, forced.intrusion),
      emergency: new Onsets(this.rng, EMERGENCY_MEAN_GAP_MS, EMERGENCY_SHAPE, ctx.start, forced.emergency),
    };
  }

  protected tick(t: number, out: PointInput[]): void {
    const { rng } = this;
    const disarm = this.onsets.disarmed.due(t);
    // The staff do not come in at weekends: a weekend disarm is only a scripted one.
    if (disarm && (disarm === 'forced' || !isChinaWeekend(t)) && t >= this.until.disarmed) this.until.disarmed = t + rng.uniform(10, 50) * MINUTE_MS;
    const intrusion = this.onsets.intrusion.due(t);
    if (intrusion && t >= this.until.intrusion) this.until.intrusion = t + rng.uniform(2, 8) * MINUTE_MS;
    const emergency = this.onsets.emergency.due(t);
    if (emergency && (emergency === 'forced' || !isChinaWeekend(t)) && t >= this.until.emergency) this.until.emergency = t + rng.uniform(5, 15) * MINUTE_MS;
    out.push({
      measurement: 'childcare_security',
      tags: this.tags,
      fields: { armed: t >= this.until.disarmed, intrusion: t < this.until.intrusion, emergency: t < this.until.emergency },
      time: t,
    });
  }
}
