/**
 * Shapes of community life over the day, as pure functions of time. Local time is China Standard
 * Time (streams/china-time.ts). Tables hold the value at each whole hour and are interpolated linearly.
 * Values are relative (1 ≈ the usual daily peak) unless a unit is named.
 */
import type { BuildingCategory } from '../families/index.ts';
import type { ParkingKind } from './community-config.ts';
import { CHINA_OFFSET_MS, DAY_MS, HOUR_MS, chinaHour, isChinaWeekend } from '../china-time.ts';

// Holidays and 调休 working weekends are not modelled: a weekend is Saturday and Sunday.

const DAY_2000_01_01 = 10957;
const YEAR_DAYS = 365.2422;

/** Day of the year, 1-based and fractional (±1 day: good enough for sun and seasons). */
export function dayOfYear(t: number): number {
  const days = (t + CHINA_OFFSET_MS) / DAY_MS - DAY_2000_01_01;
  return (((days % YEAR_DAYS) + YEAR_DAYS) % YEAR_DAYS) + 1;
}

/** Linear interpolation in a cyclic table of 24 hourly values. */
export function interp24(table: readonly number[], hour: number): number {
  const i = Math.floor(hour);
  const f = hour - i;
  const a = table[((i % 24) + 24) % 24];
  const b = table[(((i + 1) % 24) + 24) % 24];
  return a + (b - a) * f;
}

// ── Buildings ──────────────────────────────────────────────────────────────────────────────────

/** Residential: a morning peak at 7–8h, a larger evening peak at 19–22h, a low night base. */
const RESIDENTIAL_WEEKDAY = [
  0.45, 0.38, 0.34, 0.32, 0.32, 0.36, 0.55, 0.80, 0.75, 0.55, 0.48, 0.52,
  0.58, 0.52, 0.47, 0.47, 0.52, 0.65, 0.85, 1.00, 1.05, 1.00, 0.82, 0.60,
];
/** Weekends: people sleep in (a later, flatter morning) and stay home (higher daytime). */
const RESIDENTIAL_WEEKEND = [
  0.50, 0.42, 0.36, 0.33, 0.32, 0.32, 0.34, 0.44, 0.58, 0.70, 0.72, 0.68,
  0.70, 0.64, 0.60, 0.60, 0.63, 0.72, 0.90, 1.02, 1.06, 1.02, 0.86, 0.66,
];
/** Public services (service centre, elderly care): office hours on weekdays, a lunch dip. */
const PUBLIC_WEEKDAY = [
  0.18, 0.17, 0.17, 0.17, 0.17, 0.18, 0.22, 0.35, 0.70, 0.92, 0.95, 0.93,
  0.75, 0.80, 0.93, 0.95, 0.92, 0.80, 0.50, 0.35, 0.30, 0.25, 0.21, 0.19,
];
const PUBLIC_WEEKEND = [
  0.18, 0.17, 0.17, 0.17, 0.17, 0.18, 0.20, 0.25, 0.33, 0.38, 0.40, 0.40,
  0.36, 0.36, 0.38, 0.38, 0.36, 0.30, 0.25, 0.22, 0.21, 0.20, 0.19, 0.18,
];
/** Commercial: busy 10–22h. */
const COMMERCIAL = [
  0.22, 0.20, 0.18, 0.18, 0.18, 0.18, 0.20, 0.25, 0.35, 0.55, 0.85, 0.92,
  0.95, 0.92, 0.90, 0.90, 0.92, 0.95, 1.00, 1.00, 0.98, 0.92, 0.75, 0.40,
];

/** Relative electrical load of a building (without EV charging and weather), 1 ≈ daily peak. */
export function buildingLoadShape(category: BuildingCategory, t: number): number {
  const h = chinaHour(t);
  const weekend = isChinaWeekend(t);
  switch (category) {
    case 'residential': return interp24(weekend ? RESIDENTIAL_WEEKEND : RESIDENTIAL_WEEKDAY, h);
    case 'public_service': return interp24(weekend ? PUBLIC_WEEKEND : PUBLIC_WEEKDAY, h);
    case 'commercial': return interp24(COMMERCIAL, h) * (weekend && h >= 10 && h < 22 ? 1.08 : 1);
  }
}

/** Peak load of a building, kW: ~0.9 kW per household, 40 W/m² public, 60 W/m² commercial. */
export function buildingPeakKw(category: BuildingCategory, households: number, floorAreaM2: number): number {
  switch (category) {
    case 'residential': return Math.max(households * 0.9, floorAreaM2 * 0.01);
    case 'public_service': return floorAreaM2 * 0.04;
    case 'commercial': return floorAreaM2 * 0.06;
  }
}

