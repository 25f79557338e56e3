/**
 * The community's service devices as simulator config: lifts, water and gas meters, waste bins at
 * the collection points, roof fire-water tanks, the childcare sites' alarm panels and the gates'
 * access controllers. Ids are the twin registry's device ids (the families' device tags).
 */
import type { BuildingCategory, Utility, WasteCategory } from '../families/index.ts';

export interface LiftConfig {
  id: string;
  building: string;
  neighbourhood: string;
  /** Floors the lift serves, 1..floors (1 is the lobby). */
  floors: number;
  category: BuildingCategory;
  /** Households per lift (residential) or 0: scales how busy it is. */
  households: number;
  /** Human location, Chinese, e.g. `12栋 1号电梯`. */
  location: string;
}

export interface UtilityMeterConfig {
  id: string;
  building: string;
  neighbourhood: string;
  utility: Utility;
  category: BuildingCategory;
  /** Typical consumption on a mild day, m³ (standard m³ for gas). */
  dailyM3: number;
  location: string;
}

export interface WasteBinConfig {
  id: string;
  /** The collection point (投放点) the bin stands at. */
  point: string;
  neighbourhood: string;
  category: WasteCategory;
  /** Share of the bin a typical day fills, %. */
  dailyFillPct: number;
  location: string;
}

export interface FireWaterConfig {
  id: string;
  building: string;
  neighbourhood: string;
  /** Level the float valve refills the tank to, m. */
  normalLevelM: number;
  /** Pressure-stabilising pump: it starts at `pumpStartKpa` and stops at `pumpStopKpa` at the riser's top. */
  pumpStartKpa: number;
  pumpStopKpa: number;
  /** Static pressure the roof tank alone gives the riser's top, kPa (what is left when the pump fails). */
  staticKpa: number;
  location: string;
}

export interface ChildcareAlarmConfig {
  id: string;
  building: string;
  neighbourhood: string;
  location: string;
}

export interface GateConfig {
  id: string;
  neighbourhood: string;
  /** A main pedestrian entrance carries most of the traffic. */
  main: boolean;
  /** Passages through the gate on a weekday, both directions. */
  dailyPassages: number;
  location: string;
}

export interface ServiceDevicesConfig {
  lifts: LiftConfig[];
  utilityMeters: UtilityMeterConfig[];
  wasteBins: WasteBinConfig[];
  fireWater: FireWaterConfig[];
  childcareAlarms: ChildcareAlarmConfig[];
  gates: GateConfig[];
}

/** Every service device with its kind, for validation and look-ups. */
export function serviceDeviceList(s: ServiceDevicesConfig): { kind: string; id: string; neighbourhood: string }[] {
  return [
    ...s.lifts.map((d) => ({ kind: 'lift', id: d.id, neighbourhood: d.neighbourhood })),
    ...s.utilityMeters.map((d) => ({ kind: `${d.utility} meter`, id: d.id, neighbourhood: d.neighbourhood })),
    ...s.wasteBins.map((d) => ({ kind: 'waste bin', id: d.id, neighbourhood: d.neighbourhood })),
    ...s.fireWater.map((d) => ({ kind: 'fire-water tank', id: d.id, neighbourhood: d.neighbourhood })),
    ...s.childcareAlarms.map((d) => ({ kind: 'childcare alarm panel', id: d.id, neighbourhood: d.neighbourhood })),
    ...s.gates.map((d) => ({ kind: 'gate', id: d.id, neighbourhood: d.neighbourhood })),
  ];
}

/** Residents' use a day: ~0.45 m³ of water and ~0.8 m³ of gas per household (cooking, a gas water heater). */
export const RESIDENT_DAILY_M3: Readonly<Record<Utility, number>> = { water: 0.45, gas: 0.8 };

/**
 * A building's typical use of water or gas on a mild day, m³: per household for homes; for other
 * buildings by floor area (offices ~4 L/m² of water, shops ~8 L/m²) plus what a kitchen draws.
 * `kitchen`: a canteen (or a kindergarten's) cooks there. 0 means the building has no gas meter.
 */
export function typicalDailyM3(utility: Utility, b: { category: BuildingCategory; households: number; floorAreaM2: number }, kitchen: 'canteen' | 'kindergarten' | null = null): number {
  if (b.category === 'residential') return Math.round(b.households * RESIDENT_DAILY_M3[utility]);
  const kitchenM3 = kitchen === 'canteen' ? { water: 12, gas: 60 } : kitchen === 'kindergarten' ? { water: 6, gas: 25 } : { water: 0, gas: 0 };
  if (utility === 'gas') return b.category === 'commercial' ? 80 : kitchenM3.gas;
  return Math.round(b.floorAreaM2 * (b.category === 'commercial' ? 0.008 : 0.004) + kitchenM3.water);
}
