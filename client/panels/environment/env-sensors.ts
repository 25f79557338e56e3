/** The walkway sensors of the node with their latest readings, from the live store. */
import type { LiveData } from '../../live/live-store.ts';
import { ENV_FIELDS, type EnvField } from './env-thresholds.ts';

export interface EnvSensorNow {
  sensor: string;
  walkway: string;
  neighbourhood: string;
  /** Latest value per field (NaN when none). */
  values: Record<EnvField, number>;
  /** Newest reading of any field, epoch ms. */
  time: number;
}

export function envSensorsNow(data: LiveData): EnvSensorNow[] {
  const bySensor = new Map<string, EnvSensorNow>();
  for (const d of data.schema.values()) {
    if (d.measurement !== 'env' || !(ENV_FIELDS as readonly string[]).includes(d.field)) continue;
    const key = `${d.tags.neighbourhood}\n${d.tags.sensor}`;
    let s = bySensor.get(key);
    if (!s) {
      s = {
        sensor: d.tags.sensor ?? '', walkway: d.tags.walkway ?? '', neighbourhood: d.tags.neighbourhood ?? '',
        values: { temperature_c: NaN, humidity_pct: NaN, pm25_ugm3: NaN, noise_db: NaN }, time: NaN,
      };
      bySensor.set(key, s);
    }
    s.values[d.field as EnvField] = data.latestValue(d.id);
    const t = data.latestTime(d.id);
    if (!(t <= s.time)) s.time = t;
  }
  const key = (s: EnvSensorNow) => `${s.walkway}\n${s.sensor}`;
  return [...bySensor.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
