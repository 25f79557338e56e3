/**
 * Chongqing weather as a seeded, stateless process: every value is a pure function of
 * (seed, time), so any device may ask for any instant in any order and get the same answer.
 *
 * Cloud cover comes in multi-day spells and is heaviest in winter (Chongqing is one of China's
 * cloudiest cities; July–August are the sunny months). Rain arrives as events of a few hours,
 * more often at night (巴山夜雨) and more intense in the wet season (May–September).
 */
import { hashFloat, rngFor, smoothNoise } from './random.ts';
import { dayOfYear } from './profiles.ts';
import { CHINA_OFFSET_MS, DAY_MS, HOUR_MS, chinaDay, chinaHour } from '../china-time.ts';

/** A forced rain event, e.g. a staged storm for a demo. */
export interface StormSpec {
  /** Epoch ms when the rain starts. */
  at: number;
  durationMin: number;
  /** Peak intensity, mm/h. */
  peakMmH: number;
}

interface RainEvent {
  start: number;
  end: number;
  peak: number;
}

interface DayWeather {
  cloud: number;
  meanTemp: number;
  amplitude: number;
  pm25: number;
}

const SLOT_MS = 6 * HOUR_MS;
const CACHE_LIMIT = 4096;
const MEMO_SIZE = 4096;
const TWO_PI = 2 * Math.PI;

/** 0 in the dry winter, 1 in mid-July. */
function wetness(doy: number): number {
  return 0.5 - 0.5 * Math.cos((TWO_PI * (doy - 15)) / 365);
}

export class Weather {
  private readonly days = new Map<number, DayWeather>();
  private readonly slots = new Map<number, RainEvent[]>();
  private readonly storms: RainEvent[];
  /** Per-minute memo of rain and temperature (direct-mapped; devices ask about the same minutes). */
  private readonly memoMinute = new Float64Array(MEMO_SIZE).fill(NaN);
  private readonly memoRain = new Float64Array(MEMO_SIZE);
  private readonly memoTemp = new Float64Array(MEMO_SIZE);

  constructor(readonly seed: number, storms: readonly StormSpec[] = []) {
    this.storms = storms.map((s) => ({ start: s.at, end: s.at + s.durationMin * 60_000, peak: s.peakMmH }));
  }

  /** Cloud cover of the local day, 0 (clear) … 1 (overcast). */
  cloudiness(t: number): number {
    return this.day(chinaDay(t)).cloud;
  }

  /** Rain intensity, mm/h (evaluated at the start of the minute). */
  rainMmH(t: number): number {
    return this.memoRain[this.memo(t)];
  }

  /**
   * Air temperature, °C (evaluated at the start of the minute): seasonal mean, multi-day
   * anomaly, a diurnal swing damped by cloud, cooling under rain.
   */
  temperatureC(t: number): number {
    return this.memoTemp[this.memo(t)];
  }

  /** The memo slot of t's minute, filled if needed. */
  private memo(t: number): number {
    const minute = Math.floor(t / 60_000);
    const i = minute & (MEMO_SIZE - 1);
    if (this.memoMinute[i] === minute) return i;
    const t0 = minute * 60_000;
    const rain = this.computeRain(t0);
    const d = this.day(chinaDay(t0));
    this.memoRain[i] = rain;
    this.memoTemp[i] = d.meanTemp + d.amplitude * Math.cos((TWO_PI * (chinaHour(t0) - 15)) / 24) - Math.min(4, 0.3 * rain);
    this.memoMinute[i] = minute;
    return i;
  }

  private computeRain(t: number): number {
    const slot = Math.floor((t + CHINA_OFFSET_MS) / SLOT_MS);
    let rain = 0;
    for (let s = slot - 2; s <= slot; s++) {
      for (const e of this.slotEvents(s)) rain += shape(e, t);
    }
    for (const e of this.storms) rain += shape(e, t);
    return rain;
  }

