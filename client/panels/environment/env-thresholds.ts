/**
 * Thresholds of the walkway environment, with the standard each comes from. A reading is `ok`,
 * `warn` (at or above the first level) or `alarm` (at or above the second).
 *
 * - temperature: the China Meteorological Administration's high-temperature warnings (高温预警):
 *   35 °C (yellow) and 37 °C (orange);
 * - humidity: 85 % and 95 % RH, where slippery stone stairs and mould become a walkway concern
 *   (the product's own operating levels, no national standard);
 * - PM2.5: GB 3095-2012 ambient air quality, 24-hour limits 35 µg/m³ (grade I) and 75 µg/m³ (grade II);
 * - noise: GB 3096-2008 class 1 (residential) limits, 55 dB by day (06–22 h) and 45 dB at night,
 *   alarm 10 dB above the limit.
 */
import { CST_OFFSET_MS, DAY_MS, HOUR_MS } from '../energy/day-curves.ts';

export const ENV_FIELDS = ['temperature_c', 'humidity_pct', 'pm25_ugm3', 'noise_db'] as const;
export type EnvField = (typeof ENV_FIELDS)[number];

export type EnvLevel = 'ok' | 'warn' | 'alarm';

export interface Threshold {
  warn: number;
  alarm: number;
}

const FIXED: Readonly<Record<Exclude<EnvField, 'noise_db'>, Threshold>> = {
  temperature_c: { warn: 35, alarm: 37 },
  humidity_pct: { warn: 85, alarm: 95 },
  pm25_ugm3: { warn: 35, alarm: 75 },
};

/** GB 3096-2008 class 1: day 06:00–22:00, night otherwise (China Standard Time). */
export function isNight(ms: number): boolean {
  const h = (((ms + CST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / HOUR_MS;
  return h < 6 || h >= 22;
}

/** The threshold of `field` at time `ms` (noise depends on day or night). */
export function thresholdOf(field: EnvField, ms: number): Threshold {
  if (field === 'noise_db') return isNight(ms) ? { warn: 45, alarm: 55 } : { warn: 55, alarm: 65 };
  return FIXED[field];
}

/** Level of a reading taken at `ms`; NaN is `ok` (nothing to alarm about, shown as a dash). */
export function envLevel(field: EnvField, value: number, ms: number): EnvLevel {
  if (!Number.isFinite(value)) return 'ok';
  const th = thresholdOf(field, ms);
  return value >= th.alarm ? 'alarm' : value >= th.warn ? 'warn' : 'ok';
}
