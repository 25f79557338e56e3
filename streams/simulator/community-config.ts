/**
 * The simulated communities, as data: places, buildings, meters, parking, pipe and walkway sensors
 * and alert devices, with the stable ids every simulated series is tagged with.
 *
 * PLACEHOLDERS: these ids and names stand in until the twin manifest (twin-models/) provides the
 * real device registry. When it does, build `CommunityConfig`s from the manifest instead: every
 * series' tags (community, neighbourhood, building, meter, lot, space, sensor, walkway, device)
 * must match the manifest's device registry, or the twin cannot place the data.
 * `seriesOf()` (series.ts) lists the series a config produces, for that cross-check.
 */
import type { BuildingCategory, PipeNetwork } from '../measurements.ts';
import type { HierarchyNode } from '../hierarchy.ts';
import { rngFor } from './random.ts';

export interface LocalName {
  zh: string;
  en: string;
}

export interface Place {
  id: string;
  name: LocalName;
}

export type NeighbourhoodConfig = Place;

export interface BuildingConfig {
  id: string;
  neighbourhood: string;
  name: LocalName;
  category: BuildingCategory;
  floorAreaM2: number;
  /** Households (0 for non-residential buildings). */
  households: number;
  /** Rooftop PV capacity, kWp (0 where there is none). */
  pvKwp: number;
  /** The building's electricity meter (one per building). */
  meter: string;
  /** EV charger ids (their load is metered by the building's meter). */
  chargers: string[];
}

export type ParkingKind = 'residential' | 'public' | 'underground';

export interface ParkingLotConfig {
  id: string;
  neighbourhood: string;
  name: LocalName;
  kind: ParkingKind;
  capacity: number;
  /** Space ids, `${lot}-001`…; length equals capacity. */
  spaces: string[];
}

export interface PipeSensorConfig {
  id: string;
  neighbourhood: string;
  network: PipeNetwork;
  /** Human location, Chinese. */
  location: string;
  /** Pressure with no demand (water supply, gas), kPa. */
  nominalPressureKpa: number;
  /** Flow at the daily peak of demand (water, gas) or of dry-weather sewage (drainage), m³/h. */
  peakFlowM3h: number;
  /** Drainage only: level (m) at which waterlogging is alerted. */
  alertLevelM?: number;
  /** Drainage only: how strongly rain raises the level here (low-lying points > 1). */
  runoffFactor?: number;
}

export interface WalkwayConfig {
  id: string;
  neighbourhood: string;
  name: LocalName;
}

export interface EnvSensorConfig {
  id: string;
  walkway: string;
  neighbourhood: string;
  location: string;
  /** 0..1, how much road traffic reaches the sensor (PM2.5, noise). */
  trafficExposure: number;
  /** A square where evening dancing (广场舞) raises the noise. */
  plaza: boolean;
}

/** What an alert device is; the simulator gives each kind its alert type, rate and daily shape. */
export type AlertDeviceKind =
  | 'fence_camera'
  | 'area_camera'
  | 'gate_camera'
  | 'emergency_button'
  | 'smoke_detector'
  | 'fire_water';

export interface AlertDeviceConfig {
  id: string;
  neighbourhood: string;
  kind: AlertDeviceKind;
  /** Human location, Chinese, e.g. `3栋2单元`. */
  location: string;
}

export interface CommunityConfig {
  id: string;
  name: LocalName;
  city: Place;
  district: Place;
  street: Place;
  neighbourhoods: NeighbourhoodConfig[];
  buildings: BuildingConfig[];
  parkingLots: ParkingLotConfig[];
  pipeSensors: PipeSensorConfig[];
  walkways: WalkwayConfig[];
  envSensors: EnvSensorConfig[];
  alertDevices: AlertDeviceConfig[];
}

export const CITY_CHONGQING: Place = { id: 'cq', name: { zh: '重庆市', en: 'Chongqing' } };

