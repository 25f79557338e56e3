import { describe, expect, it } from 'vitest';
import { envLevel, isNight, thresholdOf, type EnvField, type EnvLevel } from '../../../client/panels/environment/env-thresholds.ts';

const HOUR = 3_600_000;
/** 2026-07-15 00:00 China Standard Time. */
const MIDNIGHT = Date.UTC(2026, 6, 14, 16);
const at = (h: number) => MIDNIGHT + h * HOUR;

describe('walkway thresholds', () => {
  it.each<[string, EnvField, number, number, EnvLevel]>([
    ['34.9 °C is fine', 'temperature_c', 34.9, at(14), 'ok'],
    ['35 °C is the yellow high-temperature warning', 'temperature_c', 35, at(14), 'warn'],
    ['37 °C is the orange warning', 'temperature_c', 37.2, at(14), 'alarm'],
    ['PM2.5 at grade I limit warns', 'pm25_ugm3', 35, at(9), 'warn'],
    ['PM2.5 over grade II limit alarms', 'pm25_ugm3', 80, at(9), 'alarm'],
    ['PM2.5 clean', 'pm25_ugm3', 12, at(9), 'ok'],
    ['humid but walkable', 'humidity_pct', 84, at(9), 'ok'],
    ['very humid', 'humidity_pct', 96, at(9), 'alarm'],
    ['50 dB by day is within class 1', 'noise_db', 50, at(21.9), 'ok'],
    ['50 dB at night is over the 45 dB limit', 'noise_db', 50, at(22), 'warn'],
    ['56 dB at 05:59 is an alarm (night limit + 10)', 'noise_db', 56, at(5.99), 'alarm'],
    ['56 dB at 06:00 only warns (day limit 55)', 'noise_db', 56, at(6), 'warn'],
    ['no reading is no alarm', 'noise_db', NaN, at(12), 'ok'],
  ])('%s', (_name, field, value, ms, level) => {
    expect(envLevel(field, value, ms)).toBe(level);
  });

  it.each([[0, true], [5.99, true], [6, false], [21.99, false], [22, true], [23.5, true]])('%d h China time: night %s', (h, night) => {
    expect(isNight(at(h))).toBe(night);
    // Whatever the machine's own time zone: the rule is China Standard Time.
    expect(thresholdOf('noise_db', at(h)).warn).toBe(night ? 45 : 55);
  });
});
