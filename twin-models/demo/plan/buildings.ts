/**
 * Towers on the contour terraces of each neighbourhood and a service cluster of low buildings,
 * as the guideline's 10-minute life circle asks for.
 */
import type { Rng } from '../../../streams/simulator/random.ts';
import type { BuildingCategory } from '../../../streams/families/index.ts';
import type { PlannedBimDevice, PlannedBuilding, PlannedFacility, XY } from './plan-types.ts';
import { inRect, rect, round1 } from './geometry.ts';
import { polygonAreaM2 } from '../../../streams/indicators/walkability.ts';
import type { Terrain } from './terrain.ts';
import { serviceBimDevices } from './service-devices.ts';

export const NEIGHBOURHOODS = [
  { id: 'n-eling-1', name: { zh: '鹅岭正街小区', en: 'Eling Zhengjie Neighbourhood' }, minX: -450, maxX: -150 },
  { id: 'n-eling-2', name: { zh: '佛图关小区', en: 'Fotuguan Neighbourhood' }, minX: -150, maxX: 150 },
  { id: 'n-eling-3', name: { zh: '李子坝小区', en: 'Liziba Neighbourhood' }, minX: 150, maxX: 450 },
] as const;

export const neighbourhoodAt = (x: number): string => (NEIGHBOURHOODS.find((n) => x < n.maxX) ?? NEIGHBOURHOODS[2]).id;

/** Areas kept free of towers: roads, parking, the service cluster and the sports ground. */
export const RESERVED = {
  innerRoad: { minX: -460, maxX: 460, minY: 0, maxY: 40 },
  serviceCluster: { minX: -140, maxX: 140, minY: -150, maxY: -30 },
  garage: { minX: -130, maxX: 130, minY: 60, maxY: 150 },
  lotWest: { minX: -445, maxX: -305, minY: 50, maxY: 140 },
  lotEast: { minX: 300, maxX: 445, minY: 50, maxY: 140 },
  lotEastResidents: { minX: 330, maxX: 445, minY: -140, maxY: -60 },
  sports: { minX: 190, maxX: 300, minY: -150, maxY: -60 },
  stairsWest: { minX: -320, maxX: -280, minY: -310, maxY: 310 },
  stairsMiddle: { minX: -20, maxX: 30, minY: -310, maxY: 310 },
  stairsEast: { minX: 280, maxX: 320, minY: -310, maxY: 310 },
};

const ROWS = [-245, -175, -100, 95, 170, 245];
const COLUMNS = Array.from({ length: 13 }, (_, i) => -420 + i * 70);

interface ServiceBuilding {
  zh: string; en: string; use: BuildingCategory; floors: number; at: XY; w: number; d: number; facilities: string[];
}

/** The life-circle buildings of the service cluster (and one commercial block), with what each houses. */
const SERVICE: ServiceBuilding[] = [
  { zh: '党群服务中心', en: 'Party-mass service centre', use: 'public_service', floors: 3, at: [-100, -120], w: 36, d: 20, facilities: ['party_mass_centre', 'council_hall'] },
  { zh: '社区综合服务中心', en: 'Community service centre', use: 'public_service', floors: 4, at: [-35, -120], w: 40, d: 22, facilities: ['community_service_centre', 'shared_space', 'reading_room', 'after_school', 'maker_space'] },
  { zh: '社区卫生服务站', en: 'Community health station', use: 'public_service', floors: 2, at: [30, -120], w: 28, d: 18, facilities: ['health_station'] },
  { zh: '社区文化活动站', en: 'Cultural activity station', use: 'public_service', floors: 2, at: [95, -120], w: 30, d: 18, facilities: ['culture_station'] },
  { zh: '养老服务站·社区食堂', en: 'Elderly care station and canteen', use: 'public_service', floors: 3, at: [-90, -58], w: 40, d: 20, facilities: ['elderly_station', 'canteen'] },
  { zh: '普惠性幼儿园·托育驿站', en: 'Kindergarten and childcare', use: 'public_service', floors: 3, at: [60, -60], w: 54, d: 26, facilities: ['kindergarten', 'childcare'] },
  { zh: '先锋物业服务站', en: 'Property service station', use: 'public_service', floors: 2, at: [-380, 180], w: 22, d: 14, facilities: ['property_station'] },
  { zh: '李子坝便民商业楼', en: 'Liziba neighbourhood shops', use: 'commercial', floors: 3, at: [380, 180], w: 40, d: 20, facilities: ['convenience_shop'] },
];

export interface BuildingPlan {
  buildings: PlannedBuilding[];
  facilities: PlannedFacility[];
}

