/**
 * Pipe network sensors, every 10 s.
 *
 * Water supply: flow follows the community's demand and pressure falls as demand rises. A leak
 * (one per sensor every ~20 days: frequent, so a demo month shows several) first shows as `warning` (pressure sagging, flow creeping up),
 * then as `leak` with a `pipe_leak` alert, until it is repaired a few hours later.
 * Gas: low-pressure distribution (~3 kPa). Leaks are rarer; a minor one is a `warning` with a
 * `gas_leak` warning alert, a major one a `leak` with a critical alert, after which the emergency
 * valve shuts (`fault`, zero pressure and flow) until repaired.
 * Drainage: level and flow follow dry-weather sewage plus rain runoff; crossing the sensor's
 * alert level raises a `waterlogging` alert (and a major one at 1.5× the level).
 */
import type { PointInput } from '../line-protocol/format.ts';
import { MEASUREMENTS, type PipeStatus } from '../families/index.ts';
import type { PipeSensorConfig } from './community-config.ts';
import { PeriodicDevice, alertPoint, round1, round2, round3, type DeviceContext } from './device.ts';
import { gasDemand, sewageShape, waterDemand } from './profiles.ts';
import { DAY_MS, HOUR_MS } from '../china-time.ts';
import { Rng, rngFor } from './random.ts';
import { pipeTags, type Tags } from './series.ts';

const MIN = 60_000;
/** Mean time between leaks starting at one sensor. */
export const WATER_LEAK_MEAN_GAP_MS = 20 * DAY_MS;
export const GAS_LEAK_MEAN_GAP_MS = 20 * DAY_MS;

type Mode = 'normal' | 'warning' | 'leak' | 'shutoff';

abstract class PipeSensor extends PeriodicDevice {
  protected readonly tags: Tags;
  protected readonly rng: Rng;
  protected noise = 0;

  constructor(ctx: DeviceContext, protected readonly p: PipeSensorConfig) {
    super(ctx, p.id, MEASUREMENTS.pipe.intervalS * 1000);
    this.tags = pipeTags(ctx.community, p);
    this.rng = rngFor(ctx.seed, 'pipe', ctx.community.id, p.id);
  }

  protected emit(out: PointInput[], t: number, fields: PointInput['fields']): void {
    out.push({ measurement: 'pipe', tags: this.tags, fields, time: t });
  }

  protected alert(out: PointInput[], t: number, type: string, severity: string, message: string, value: number): void {
    out.push(alertPoint(this.ctx.community.id, this.p.neighbourhood, type, severity, this.p.id, this.p.location, message, value, t));
  }
}

/** Leak episodes shared by water and gas: natural onsets plus forced (scripted) ones. */
abstract class LeakingPipe extends PipeSensor {
  protected mode: Mode = 'normal';
  protected modeStart = 0;
  protected modeEnd = 0;
  private nextOnset: number;
  private readonly forced: number[];

  constructor(ctx: DeviceContext, p: PipeSensorConfig, private readonly meanGapMs: number, forcedOnsets: readonly number[]) {
    super(ctx, p);
    this.nextOnset = ctx.start + this.rng.exponential(1 / meanGapMs);
    this.forced = [...forcedOnsets].sort((a, b) => a - b);
  }

  protected setMode(mode: Mode, t: number, durationMs: number): void {
    this.mode = mode;
    this.modeStart = t;
    this.modeEnd = t + durationMs;
  }

  /** Whether an episode starts at `t`: a scripted one, a natural one, or none. */
  protected onsetDue(t: number): 'forced' | 'natural' | null {
    if (this.mode !== 'normal') return null;
    if (this.forced.length > 0 && this.forced[0] <= t) {
      this.forced.shift();
      return 'forced';
    }
    if (t >= this.nextOnset) {
      this.nextOnset = t + this.rng.exponential(1 / this.meanGapMs);
      return 'natural';
    }
    return null;
  }
}

export class WaterSupplySensor extends LeakingPipe {
  private leakSize = 0;
  private leakDrop = 0;

  constructor(ctx: DeviceContext, p: PipeSensorConfig, forcedLeaks: readonly number[] = []) {
    super(ctx, p, WATER_LEAK_MEAN_GAP_MS, forcedLeaks);
  }

  protected tick(t: number, out: PointInput[]): void {
    const { rng, p } = this;
    if (this.onsetDue(t)) {
      this.leakSize = rng.uniform(0.4, 1.2);
      this.leakDrop = rng.uniform(60, 140);
      this.setMode('warning', t, rng.uniform(10, 40) * MIN);
    }
    let f = 0;
    if (this.mode === 'warning') {
      if (t >= this.modeEnd) this.setMode('leak', t, rng.uniform(1.5, 5) * HOUR_MS);
      else f = (0.2 * (t - this.modeStart)) / (this.modeEnd - this.modeStart);
    }
    if (this.mode === 'leak') {
      if (t >= this.modeEnd) this.mode = 'normal';
      else f = Math.min(1, 0.2 + (0.8 * (t - this.modeStart)) / (3 * MIN));
    }
    const d = waterDemand(t);
    this.noise = 0.95 * this.noise + rng.noise(0.012);
    const flow = Math.max(0, p.peakFlowM3h * d * (1 + this.noise) + f * this.leakSize * p.peakFlowM3h);
    const pressure = Math.max(0, p.nominalPressureKpa * (1 - 0.18 * d * d) + rng.noise(1.2) - f * this.leakDrop);
    const status: PipeStatus = this.mode === 'leak' ? 'leak' : this.mode === 'warning' ? 'warning' : 'normal';
    this.emit(out, t, { pressure_kpa: round1(pressure), flow_m3h: round2(flow), status });
    if (this.mode === 'leak' && this.modeStart === t) {
      this.alert(out, t, 'pipe_leak', this.leakSize >= 0.8 ? 'critical' : 'major',
        `${p.location} 疑似供水管网泄漏：压力降至 ${round1(pressure)} kPa，流量升至 ${round1(flow)} m³/h，请立即派员排查`,
        round1(pressure));
    }
  }
}