/** Air conditioning in Chongqing's hot summers, electric heating in its damp winters. */
export function hvacFactor(temperatureC: number): number {
  return 1 + 0.045 * Math.max(0, temperatureC - 25) + 0.03 * Math.max(0, 12 - temperatureC);
}

// ── Sun and PV ─────────────────────────────────────────────────────────────────────────────────

const D2R = Math.PI / 180;
export const CHONGQING_LAT = 29.56;
export const CHONGQING_LON = 106.55;
const SIN_LAT = Math.sin(CHONGQING_LAT * D2R);
const COS_LAT = Math.cos(CHONGQING_LAT * D2R);
/** Chongqing's solar noon is ~54 min after clock noon (it lies 13.45° west of the 120°E meridian). */
const LON_CORRECTION_H = (CHONGQING_LON - 120) / 15;

function declinationRad(doy: number): number {
  return 23.44 * D2R * Math.sin((2 * Math.PI * (284 + doy)) / 365);
}

function equationOfTimeH(doy: number): number {
  const b = (2 * Math.PI * (doy - 81)) / 364;
  return (9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b)) / 60;
}

/** Sine of the sun's elevation over Chongqing (negative at night). */
export function solarElevationSin(t: number): number {
  const doy = dayOfYear(t);
  const decl = declinationRad(doy);
  const solarTime = chinaHour(t) + LON_CORRECTION_H + equationOfTimeH(doy);
  const hourAngle = (solarTime - 12) * 15 * D2R;
  return SIN_LAT * Math.sin(decl) + COS_LAT * Math.cos(decl) * Math.cos(hourAngle);
}

/** Local sunrise and sunset (fractional clock hours) on the day of `t`. */
export function sunTimes(t: number): { sunrise: number; sunset: number; solarNoon: number } {
  const doy = dayOfYear(t);
  const decl = declinationRad(doy);
  const h0 = Math.acos(Math.max(-1, Math.min(1, -Math.tan(CHONGQING_LAT * D2R) * Math.tan(decl)))) / D2R / 15;
  const solarNoon = 12 - LON_CORRECTION_H - equationOfTimeH(doy);
  return { sunrise: solarNoon - h0, sunset: solarNoon + h0, solarNoon };
}

/** Clear-sky PV output as a fraction of kWp (0 at night; ~0.8 at a summer noon). */
export function clearSkyPv(t: number): number {
  const s = solarElevationSin(t);
  return s <= 0 ? 0 : 0.82 * Math.pow(s, 1.25);
}

// ── EV charging ────────────────────────────────────────────────────────────────────────────────

/** Residents plug in after work (18–23h); a few start at the 23h valley tariff. */
const EV_RESIDENTIAL = [
  0.05, 0.03, 0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.02, 0.03, 0.03, 0.03,
  0.04, 0.04, 0.04, 0.05, 0.07, 0.12, 0.25, 0.35, 0.38, 0.33, 0.28, 0.18,
];
const EV_DAYTIME = [
  0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.05, 0.15, 0.25, 0.30, 0.30,
  0.28, 0.28, 0.30, 0.30, 0.30, 0.28, 0.25, 0.20, 0.15, 0.08, 0.03, 0.01,
];

/** Sessions starting per free charger per hour. */
export function evArrivalRate(category: BuildingCategory, t: number): number {
  return interp24(category === 'residential' ? EV_RESIDENTIAL : EV_DAYTIME, chinaHour(t));
}

/** Charging power of one session, kW: 7 kW AC at homes, 20 kW DC at public and commercial sites. */
export function evChargerKw(category: BuildingCategory): number {
  return category === 'residential' ? 7 : 20;
}

// ── Parking ────────────────────────────────────────────────────────────────────────────────────

/** Residents' cars: home at night, most gone by mid-morning on weekdays. */
const PARK_RES_WEEKDAY = [
  0.92, 0.93, 0.93, 0.93, 0.93, 0.92, 0.88, 0.72, 0.52, 0.42, 0.38, 0.38,
  0.40, 0.40, 0.39, 0.40, 0.45, 0.55, 0.70, 0.80, 0.86, 0.89, 0.91, 0.92,
];
const PARK_RES_WEEKEND = [
  0.92, 0.93, 0.93, 0.93, 0.93, 0.93, 0.92, 0.90, 0.82, 0.72, 0.64, 0.60,
  0.58, 0.58, 0.58, 0.60, 0.64, 0.70, 0.78, 0.84, 0.88, 0.90, 0.91, 0.92,
];
/** Public lots: visitors and staff by day, nearly empty at night (the reverse of residents'). */
const PARK_PUB_WEEKDAY = [
  0.12, 0.10, 0.08, 0.08, 0.08, 0.10, 0.15, 0.35, 0.65, 0.82, 0.88, 0.90,
  0.85, 0.85, 0.88, 0.88, 0.85, 0.75, 0.60, 0.55, 0.50, 0.40, 0.25, 0.16,
];
const PARK_PUB_WEEKEND = [
  0.15, 0.12, 0.10, 0.10, 0.10, 0.10, 0.12, 0.20, 0.35, 0.55, 0.70, 0.75,
  0.78, 0.78, 0.78, 0.76, 0.74, 0.70, 0.68, 0.66, 0.60, 0.50, 0.35, 0.22,
];

