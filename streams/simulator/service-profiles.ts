/**
 * Daily shapes of the community's services, as pure functions of time (local time, UTC+8): lift
 * traffic, waste disposal at the collection points, people through the gates. Tables hold the
 * value at each whole hour (1 ≈ the usual peak) and are interpolated linearly, as in profiles.ts.
 */
import type { BuildingCategory } from '../families/index.ts';
import { chinaHour, isChinaWeekend } from '../china-time.ts';
import { interp24 } from './profiles.ts';

// ── Lifts ──────────────────────────────────────────────────────────────────────────────────────

/** Towers: down to work and school at 7–9 h, home again at 17–20 h, a lunch bump, quiet nights. */
const LIFT_RESIDENTIAL_WEEKDAY = [
  0.03, 0.02, 0.02, 0.02, 0.03, 0.10, 0.45, 0.95, 1.00, 0.55, 0.30, 0.35,
  0.45, 0.40, 0.28, 0.28, 0.40, 0.75, 0.95, 0.90, 0.65, 0.45, 0.22, 0.08,
];
/** Weekends: a late, spread-out morning and a busy evening. */
const LIFT_RESIDENTIAL_WEEKEND = [
  0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.12, 0.30, 0.55, 0.70, 0.70, 0.65,
  0.60, 0.55, 0.50, 0.52, 0.58, 0.70, 0.85, 0.85, 0.70, 0.50, 0.28, 0.10,
];
/** Service buildings: staff arriving at 8–9 h, visitors through the day, closed at night. */
const LIFT_PUBLIC_WEEKDAY = [
  0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.05, 0.35, 0.90, 0.80, 0.65, 0.70,
  0.60, 0.75, 0.70, 0.65, 0.60, 0.55, 0.25, 0.10, 0.05, 0.02, 0.01, 0.01,
];
const LIFT_COMMERCIAL = [
  0.02, 0.01, 0.01, 0.01, 0.01, 0.01, 0.03, 0.08, 0.20, 0.45, 0.70, 0.80,
  0.85, 0.75, 0.70, 0.70, 0.75, 0.85, 0.95, 1.00, 0.90, 0.60, 0.25, 0.05,
];

/** How busy a building's lifts are, relative to their usual peak. */
export function liftTraffic(category: BuildingCategory, t: number): number {
  const h = chinaHour(t);
  const weekend = isChinaWeekend(t);
  switch (category) {
    case 'residential': return interp24(weekend ? LIFT_RESIDENTIAL_WEEKEND : LIFT_RESIDENTIAL_WEEKDAY, h);
    case 'public_service': return interp24(LIFT_PUBLIC_WEEKDAY, h) * (weekend ? 0.35 : 1);
    case 'commercial': return interp24(LIFT_COMMERCIAL, h);
  }
}

/**
 * Share of time a lift runs at its peak, from the households it serves: ~0.45 for 40 households,
 * ~0.75 for 120 (towers have two lifts; GB 50096 asks for two from 12 storeys).
 */
export function liftPeakUtilisation(category: BuildingCategory, households: number): number {
  if (category !== 'residential') return 0.5;
  return Math.min(0.85, 0.3 + 0.0038 * households);
}

// ── Waste ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Residents take their waste out in the fixed windows (定时定点投放) of the morning and the evening,
 * a little at lunch; almost nothing at night.
 */
const DISPOSAL = [
  0.05, 0.02, 0.02, 0.02, 0.03, 0.10, 0.50, 1.00, 0.90, 0.40, 0.25, 0.30,
  0.45, 0.30, 0.20, 0.20, 0.25, 0.45, 0.90, 1.00, 0.85, 0.50, 0.20, 0.10,
];
const DISPOSAL_MEAN = DISPOSAL.reduce((a, b) => a + b, 0) / 24;

/** Share of a day's waste thrown away per hour at `t` (integrates to 1 over a day; weekends +10 %). */
export function disposalPerHour(t: number): number {
  return (interp24(DISPOSAL, chinaHour(t)) / (24 * DISPOSAL_MEAN)) * (isChinaWeekend(t) ? 1.1 : 1);
}

// ── Gates ──────────────────────────────────────────────────────────────────────────────────────

/** Out to work and school at 7–9 h, back at 17–19 h, couriers and shoppers at lunch. */
const GATE_WEEKDAY = [
  0.08, 0.04, 0.02, 0.02, 0.03, 0.15, 0.60, 1.00, 0.90, 0.50, 0.40, 0.45,
  0.60, 0.45, 0.35, 0.35, 0.50, 0.80, 0.95, 0.85, 0.60, 0.45, 0.30, 0.15,
];
const GATE_WEEKEND = [
  0.12, 0.06, 0.03, 0.02, 0.02, 0.06, 0.20, 0.40, 0.60, 0.75, 0.80, 0.75,
  0.70, 0.65, 0.65, 0.70, 0.75, 0.80, 0.85, 0.75, 0.60, 0.45, 0.30, 0.18,
];
const GATE_WEEKDAY_MEAN = GATE_WEEKDAY.reduce((a, b) => a + b, 0) / 24;

/** Share of a weekday's passages per hour at `t` (weekends spread the same people over the day). */
export function passagesPerHour(t: number): number {
  return interp24(isChinaWeekend(t) ? GATE_WEEKEND : GATE_WEEKDAY, chinaHour(t)) / (24 * GATE_WEEKDAY_MEAN);
}