export function spaceIds(lot: string, capacity: number): string[] {
  return Array.from({ length: capacity }, (_, i) => `${lot}-${String(i + 1).padStart(3, '0')}`);
}

const chargers = (building: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `chg-${building}-${i + 1}`);

function building(
  n: number, neighbourhood: string, zh: string, en: string, category: BuildingCategory,
  floorAreaM2: number, households: number, pvKwp: number, evChargers: number,
): BuildingConfig {
  const id = `b-${n}`;
  return { id, neighbourhood, name: { zh, en }, category, floorAreaM2, households, pvKwp, meter: `m-${id}`, chargers: chargers(id, evChargers) };
}

function lot(n: number, neighbourhood: string, zh: string, en: string, kind: ParkingKind, capacity: number): ParkingLotConfig {
  const id = `p-${n}`;
  return { id, neighbourhood, name: { zh, en }, kind, capacity, spaces: spaceIds(id, capacity) };
}

const N1 = 'n-eling-1';
const N2 = 'n-eling-2';
const N3 = 'n-eling-3';

/** 鹅岭社区: a hillside community of about 2000 households in 两路口街道, 渝中区. */
export const DEMO_COMMUNITY: CommunityConfig = deepFreeze({
  id: 'c-eling',
  name: { zh: '鹅岭社区', en: 'Eling Community' },
  city: CITY_CHONGQING,
  district: { id: 'd-yuzhong', name: { zh: '渝中区', en: 'Yuzhong District' } },
  street: { id: 's-lianglukou', name: { zh: '两路口街道', en: 'Lianglukou Subdistrict' } },
  neighbourhoods: [
    { id: N1, name: { zh: '鹅岭正街小区', en: 'Eling Zhengjie Neighbourhood' } },
    { id: N2, name: { zh: '佛图关小区', en: 'Fotuguan Neighbourhood' } },
    { id: N3, name: { zh: '李子坝小区', en: 'Liziba Neighbourhood' } },
  ],
  buildings: [
    building(1, N1, '1栋', 'Building 1', 'residential', 16200, 180, 60, 4),
    building(2, N1, '2栋', 'Building 2', 'residential', 19800, 220, 0, 3),
    building(3, N1, '3栋', 'Building 3', 'residential', 14400, 160, 45, 2),
    building(4, N1, '4栋', 'Building 4', 'residential', 21600, 240, 0, 5),
    building(5, N1, '党群服务中心', 'Community service centre', 'public_service', 3200, 0, 80, 4),
    building(6, N2, '6栋', 'Building 6', 'residential', 18000, 200, 50, 4),
    building(7, N2, '7栋', 'Building 7', 'residential', 23400, 260, 0, 6),
    building(8, N2, '8栋', 'Building 8', 'residential', 13500, 150, 40, 2),
    building(9, N2, '9栋', 'Building 9', 'residential', 17100, 190, 0, 3),
    building(10, N2, '社区养老服务中心', 'Elderly care centre', 'public_service', 2600, 0, 60, 2),
    building(11, N3, '11栋', 'Building 11', 'residential', 20700, 230, 55, 5),
    building(12, N3, '12栋', 'Building 12', 'residential', 15300, 170, 0, 2),
    building(13, N3, '二厂文创街区', 'Erchang creative block', 'commercial', 8500, 0, 120, 8),
    building(14, N3, '鹅岭农贸市场', 'Eling market', 'commercial', 2400, 0, 30, 2),
  ],
  parkingLots: [
    lot(1, N1, '鹅岭正街地面停车场', 'Eling Zhengjie surface lot', 'residential', 40),
    lot(2, N2, '佛图关地下车库', 'Fotuguan underground garage', 'underground', 60),
    lot(3, N1, '党群服务中心公共停车场', 'Service centre public lot', 'public', 24),
    lot(4, N3, '二厂文创公共停车场', 'Erchang public lot', 'public', 36),
    lot(5, N3, '李子坝小区停车场', 'Liziba residents\' lot', 'residential', 30),
  ],
  pipeSensors: [
    { id: 'ws-1', neighbourhood: N1, network: 'water_supply', location: '鹅岭正街供水干管 DN200', nominalPressureKpa: 330, peakFlowM3h: 60 },
    { id: 'ws-2', neighbourhood: N2, network: 'water_supply', location: '佛图关二次供水泵房出口', nominalPressureKpa: 420, peakFlowM3h: 110 },
    { id: 'ws-3', neighbourhood: N3, network: 'water_supply', location: '李子坝供水支管 DN150', nominalPressureKpa: 380, peakFlowM3h: 45 },
    { id: 'ws-4', neighbourhood: N2, network: 'water_supply', location: '养老服务中心进水管 DN100', nominalPressureKpa: 300, peakFlowM3h: 12 },
    { id: 'dr-1', neighbourhood: N3, network: 'drainage', location: '李子坝下穿通道雨水井', nominalPressureKpa: 0, peakFlowM3h: 25, alertLevelM: 0.5, runoffFactor: 1.5 },
    { id: 'dr-2', neighbourhood: N1, network: 'drainage', location: '鹅岭正街雨水检查井', nominalPressureKpa: 0, peakFlowM3h: 35, alertLevelM: 0.8, runoffFactor: 1.0 },
    { id: 'dr-3', neighbourhood: N2, network: 'drainage', location: '佛图关小区污水检查井', nominalPressureKpa: 0, peakFlowM3h: 50, alertLevelM: 0.9, runoffFactor: 0.7 },
    { id: 'dr-4', neighbourhood: N3, network: 'drainage', location: '二厂停车场雨水口', nominalPressureKpa: 0, peakFlowM3h: 20, alertLevelM: 0.8, runoffFactor: 1.2 },
    { id: 'gas-1', neighbourhood: N1, network: 'gas', location: '鹅岭正街燃气调压箱', nominalPressureKpa: 2.8, peakFlowM3h: 40 },
    { id: 'gas-2', neighbourhood: N2, network: 'gas', location: '佛图关小区燃气调压箱', nominalPressureKpa: 2.8, peakFlowM3h: 50 },
    { id: 'gas-3', neighbourhood: N3, network: 'gas', location: '二厂文创街区燃气引入管', nominalPressureKpa: 3.0, peakFlowM3h: 30 },
  ],
  walkways: [
    { id: 'w-1', neighbourhood: N1, name: { zh: '鹅岭山城步道', en: 'Eling hillside walkway' } },
    { id: 'w-2', neighbourhood: N2, name: { zh: '佛图关步道', en: 'Fotuguan walkway' } },
    { id: 'w-3', neighbourhood: N3, name: { zh: '李子坝步道', en: 'Liziba walkway' } },
  ],
  envSensors: [
    { id: 'env-1', walkway: 'w-1', neighbourhood: N1, location: '鹅岭公园入口', trafficExposure: 0.7, plaza: false },
    { id: 'env-2', walkway: 'w-1', neighbourhood: N1, location: '瞰胜楼观景平台', trafficExposure: 0.2, plaza: false },
    { id: 'env-3', walkway: 'w-2', neighbourhood: N2, location: '佛图关公园步道', trafficExposure: 0.3, plaza: false },
    { id: 'env-4', walkway: 'w-3', neighbourhood: N3, location: '李子坝轻轨观景平台', trafficExposure: 0.9, plaza: false },
    { id: 'env-5', walkway: 'w-3', neighbourhood: N3, location: '二厂文创广场', trafficExposure: 0.5, plaza: true },
  ],
  alertDevices: [
    { id: 'cam-1', neighbourhood: N1, kind: 'fence_camera', location: '鹅岭正街小区东侧围墙' },
    { id: 'cam-2', neighbourhood: N2, kind: 'fence_camera', location: '佛图关小区北侧围墙' },
    { id: 'cam-3', neighbourhood: N3, kind: 'fence_camera', location: '李子坝小区西侧围墙' },
    { id: 'cam-4', neighbourhood: N3, kind: 'fence_camera', location: '二厂文创街区后门围墙' },
    { id: 'cam-5', neighbourhood: N1, kind: 'area_camera', location: '鹅岭公园入口广场' },
    { id: 'cam-6', neighbourhood: N2, kind: 'area_camera', location: '佛图关边坡护栏' },
    { id: 'cam-7', neighbourhood: N3, kind: 'area_camera', location: '李子坝轻轨观景平台' },
    { id: 'cam-8', neighbourhood: N1, kind: 'gate_camera', location: '鹅岭正街小区大门' },
    { id: 'cam-9', neighbourhood: N2, kind: 'gate_camera', location: '佛图关小区大门' },
    { id: 'cam-10', neighbourhood: N3, kind: 'gate_camera', location: '李子坝小区大门' },
    { id: 'btn-1', neighbourhood: N1, kind: 'emergency_button', location: '1栋2单元0302' },
    { id: 'btn-2', neighbourhood: N1, kind: 'emergency_button', location: '2栋1单元0501' },
    { id: 'btn-3', neighbourhood: N1, kind: 'emergency_button', location: '4栋3单元0104' },
    { id: 'btn-4', neighbourhood: N2, kind: 'emergency_button', location: '6栋1单元0203' },
    { id: 'btn-5', neighbourhood: N2, kind: 'emergency_button', location: '7栋2单元0702' },
    { id: 'btn-6', neighbourhood: N2, kind: 'emergency_button', location: '社区养老服务中心 108室' },
    { id: 'btn-7', neighbourhood: N3, kind: 'emergency_button', location: '11栋1单元0401' },
    { id: 'btn-8', neighbourhood: N3, kind: 'emergency_button', location: '12栋2单元0601' },
    { id: 'smk-1', neighbourhood: N1, kind: 'smoke_detector', location: '1栋2单元 楼道' },
    { id: 'smk-2', neighbourhood: N1, kind: 'smoke_detector', location: '3栋1单元 楼道' },
    { id: 'smk-3', neighbourhood: N1, kind: 'smoke_detector', location: '党群服务中心 二楼' },
    { id: 'smk-4', neighbourhood: N2, kind: 'smoke_detector', location: '6栋2单元 楼道' },
    { id: 'smk-5', neighbourhood: N2, kind: 'smoke_detector', location: '7栋1单元 电表间' },
    { id: 'smk-6', neighbourhood: N2, kind: 'smoke_detector', location: '社区养老服务中心 厨房' },
    { id: 'smk-7', neighbourhood: N3, kind: 'smoke_detector', location: '11栋2单元 楼道' },
    { id: 'smk-8', neighbourhood: N3, kind: 'smoke_detector', location: '二厂文创街区 B区餐饮' },
    { id: 'smk-9', neighbourhood: N3, kind: 'smoke_detector', location: '鹅岭农贸市场 熟食区' },
    { id: 'smk-10', neighbourhood: N3, kind: 'smoke_detector', location: '12栋1单元 楼道' },
    { id: 'fw-1', neighbourhood: N2, kind: 'fire_water', location: '佛图关小区消防水池' },
    { id: 'fw-2', neighbourhood: N3, kind: 'fire_water', location: '二厂文创街区屋顶消防水箱' },
  ],
});

