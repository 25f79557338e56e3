/**
 * The walkway sensors of the node with their latest readings, from the live store, and each
 * reading's level against the env family's thresholds (streams/families: the table the twin's
 * sensor colours read too).
 */
import type { LiveData } from '../../live/live-store.ts';
import { ENV } from '../../../streams/families/index.ts';
import { fieldLevel } from '../../../streams/families/thresholds.ts';
import type { ThresholdLevel } from '../../../streams/families/family-descriptor.ts';

/** The fields the panel shows, in order: the env family's cockpit figures. */
export const ENV_FIELDS = ENV.cockpit.map((f) => f.field);
export type EnvField = (typeof ENV_FIELDS)[number];

/** Level of a sensor's reading taken at `ms` (epoch ms); NaN is `ok` (nothing to alarm about, shown as a dash). */
export function envLevel(field: EnvField, value: number, ms: number): ThresholdLevel {
  return fieldLevel(ENV.measurement, field, value, ms);
}

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
        values: Object.fromEntries(ENV_FIELDS.map((f) => [f, NaN])) as Record<EnvField, number>, time: NaN,
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
