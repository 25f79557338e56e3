import { describe, expect, it } from 'vitest';
import { envLevel, type EnvField } from '../../client/panels/environment/env-sensors.ts';
import { levelColour, lotColour } from '../../client/twin/colour-rules.ts';
import { isChinaNight } from '../../streams/china-time.ts';
import { limitsAt, thresholdOf, worstLevel } from '../../streams/families/thresholds.ts';
import { LEVEL_COLOURS } from '../../streams/families/palette.ts';
import type { ThresholdLevel } from '../../streams/families/family-descriptor.ts';

const HOUR = 3_600_000;
/** 2026-07-15 00:00 China Standard Time. */
const MIDNIGHT = Date.UTC(2026, 6, 14, 16);
const at = (h: number) => MIDNIGHT + h * HOUR;

describe('walkway thresholds', () => {
  it.each<[string, EnvField, number, number, ThresholdLevel]>([
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
    expect(isChinaNight(at(h))).toBe(night);
    // Whatever the machine's own time zone: the rule is China Standard Time.
    expect(limitsAt(thresholdOf('env', 'noise_db')!, at(h)).warn).toBe(night ? 45 : 55);
  });
});

describe('the walkway panel and the twin agree', () => {
  type Reading = Partial<Record<EnvField, number>>;
  /** The panel colours each cell by its level; the twin colours the sensor by the worst of them. */
  const panelWorst = (r: Reading, ms: number): ThresholdLevel | undefined => {
    const levels = (Object.keys(r) as EnvField[]).map((f) => envLevel(f, r[f]!, ms));
    if (levels.length === 0) return undefined;
    return levels.includes('alarm') ? 'alarm' : levels.includes('warn') ? 'warn' : 'ok';
  };
  const twin = (r: Reading, ms: number) => levelColour('env', (f) => r[f as EnvField] ?? NaN, ms);

  it.each<[string, Reading, number, ThresholdLevel]>([
    ['PM2.5 of 50 µg/m³ (over grade I) warns on both', { pm25_ugm3: 50, noise_db: 40, temperature_c: 25, humidity_pct: 60 }, at(10), 'warn'],
    ['58 dB by day (over category 1) warns on both', { pm25_ugm3: 20, noise_db: 58, temperature_c: 25, humidity_pct: 60 }, at(14), 'warn'],
    ['58 dB at night is an alarm on both', { pm25_ugm3: 20, noise_db: 58 }, at(23), 'alarm'],
    ['a clean quiet day is green on both', { pm25_ugm3: 20, noise_db: 50, temperature_c: 25, humidity_pct: 60 }, at(14), 'ok'],
    ['humidity alone can warn', { humidity_pct: 90 }, at(14), 'warn'],
    ['PM2.5 over grade II alarms', { pm25_ugm3: 80 }, at(14), 'alarm'],
  ])('%s', (_name, reading, ms, level) => {
    expect(panelWorst(reading, ms)).toBe(level);
    expect(worstLevel('env', (f) => reading[f as EnvField] ?? NaN, ms)).toBe(level);
    expect(twin(reading, ms)).toEqual([...LEVEL_COLOURS[level]]);
  });

  it('a sensor with no reading is grey on the twin, not green', () => {
    expect(worstLevel('env', () => NaN, at(12))).toBeUndefined();
    expect(twin({}, at(12))).not.toEqual([...LEVEL_COLOURS.ok]);
  });

  it('lots: green with room, amber under 15 % free, red when full, grey without a capacity', () => {
    expect(lotColour(10, 100)).toEqual([...LEVEL_COLOURS.ok]);
    expect(lotColour(90, 100)).toEqual([...LEVEL_COLOURS.warn]);
    expect(lotColour(100, 100)).toEqual([...LEVEL_COLOURS.alarm]);
    expect(lotColour(5, 0)).not.toEqual([...LEVEL_COLOURS.ok]);
  });
});