/** Problems with a config (unknown neighbourhoods, duplicate ids, bad sizes); empty when valid. */
export function validateCommunity(c: CommunityConfig): string[] {
  const errors: string[] = [];
  const nbs = new Set(c.neighbourhoods.map((n) => n.id));
  if (nbs.size !== c.neighbourhoods.length) errors.push(`${c.id}: duplicate neighbourhood ids`);
  if (nbs.size === 0) errors.push(`${c.id}: no neighbourhoods`);
  const seen = new Set<string>();
  const device = (kind: string, id: string, neighbourhood: string) => {
    if (seen.has(id)) errors.push(`${c.id}: duplicate device id "${id}"`);
    seen.add(id);
    if (!nbs.has(neighbourhood)) errors.push(`${c.id}: ${kind} "${id}" names unknown neighbourhood "${neighbourhood}"`);
  };
  for (const b of c.buildings) {
    device('building', b.id, b.neighbourhood);
    device('meter', b.meter, b.neighbourhood);
    for (const ch of b.chargers) device('charger', ch, b.neighbourhood);
    if (!(b.floorAreaM2 > 0)) errors.push(`${c.id}: building "${b.id}" needs a floor area > 0`);
  }
  for (const l of c.parkingLots) {
    device('parking lot', l.id, l.neighbourhood);
    if (l.spaces.length !== l.capacity) errors.push(`${c.id}: lot "${l.id}" has ${l.spaces.length} spaces for capacity ${l.capacity}`);
    for (const s of l.spaces) device('parking space', s, l.neighbourhood);
  }
  for (const p of c.pipeSensors) device('pipe sensor', p.id, p.neighbourhood);
  const walkways = new Set<string>();
  for (const w of c.walkways) {
    device('walkway', w.id, w.neighbourhood);
    walkways.add(w.id);
  }
  for (const e of c.envSensors) {
    device('env sensor', e.id, e.neighbourhood);
    if (!walkways.has(e.walkway)) errors.push(`${c.id}: env sensor "${e.id}" names unknown walkway "${e.walkway}"`);
  }
  for (const a of c.alertDevices) device('alert device', a.id, a.neighbourhood);
  return errors;
}

