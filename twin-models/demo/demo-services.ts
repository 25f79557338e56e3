/**
 * The demo plan's service devices as the simulator's config: how busy each lift is, how much water
 * and gas each building draws, how fast each bin fills, how the gates are used. Ids are those of
 * the plan, so every simulated series lands on its BIM element or GIS feature.
 */
import type { ServiceDevicesConfig } from '../../streams/simulator/service-config.ts';
import { hashFloat, hashString } from '../../streams/simulator/random.ts';
import type { Family, WasteCategory } from '../../streams/families/index.ts';
import type { BimDeviceKind, DemoPlan, PlannedBuilding } from './plan/plan-types.ts';

/** The family whose series a BIM device of the plan reports: the measurement of its registry entry. */
export const BIM_DEVICE_FAMILY: Readonly<Record<BimDeviceKind, Family>> = {
  electricity_meter: 'energy', smoke_detector: 'alert', emergency_button: 'alert', fire_water_tank: 'fire_water',
  elevator: 'elevator', water_meter: 'utility_meter', gas_meter: 'utility_meter', childcare_alarm: 'childcare_security',
};

/** Share of a 240 L bin a typical day fills at a point serving three or four towers, %. */
const DAILY_FILL_PCT: Readonly<Record<WasteCategory, number>> = { food: 115, residual: 65, recyclable: 30, hazardous: 3 };

/** Residents' use: ~0.45 m³ of water and ~0.8 m³ of gas per household a day (cooking, a gas water heater). */
const WATER_M3_PER_HOUSEHOLD = 0.45;
const GAS_M3_PER_HOUSEHOLD = 0.8;

/** Water of a non-residential building, m³/day: offices ~4 L/m², shops ~8 L/m², kitchens more. */
function serviceWaterM3(b: PlannedBuilding): number {
  const perM2 = b.use === 'commercial' ? 0.008 : 0.004;
  return Math.round(b.floorAreaM2 * perM2 + (/食堂/.test(b.name.zh) ? 12 : /幼儿园/.test(b.name.zh) ? 6 : 0));
}

function gasM3(b: PlannedBuilding): number {
  if (b.use === 'residential') return Math.round(b.households * GAS_M3_PER_HOUSEHOLD);
  return /食堂/.test(b.name.zh) ? 60 : /幼儿园/.test(b.name.zh) ? 25 : 80;
}

export function servicesOf(plan: DemoPlan): ServiceDevicesConfig {
  const s: ServiceDevicesConfig = { lifts: [], utilityMeters: [], wasteBins: [], fireWater: [], childcareAlarms: [], gates: [] };
  for (const b of plan.buildings) {
    const base = { building: b.id, neighbourhood: b.neighbourhood };
    const lifts = b.devices.filter((d) => d.kind === 'elevator').length;
    for (const d of b.devices) {
      switch (d.kind) {
        case 'elevator':
          s.lifts.push({ ...base, id: d.id, floors: b.floors, category: b.use, households: Math.round(b.households / lifts), location: d.name });
          break;
        case 'water_meter':
          s.utilityMeters.push({ ...base, id: d.id, utility: 'water', category: b.use, location: d.name,
            dailyM3: b.use === 'residential' ? Math.round(b.households * WATER_M3_PER_HOUSEHOLD) : serviceWaterM3(b) });
          break;
        case 'gas_meter':
          s.utilityMeters.push({ ...base, id: d.id, utility: 'gas', category: b.use, location: d.name, dailyM3: gasM3(b) });
          break;
        case 'fire_water_tank':
          // A 4 m × 3 m roof tank kept at 2.2 m; the riser's top is ~3.8 m below the tank's bottom.
          s.fireWater.push({ ...base, id: d.id, normalLevelM: 2.2, pumpStartKpa: 150, pumpStopKpa: 175, staticKpa: 59, location: d.name });
          break;
        case 'childcare_alarm':
          s.childcareAlarms.push({ ...base, id: d.id, location: d.name });
          break;
        default:
          break;
      }
    }
  }
  for (const w of plan.wasteBins) {
    // Points serve different numbers of homes: a fixed factor per bin, 0.85–1.15.
    const factor = 0.85 + 0.3 * hashFloat(plan.seed, hashString(w.id));
    s.wasteBins.push({ id: w.id, point: w.point, neighbourhood: w.neighbourhood, category: w.category, location: w.name, dailyFillPct: Math.round(DAILY_FILL_PCT[w.category] * factor * 10) / 10 });
  }
  for (const g of plan.gates) {
    s.gates.push({ id: g.id, neighbourhood: g.neighbourhood, main: g.main, dailyPassages: g.main ? 8000 : 4000, location: g.name.zh });
  }
  return s;
}