/** `door(id, x, y)` registers the building's door in the walk network and returns its node id. */
export function planBuildings(rng: Rng, terrain: Terrain, door: (id: string, at: XY) => string): BuildingPlan {
  const buildings: PlannedBuilding[] = [];
  const facilities: PlannedFacility[] = [];
  let n = 0;
  const sites: XY[] = [];
  for (const y of ROWS) {
    for (const x of COLUMNS) {
      const p: XY = [x + rng.uniform(-6, 6), y + rng.uniform(-5, 5)];
      if (Object.values(RESERVED).some((r) => inRect(p, r, 22))) continue;
      if (Math.abs(p[0]) > 425 || Math.abs(p[1]) > 275) continue;
      sites.push(p);
    }
  }
  // Keep a towered but not wall-to-wall look: drop a seeded few so the count lands in 20–40.
  const towers = sites.filter(() => rng.next() < 0.8).slice(0, 36);
  for (const at of towers) {
    n++;
    const floors = 18 + rng.int(16); // 18–33
    const point = rng.next() < 0.35;
    const footprint = point ? rect(0, 0, 24, 24) : rect(0, 0, 34 + rng.int(8), 15 + rng.int(4));
    const nb = neighbourhoodAt(at[0]);
    const floorArea = Math.round(polygonAreaM2(footprint) * floors);
    buildings.push(building(n, `${n}栋`, `Building ${n}`, nb, 'residential', floors, footprint, at, rng.uniform(-6, 6), floorArea,
      Math.round(floorArea / 95), rng.next() < 0.45 ? 40 + rng.int(40) : 0, rng.int(5), terrain, door));
  }
  for (const s of SERVICE) {
    n++;
    const footprint = rect(0, 0, s.w, s.d);
    const nb = neighbourhoodAt(s.at[0]);
    const b = building(n, s.zh, s.en, nb, s.use, s.floors, footprint, s.at, 0, Math.round(s.w * s.d * s.floors), 0, 30 + rng.int(60), 2 + rng.int(4), terrain, door);
    buildings.push(b);
    for (const [k, category] of s.facilities.entries()) {
      facilities.push({ id: `f-${category}`, category, name: { zh: s.zh, en: s.en }, neighbourhood: nb, at: [s.at[0] + k * 3, s.at[1]], building: b.id });
    }
  }
  addDevices(buildings, rng);
  return { buildings, facilities };
}

function building(
  n: number, zh: string, en: string, neighbourhood: string, use: BuildingCategory, floors: number, footprint: XY[], at: XY,
  rotationDeg: number, floorAreaM2: number, households: number, pvKwp: number, evChargers: number, terrain: Terrain,
  door: (id: string, at: XY) => string,
): PlannedBuilding {
  const id = `b-${n}`;
  // Stand the building on the lowest corner of its footprint, as hillside towers do (the rest is podium).
  const z = Math.min(...footprint.map(([x, y]) => terrain.heightAt(at[0] + x, at[1] + y)));
  return {
    id, name: { zh, en }, neighbourhood, use, floors, floorHeightM: use === 'residential' ? 3 : 4, footprint,
    position: { x: round1(at[0]), y: round1(at[1]), z: round1(z) }, rotationDeg: round1(rotationDeg),
    floorAreaM2, households, pvKwp, evChargers, devices: [], door: door(id, [at[0], at[1] + 12]),
  };
}

/**
 * A meter in every building; smoke detectors, emergency buttons, lifts, water and gas meters, roof
 * tanks and the childcare sites' alarm panels where they belong. Only the detectors and buttons
 * draw from `rng`, so adding kinds of device leaves the rest of the plan as it was.
 */
function addDevices(buildings: PlannedBuilding[], rng: Rng): void {
  let smoke = 0;
  let button = 0;
  let tank = 0;
  const add = (b: PlannedBuilding, d: PlannedBimDevice) => b.devices.push(d);
  for (const b of buildings) {
    add(b, { id: `m-${b.id}`, kind: 'electricity_meter', floor: 1, name: `${b.name.zh} 总电表` });
    const detectors = b.use === 'residential' ? 2 : 1;
    for (let i = 0; i < detectors; i++) {
      const floor = i === 0 ? 1 : 2 + rng.int(b.floors - 1);
      add(b, { id: `smk-${++smoke}`, kind: 'smoke_detector', floor, name: `${b.name.zh} ${floor}F 楼道烟感` });
    }
    if (b.name.zh.includes('养老') || (b.use === 'residential' && rng.next() < 0.3)) {
      const floor = 1 + rng.int(b.floors);
      add(b, { id: `btn-${++button}`, kind: 'emergency_button', floor, name: `${b.name.zh} ${floor}F 紧急呼叫按钮` });
    }
    // Every building has a roof fire-water tank (GB 50974-2014 5.2: 高位消防水箱).
    add(b, { id: `fw-${++tank}`, kind: 'fire_water_tank', floor: b.floors, name: `${b.name.zh} 屋顶消防水箱` });
    for (const d of serviceBimDevices(b)) add(b, d);
  }
}