/**
 * The hierarchy above and including the communities' neighbourhoods: city, district, street,
 * community and neighbourhood nodes, parents before children, each place once.
 */
export function hierarchyNodes(communities: readonly CommunityConfig[]): HierarchyNode[] {
  const nodes: HierarchyNode[] = [];
  const byId = new Map<string, HierarchyNode>();
  const add = (id: string, level: HierarchyNode['level'], name: LocalName, parent: string | null) => {
    const existing = byId.get(id);
    if (existing) {
      if (existing.level !== level || existing.parent !== parent) {
        throw new Error(`hierarchyNodes: "${id}" appears as ${existing.level} under ${existing.parent} and as ${level} under ${parent}`);
      }
      return;
    }
    const node: HierarchyNode = { id, level, name: { zh: name.zh, en: name.en }, parent };
    byId.set(id, node);
    nodes.push(node);
  };
  for (const c of communities) {
    add(c.city.id, 'city', c.city.name, null);
    add(c.district.id, 'district', c.district.name, c.city.id);
    add(c.street.id, 'street', c.street.name, c.district.id);
    add(c.id, 'community', c.name, c.street.id);
    for (const n of c.neighbourhoods) add(n.id, 'neighbourhood', n.name, c.id);
  }
  return nodes;
}

/** Chongqing districts the load-test communities are spread over. */
const DISTRICTS: readonly Place[] = [
  { id: 'd-yuzhong', name: { zh: '渝中区', en: 'Yuzhong District' } },
  { id: 'd-jiangbei', name: { zh: '江北区', en: 'Jiangbei District' } },
  { id: 'd-nanan', name: { zh: '南岸区', en: 'Nan\'an District' } },
  { id: 'd-shapingba', name: { zh: '沙坪坝区', en: 'Shapingba District' } },
  { id: 'd-jiulongpo', name: { zh: '九龙坡区', en: 'Jiulongpo District' } },
  { id: 'd-yubei', name: { zh: '渝北区', en: 'Yubei District' } },
  { id: 'd-banan', name: { zh: '巴南区', en: 'Banan District' } },
  { id: 'd-dadukou', name: { zh: '大渡口区', en: 'Dadukou District' } },
  { id: 'd-beibei', name: { zh: '北碚区', en: 'Beibei District' } },
];
const COMMUNITIES_PER_STREET = 8;
const STREETS_PER_DISTRICT = 5;
const AREA_ZH = ['一区', '二区', '三区', '四区', '五区', '六区'];