  /** Multiplier on clear-sky PV: the day's cloud, passing clouds, rain. */
  pvFactor(t: number): number {
    const cloud = this.cloudiness(t);
    const passing = 0.5 + 0.5 * smoothNoise(this.seed, (t + CHINA_OFFSET_MS) / (20 * 60_000), 11);
    let f = (1 - 0.8 * Math.pow(cloud, 1.4)) * (1 - 0.35 * cloud * passing);
    const rain = this.rainMmH(t);
    if (rain > 0.2) f *= Math.max(0.15, 0.45 - 0.01 * rain);
    return f;
  }

  /** Relative humidity, %. */
  humidityPct(t: number): number {
    const d = this.day(chinaDay(t));
    const swing = d.amplitude * Math.cos((TWO_PI * (chinaHour(t) - 15)) / 24);
    const rain = this.rainMmH(t);
    const h = 74 + 12 * d.cloud - 3.2 * swing + (rain > 0.2 ? 12 + Math.min(8, rain) : 0);
    return Math.max(35, Math.min(99, h));
  }

  /** Background PM2.5, µg/m³: high in winter inversions, washed out by rain. */
  pm25Background(t: number): number {
    const washout = 1 - Math.min(0.6, this.rainMmH(t) / 10);
    return this.day(chinaDay(t)).pm25 * washout;
  }

  private day(dayIdx: number): DayWeather {
    let d = this.days.get(dayIdx);
    if (d) return d;
    const doy = dayOfYear(dayIdx * DAY_MS - CHINA_OFFSET_MS + 12 * HOUR_MS);
    const seasonalCloud = 0.62 + 0.18 * Math.cos((TWO_PI * (doy - 15)) / 365);
    const cloud = clamp(seasonalCloud + 0.28 * smoothNoise(this.seed, dayIdx / 3, 1) + 0.18 * (hashFloat(this.seed, dayIdx, 2) * 2 - 1), 0.03, 0.98);
    const meanTemp = 18.5 - 10.5 * Math.cos((TWO_PI * (doy - 20)) / 365) + 2.5 * smoothNoise(this.seed, dayIdx / 4, 3);
    const amplitude = 1.8 + 3.4 * (1 - cloud);
    const pm25 = (47 + 22 * Math.cos((TWO_PI * (doy - 15)) / 365)) * (1 + 0.35 * smoothNoise(this.seed, dayIdx / 2.5, 4));
    d = { cloud, meanTemp, amplitude, pm25 };
    if (this.days.size >= CACHE_LIMIT) this.days.clear();
    this.days.set(dayIdx, d);
    return d;
  }

  /** Rain events starting in one 6-hour local slot (drawn from the slot's own stream). */
  private slotEvents(slot: number): RainEvent[] {
    let events = this.slots.get(slot);
    if (events) return events;
    events = [];
    const slotStart = slot * SLOT_MS - CHINA_OFFSET_MS;
    const mid = slotStart + SLOT_MS / 2;
    const wet = wetness(dayOfYear(mid));
    const cloud = this.cloudiness(mid);
    const slotOfDay = ((slot % 4) + 4) % 4; // 0: 0–6h, 1: 6–12h, 2: 12–18h, 3: 18–24h
    const timeOfDay = [1.4, 0.75, 0.85 + 0.3 * wet, 1.0][slotOfDay];
    const p = (0.1 + 0.07 * wet) * (0.3 + 1.2 * cloud) * timeOfDay;
    const rng = rngFor(this.seed, 'rain', slot);
    if (rng.next() < p) {
      const peak = Math.min(90, rng.logNormal(1.5 + 6.5 * wet, 0.7 + 0.5 * wet));
      const hours = rng.uniform(1, 6) / (1 + peak / 25);
      const start = slotStart + rng.next() * SLOT_MS;
      events.push({ start, end: start + Math.max(0.5, hours) * HOUR_MS, peak });
    }
    if (this.slots.size >= CACHE_LIMIT) this.slots.clear();
    this.slots.set(slot, events);
    return events;
  }
}

/** Rain intensity of one event: quick rise, slower tail. */
function shape(e: RainEvent, t: number): number {
  if (t <= e.start || t >= e.end) return 0;
  const x = (t - e.start) / (e.end - e.start);
  const s = x < 0.3 ? Math.sin((Math.PI / 2) * (x / 0.3)) : Math.cos((Math.PI / 2) * ((x - 0.3) / 0.7));
  return e.peak * s * s;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