/** Fraction of spaces the lot tends towards at time `t`. */
export function parkingTarget(kind: ParkingKind, t: number): number {
  const h = chinaHour(t);
  const weekend = isChinaWeekend(t);
  switch (kind) {
    case 'residential': return interp24(weekend ? PARK_RES_WEEKEND : PARK_RES_WEEKDAY, h);
    // Residents' garage with some daytime sharing (错时共享): a shallower trough.
    case 'underground': return 0.3 + 0.65 * interp24(weekend ? PARK_RES_WEEKEND : PARK_RES_WEEKDAY, h);
    case 'public': return interp24(weekend ? PARK_PUB_WEEKEND : PARK_PUB_WEEKDAY, h);
  }
}

/** How fast cars come and go, per space per hour (busy in the rush hours, calm at night). */
export function parkingTurnover(kind: ParkingKind, t: number): number {
  const h = chinaHour(t);
  if (kind === 'public') return h >= 7 && h < 22 ? 1.5 : 0.4;
  return (h >= 6 && h < 11) || (h >= 16 && h < 23) ? 1.2 : 0.3;
}

/** Upper bound of `parkingTurnover` (for thinning). */
export function maxParkingTurnover(kind: ParkingKind): number {
  return kind === 'public' ? 1.5 : 1.2;
}

// ── Water, gas, sewage ─────────────────────────────────────────────────────────────────────────

const WATER = [
  0.22, 0.17, 0.15, 0.14, 0.15, 0.20, 0.42, 0.85, 1.00, 0.80, 0.62, 0.60,
  0.68, 0.60, 0.50, 0.48, 0.52, 0.62, 0.82, 0.95, 0.92, 0.80, 0.60, 0.35,
];

/** Community water demand relative to the daily peak (supply pressure falls as it rises). */
export function waterDemand(t: number): number {
  const h = chinaHour(t);
  // Weekend mornings start about an hour later.
  return interp24(WATER, isChinaWeekend(t) && h >= 5 && h < 12 ? h - (h < 8 ? (h - 5) / 3 : (12 - h) / 4) : h);
}

const GAS = [
  0.10, 0.07, 0.06, 0.06, 0.07, 0.12, 0.35, 0.60, 0.45, 0.30, 0.45, 0.90,
  1.00, 0.55, 0.30, 0.28, 0.40, 0.80, 1.00, 0.75, 0.45, 0.30, 0.20, 0.14,
];

/** Gas demand: cooking peaks at breakfast, lunch and dinner; more in cold weather (water heaters, 火锅). */
export function gasDemand(t: number, temperatureC: number): number {
  return interp24(GAS, chinaHour(t)) * (1 + 0.5 * Math.max(0, (15 - temperatureC) / 10));
}

/** Dry-weather sewage: water use, an hour later and smoother. */
export function sewageShape(t: number): number {
  return 0.25 + 0.75 * waterDemand(t - HOUR_MS);
}

// ── Traffic (PM2.5, noise) ─────────────────────────────────────────────────────────────────────

const TRAFFIC_WEEKDAY = [
  0.15, 0.10, 0.08, 0.07, 0.08, 0.15, 0.40, 0.85, 1.00, 0.75, 0.60, 0.60,
  0.62, 0.60, 0.60, 0.62, 0.70, 0.90, 1.00, 0.85, 0.65, 0.50, 0.35, 0.22,
];
const TRAFFIC_WEEKEND = [
  0.20, 0.14, 0.10, 0.08, 0.08, 0.10, 0.20, 0.35, 0.55, 0.70, 0.75, 0.75,
  0.72, 0.70, 0.72, 0.75, 0.78, 0.82, 0.85, 0.80, 0.68, 0.55, 0.40, 0.28,
];

/** Road traffic near the community, 1 ≈ rush hour. */
export function trafficShape(t: number): number {
  return interp24(isChinaWeekend(t) ? TRAFFIC_WEEKEND : TRAFFIC_WEEKDAY, chinaHour(t));
}

/** Square dancing (广场舞) on plazas, 19:30–21:00, 0..1. */
export function plazaActivity(t: number): number {
  const h = chinaHour(t);
  if (h < 19.25 || h > 21.25) return 0;
  return Math.min(1, (h - 19.25) * 4, (21.25 - h) * 4);
}