/**
 * `n` communities for load tests, derived from the demo template: ids `c-0001`…, neighbourhoods
 * `c-0001-n1`…, device ids as in the template (unique within a community; series are told apart
 * by their community tag). Sizes are jittered per community from `seed`. Eight communities per
 * street, streets spread round-robin over up to nine districts of 重庆市 (five streets each before
 * a new district opens), so the hierarchy fans out at every level.
 */
export function makeCommunities(n: number, seed = 1): CommunityConfig[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`makeCommunities: n must be a non-negative integer, got ${n}`);
  const streetCount = Math.ceil(n / COMMUNITIES_PER_STREET);
  const districtCount = Math.min(DISTRICTS.length, Math.max(1, Math.ceil(streetCount / STREETS_PER_DISTRICT)));
  const width = Math.max(4, String(n).length);
  const out: CommunityConfig[] = [];
  const t = DEMO_COMMUNITY;
  for (let i = 0; i < n; i++) {
    const num = String(i + 1).padStart(width, '0');
    const id = `c-${num}`;
    const streetIndex = Math.floor(i / COMMUNITIES_PER_STREET);
    const district = DISTRICTS[streetIndex % districtCount];
    const k = Math.floor(streetIndex / districtCount) + 1;
    const slug = district.id.slice(2);
    const districtShort = district.name.zh.replace(/区$/, '');
    const districtEn = district.name.en.replace(/ District$/, '');
    const street: Place = {
      id: `s-${slug}-${String(k).padStart(2, '0')}`,
      name: { zh: `${districtShort}第${k}街道`, en: `${districtEn} Street ${k}` },
    };
    const rng = rngFor(seed, 'make-community', id);
    const nbMap = new Map<string, string>();
    const neighbourhoods = t.neighbourhoods.map((nb, j) => {
      const nid = `${id}-n${j + 1}`;
      nbMap.set(nb.id, nid);
      return { id: nid, name: { zh: `模拟社区${num}${AREA_ZH[j] ?? `${j + 1}区`}`, en: `Simulated Community ${num} Area ${j + 1}` } };
    });
    const nb = (old: string) => nbMap.get(old)!;
    const size = rng.uniform(0.8, 1.25);
    out.push({
      id,
      name: { zh: `模拟社区${num}`, en: `Simulated Community ${num}` },
      city: CITY_CHONGQING,
      district,
      street,
      neighbourhoods,
      buildings: t.buildings.map((b) => {
        const pv = b.pvKwp > 0 && rng.next() < 0.8 ? Math.round(b.pvKwp * rng.uniform(0.6, 1.4)) : 0;
        const nChargers = Math.max(0, b.chargers.length + rng.int(3) - 1);
        return {
          ...b,
          neighbourhood: nb(b.neighbourhood),
          name: { ...b.name },
          floorAreaM2: Math.round(b.floorAreaM2 * size),
          households: Math.round(b.households * size),
          pvKwp: pv,
          chargers: chargers(b.id, nChargers),
        };
      }),
      parkingLots: t.parkingLots.map((l) => {
        const capacity = Math.min(60, Math.max(20, Math.round(l.capacity * rng.uniform(0.75, 1.25))));
        return { ...l, neighbourhood: nb(l.neighbourhood), name: { ...l.name }, capacity, spaces: spaceIds(l.id, capacity) };
      }),
      pipeSensors: t.pipeSensors.map((p) => ({ ...p, neighbourhood: nb(p.neighbourhood), peakFlowM3h: Math.round(p.peakFlowM3h * size) })),
      walkways: t.walkways.map((w) => ({ ...w, neighbourhood: nb(w.neighbourhood), name: { ...w.name } })),
      envSensors: t.envSensors.map((e) => ({ ...e, neighbourhood: nb(e.neighbourhood) })),
      alertDevices: t.alertDevices.map((a) => ({ ...a, neighbourhood: nb(a.neighbourhood) })),
    });
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
