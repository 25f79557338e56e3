/**
 * A roof fire-water tank's monitor, every 120 s: tank level and the pressure at the top of the
 * hydrant riser.
 *
 * Level: valves seep a centimetre or two an hour; the float valve refills the tank once it is 4 cm
 * down, so the level saws gently below its normal mark. Pressure: the roof tank alone gives the
 * riser's top only its static head (~60 kPa, below GB 50974's 70 kPa), so a pressure-stabilising
 * pump (稳压泵) holds it between its start and stop pressures: the pressure decays with the
 * system's leakage and the pump restores it every half hour or so — a sawtooth.
 * Faults, each about every 120 days per tank: the pump fails (the pressure falls towards the
 * static head over hours, until repaired 4–12 h later) or the refill stops with a drain valve left
 * open (the level falls 5–15 cm an hour until someone closes it, 6–16 h later, and the tank
 * refills). A scripted fault runs its longest course: 14 h without the pump, 16 h draining.
 */
import type { PointInput } from '../line-protocol/format.ts';
import { FIRE_WATER } from '../families/index.ts';
import { PeriodicDevice, round1, round3, type DeviceContext } from './device.ts';
import { DAY_MS, HOUR_MS } from '../china-time.ts';
import { rngFor, type Rng } from './random.ts';
import type { FireWaterConfig } from './service-config.ts';
import { ALL_DAY, Onsets } from './onsets.ts';
import { fireWaterTags, type Tags } from './service-series.ts';

export const FIRE_PUMP_FAULT_MEAN_GAP_MS = 120 * DAY_MS;
export const FIRE_REFILL_FAULT_MEAN_GAP_MS = 120 * DAY_MS;
/** kPa per metre of water. */
const KPA_PER_M = 9.81;
/** The float valve opens this far below the normal level, m, and refills at this rate, m/h. */
const REFILL_BAND_M = 0.04;
const REFILL_M_PER_H = 0.2;

export class FireWaterDevice extends PeriodicDevice {
  private readonly tags: Tags;
  private readonly rng: Rng;
  private readonly pumpFaults: Onsets;
  private readonly refillFaults: Onsets;
  private readonly seepMPerH: number;
  /** Decay time of the riser pressure towards the static head, ms. */
  private readonly tauMs: number;
  /** Static head over the tank's level: the height of the tank's bottom above the riser's top, m. */
  private readonly headM: number;
  private level: number;
  private pressure: number;
  private refilling = false;
  private pumpDownUntil = -Infinity;
  private drainUntil = -Infinity;
  private drainMPerH = 0;

  /** `forced`: scripted faults, `pump` or `refill`, epoch ms. */
  constructor(ctx: DeviceContext, private readonly f: FireWaterConfig, forced: { pump?: readonly number[]; refill?: readonly number[] } = {}) {
    super(ctx, f.id, FIRE_WATER.intervalS * 1000);
    this.tags = fireWaterTags(ctx.community, f);
    this.rng = rngFor(ctx.seed, 'fire-water', ctx.community.id, f.id);
    this.pumpFaults = new Onsets(this.rng, FIRE_PUMP_FAULT_MEAN_GAP_MS, ALL_DAY, ctx.start, forced.pump);
    this.refillFaults = new Onsets(this.rng, FIRE_REFILL_FAULT_MEAN_GAP_MS, ALL_DAY, ctx.start, forced.refill);
    this.seepMPerH = this.rng.uniform(0.005, 0.02);
    this.tauMs = this.rng.uniform(90, 240) * 60_000;
    this.headM = f.staticKpa / KPA_PER_M - f.normalLevelM;
    this.level = f.normalLevelM - this.rng.uniform(0, REFILL_BAND_M);
    this.pressure = this.rng.uniform(f.pumpStartKpa, f.pumpStopKpa);
  }

  protected tick(t: number, out: PointInput[]): void {
    const { rng, f } = this;
    const dtH = this.intervalMs / HOUR_MS;
    // A scripted fault (the demo's staged incident) runs its full course, past the code's limits.
    const pump = this.pumpFaults.due(t);
    if (pump && t >= this.pumpDownUntil) this.pumpDownUntil = t + (pump === 'forced' ? 14 : rng.uniform(4, 12)) * HOUR_MS;
    const refill = this.refillFaults.due(t);
    if (refill && t >= this.drainUntil) {
      this.drainUntil = t + (refill === 'forced' ? 16 : rng.uniform(6, 16)) * HOUR_MS;
      this.drainMPerH = refill === 'forced' ? 0.1 : rng.uniform(0.05, 0.15);
    }

    // Level: seepage (and an open drain), refilled by the float valve unless the refill has stopped.
    const draining = t < this.drainUntil;
    this.level -= (this.seepMPerH + (draining ? this.drainMPerH : 0)) * dtH;
    if (!draining) {
      if (this.level < f.normalLevelM - REFILL_BAND_M) this.refilling = true;
      if (this.refilling) this.level += REFILL_M_PER_H * dtH;
      if (this.level >= f.normalLevelM) { this.level = f.normalLevelM; this.refilling = false; }
    }
    this.level = Math.max(0, this.level);

    // Pressure: decays towards the tank's static head; the pump, when it works, lifts it back.
    const staticKpa = (this.headM + this.level) * KPA_PER_M;
    this.pressure = staticKpa + (this.pressure - staticKpa) * Math.exp(-this.intervalMs / this.tauMs);
    if (t >= this.pumpDownUntil && this.pressure <= f.pumpStartKpa) this.pressure = f.pumpStopKpa - rng.uniform(0, 3);
    const level = Math.max(0, this.level + rng.noise(0.003));
    const pressure = Math.max(0, this.pressure + rng.noise(0.8));
    out.push({ measurement: 'fire_water', tags: this.tags, fields: { level_m: round3(level), pressure_kpa: round1(pressure) }, time: t });
  }
}
