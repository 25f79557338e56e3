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

/** The same devices in another community: neighbourhood ids mapped, consumption scaled by `size`. */
export function servicesFor(s: ServiceDevicesConfig, neighbourhood: (id: string) => string, size = 1): ServiceDevicesConfig {
  return {
    lifts: s.lifts.map((d) => ({ ...d, neighbourhood: neighbourhood(d.neighbourhood), households: Math.round(d.households * size) })),
    utilityMeters: s.utilityMeters.map((d) => ({ ...d, neighbourhood: neighbourhood(d.neighbourhood), dailyM3: Math.round(d.dailyM3 * size * 10) / 10 })),
    wasteBins: s.wasteBins.map((d) => ({ ...d, neighbourhood: neighbourhood(d.neighbourhood) })),
    fireWater: s.fireWater.map((d) => ({ ...d, neighbourhood: neighbourhood(d.neighbourhood) })),
    childcareAlarms: s.childcareAlarms.map((d) => ({ ...d, neighbourhood: neighbourhood(d.neighbourhood) })),
    gates: s.gates.map((d) => ({ ...d, neighbourhood: neighbourhood(d.neighbourhood), dailyPassages: Math.round(d.dailyPassages * size) })),
  };
}
