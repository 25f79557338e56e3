/**
 * A walkway environment sensor (山城步道), every 60 s: the city's weather plus the spot's own
 * offsets (shade, height, exposure to traffic) and slow sensor noise; PM2.5 and noise follow
 * road traffic, and plaza sensors hear the evening square dancing.
 */
import type { PointInput } from '../line-protocol/format.ts';
import { MEASUREMENTS } from '../families/index.ts';
import type { EnvSensorConfig } from './community-config.ts';
import { PeriodicDevice, round1, type DeviceContext } from './device.ts';
import { plazaActivity, trafficShape } from './profiles.ts';
import { Rng, rngFor } from './random.ts';
import { envTags, type Tags } from './series.ts';

export class EnvSensor extends PeriodicDevice {
  private readonly tags: Tags;
  private readonly rng: Rng;
  private readonly tempOffset: number;
  private readonly humidityOffset: number;
  private tempNoise = 0;
  private humidityNoise = 0;
  private pmNoise = 0;

  constructor(ctx: DeviceContext, private readonly e: EnvSensorConfig) {
    super(ctx, e.id, MEASUREMENTS.env.intervalS * 1000);
    this.tags = envTags(ctx.community, e);
    this.rng = rngFor(ctx.seed, 'env', ctx.community.id, e.id);
    this.tempOffset = this.rng.uniform(-0.8, 0.8);
    this.humidityOffset = this.rng.uniform(-3, 3);
  }

  protected tick(t: number, out: PointInput[]): void {
    const { rng, e } = this;
    const w = this.ctx.weather;
    this.tempNoise = 0.9 * this.tempNoise + rng.noise(0.06);
    this.humidityNoise = 0.9 * this.humidityNoise + rng.noise(0.3);
    this.pmNoise = 0.92 * this.pmNoise + rng.noise(0.03);
    const traffic = trafficShape(t);
    const rain = w.rainMmH(t);
    const temperature = w.temperatureC(t) + this.tempOffset + this.tempNoise;
    const humidity = Math.max(20, Math.min(100, w.humidityPct(t) + this.humidityOffset + this.humidityNoise));
    const pm25 = Math.max(2, w.pm25Background(t) * (0.75 + 0.5 * traffic * e.trafficExposure) * (1 + this.pmNoise));
    const noise = 38 + 24 * traffic * (0.4 + 0.6 * e.trafficExposure) + (e.plaza ? 16 * plazaActivity(t) : 0)
      + (rain > 2 ? 4 : 0) + rng.noise(1.2);
    out.push({
      measurement: 'env',
      tags: this.tags,
      fields: { temperature_c: round1(temperature), humidity_pct: round1(humidity), pm25_ugm3: round1(pm25), noise_db: round1(noise) },
      time: t,
    });
  }
}
