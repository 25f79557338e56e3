/**
 * A building's electricity meter: load, cumulative energy, rooftop PV and EV charging, every 60 s.
 *
 * load_kw is the building's gross demand including its EV chargers (ev_kw is the part of it that
 * charges cars); pv_kw is generation and is not netted off; energy_kwh integrates load_kw and only
 * ever grows. Buildings without PV or chargers report 0 for those fields.
 * Chargers run sessions (7 kW AC at homes, 20 kW DC elsewhere) and rarely overheat, which raises a
 * `charger_overheat` alert and stops the session.
 */
import type { PointInput } from '../line-protocol/format.ts';
import { MEASUREMENTS } from '../families/index.ts';
import type { BuildingConfig } from './community-config.ts';
import { PeriodicDevice, alertPoint, round2, round3, type DeviceContext } from './device.ts';
import {
  buildingLoadShape, buildingPeakKw, clearSkyPv, evArrivalRate, evChargerKw, hvacFactor,
} from './profiles.ts';
import { HOUR_MS } from '../china-time.ts';
import { Rng, rngFor } from './random.ts';
import { energyTags, type Tags } from './series.ts';

/** Overheating hazard per charging session-minute at 25 °C. */
const OVERHEAT_PER_MIN = 1.5e-5;
const TAPER_MS = 20 * 60_000;

export class EnergyMeter extends PeriodicDevice {
  private readonly tags: Tags;
  private readonly rng: Rng;
  private readonly peakKw: number;
  private readonly chargerKw: number;
  /** Per charger: end of the running session (≤ now when free). */
  private readonly busyUntil: Float64Array;
  private cumKwh: number;
  private noise = 0;

  constructor(ctx: DeviceContext, private readonly b: BuildingConfig) {
    super(ctx, b.meter, MEASUREMENTS.energy.intervalS * 1000);
    this.tags = energyTags(ctx.community, b);
    this.rng = rngFor(ctx.seed, 'energy', ctx.community.id, b.meter);
    this.peakKw = buildingPeakKw(b.category, b.households, b.floorAreaM2);
    this.chargerKw = evChargerKw(b.category);
    this.busyUntil = new Float64Array(b.chargers.length);
    // A meter that has been in service for a few years.
    this.cumKwh = Math.round(this.peakKw * 0.45 * 8760 * this.rng.uniform(1, 6));
  }

  protected tick(t: number, out: PointInput[]): void {
    const { rng, b } = this;
    const dtH = this.intervalMs / HOUR_MS;
    const temperature = this.ctx.weather.temperatureC(t);
    this.noise = 0.85 * this.noise + rng.noise(0.035);
    const base = this.peakKw * buildingLoadShape(b.category, t) * hvacFactor(temperature);

    let ev = 0;
    if (this.busyUntil.length > 0) {
      const arrival = evArrivalRate(b.category, t) * dtH;
      for (let i = 0; i < this.busyUntil.length; i++) {
        if (this.busyUntil[i] <= t) {
          if (rng.next() >= arrival) continue;
          const kwh = rng.uniform(8, 40);
          this.busyUntil[i] = t + (kwh / this.chargerKw) * HOUR_MS;
        }
        const hazard = OVERHEAT_PER_MIN * (dtH * 60) * (1 + Math.max(0, temperature - 25) / 8) * Math.sqrt(this.chargerKw / 7);
        if (rng.next() < hazard) {
          const tempC = Math.round(rng.uniform(72, 96));
          const charger = b.chargers[i];
          out.push(alertPoint(
            this.ctx.community.id, b.neighbourhood, 'charger_overheat', tempC >= 85 ? 'major' : 'warning', charger,
            `${b.name.zh} 充电区`,
            `${b.name.zh} ${charger} 充电桩温度 ${tempC}°C，超过告警阈值 70°C，已自动停止充电`,
            tempC, t,
          ));
          this.busyUntil[i] = t;
          continue;
        }
        ev += this.busyUntil[i] - t < TAPER_MS ? this.chargerKw * 0.5 : this.chargerKw;
      }
    }

    let pv = 0;
    if (b.pvKwp > 0) {
      const clear = clearSkyPv(t);
      if (clear > 0) pv = Math.max(0, b.pvKwp * clear * this.ctx.weather.pvFactor(t) * (1 + rng.noise(0.015)));
    }

    const load = Math.max(0.05 * this.peakKw, base * (1 + this.noise)) + ev;
    this.cumKwh += load * dtH;
    out.push({
      measurement: 'energy',
      tags: this.tags,
      fields: { load_kw: round2(load), energy_kwh: round3(this.cumKwh), pv_kw: round2(pv), ev_kw: round2(ev) },
      time: t,
    });
  }
}