export class GasSensor extends LeakingPipe {
  private major = false;
  private drop = 0;
  private extraFlow = 0;

  constructor(ctx: DeviceContext, p: PipeSensorConfig, forcedLeaks: readonly number[] = []) {
    super(ctx, p, GAS_LEAK_MEAN_GAP_MS, forcedLeaks);
  }

  protected tick(t: number, out: PointInput[]): void {
    const { rng, p } = this;
    let alert: 'warning' | 'critical' | undefined;
    const onset = this.onsetDue(t);
    if (onset) {
      // A scripted leak is always a major one.
      this.major = rng.next() < 0.5 || onset === 'forced';
      this.drop = this.major ? rng.uniform(0.6, 1.0) : rng.uniform(0.1, 0.2);
      this.extraFlow = this.major ? rng.uniform(0.3, 0.6) : rng.uniform(0.05, 0.1);
      this.setMode('warning', t, (this.major ? rng.uniform(3, 10) : rng.uniform(15, 40)) * MIN);
      if (!this.major) alert = 'warning';
    }
    let f = 0;
    if (this.mode === 'warning') {
      if (t < this.modeEnd) f = this.major ? (0.2 * (t - this.modeStart)) / (this.modeEnd - this.modeStart) : 1;
      else if (this.major) {
        this.setMode('leak', t, rng.uniform(20, 45) * MIN);
        alert = 'critical';
      } else this.mode = 'normal';
    }
    if (this.mode === 'leak') {
      if (t >= this.modeEnd) this.setMode('shutoff', t, rng.uniform(1, 3) * HOUR_MS);
      else f = 1;
    }
    if (this.mode === 'shutoff' && t >= this.modeEnd) this.mode = 'normal';

    this.noise = 0.95 * this.noise + rng.noise(0.015);
    let pressure = 0;
    let flow = 0;
    if (this.mode !== 'shutoff') {
      const d = gasDemand(t, this.ctx.weather.temperatureC(t)) / 1.5;
      pressure = Math.max(0, p.nominalPressureKpa - 0.25 * d + rng.noise(0.015) - f * this.drop);
      flow = Math.max(0, p.peakFlowM3h * d * (1 + this.noise) + f * this.extraFlow * p.peakFlowM3h);
    }
    const status: PipeStatus =
      this.mode === 'shutoff' ? 'fault' : this.mode === 'leak' ? 'leak' : this.mode === 'warning' ? 'warning' : 'normal';
    this.emit(out, t, { pressure_kpa: round3(pressure), flow_m3h: round2(flow), status });
    if (alert === 'warning') {
      this.alert(out, t, 'gas_leak', 'warning', `${p.location} 燃气压力小幅波动（${round3(pressure)} kPa），疑似轻微泄漏，请物业检查`, round3(pressure));
    } else if (alert === 'critical') {
      this.alert(out, t, 'gas_leak', 'critical', `${p.location} 燃气泄漏：压力降至 ${round3(pressure)} kPa，已通知燃气公司，将紧急切断阀门`, round3(pressure));
    }
  }
}

export class DrainageSensor extends PipeSensor {
  private runoff = 0;
  private armed = true;
  private armedMajor = true;
  private readonly alertLevel: number;
  private readonly factor: number;

  constructor(ctx: DeviceContext, p: PipeSensorConfig) {
    super(ctx, p);
    this.alertLevel = p.alertLevelM ?? 0.8;
    this.factor = p.runoffFactor ?? 1;
  }

  protected tick(t: number, out: PointInput[]): void {
    const { rng, p } = this;
    const rain = this.ctx.weather.rainMmH(t) * this.ctx.rainFactor;
    const target = 0.02 * rain * this.factor;
    const tau = target > this.runoff ? 10 * MIN : 30 * MIN;
    this.runoff += (target - this.runoff) * (1 - Math.exp(-this.intervalMs / tau));
    this.noise = 0.9 * this.noise + rng.noise(0.02);
    const sewage = sewageShape(t);
    const level = Math.min(2.5, Math.max(0.02, 0.1 + 0.06 * sewage + this.runoff + rng.noise(0.004)));
    const flow = Math.max(0, p.peakFlowM3h * sewage * (1 + this.noise) + 60 * this.runoff * this.factor);
    const status: PipeStatus = level >= this.alertLevel ? 'warning' : 'normal';
    this.emit(out, t, { level_m: round3(level), flow_m3h: round2(flow), status });
    if (level >= this.alertLevel && this.armed) {
      this.armed = false;
      this.alert(out, t, 'waterlogging', 'warning',
        `${p.location} 水位 ${round2(level)} m，超过内涝警戒水位 ${this.alertLevel} m，请关注排水`, round2(level));
    }
    if (level >= 1.5 * this.alertLevel && this.armedMajor) {
      this.armedMajor = false;
      this.alert(out, t, 'waterlogging', 'major',
        `${p.location} 水位 ${round2(level)} m，已超过警戒水位 50%，存在内涝风险，请启动防汛预案`, round2(level));
    }
    if (level < 0.8 * this.alertLevel) this.armed = this.armedMajor = true;
  }
}
