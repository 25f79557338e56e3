/**
 * A plausible community for a place of the sites tree that has no twin: two to six neighbourhoods
 * of towers, mid-rise blocks or older walk-ups, a few life-circle facilities, parking sized for
 * the households, pipe sensors on every network, walkways, alert and service devices. Nothing is
 * copied from the demo; everything follows from (seed, community id), so a restart simulates the
 * same community.
 */
import type { SiteRecord } from '../sites/site-record.ts';
import type { BuildingCategory, WasteCategory } from '../families/index.ts';
import type {
  AlertDeviceConfig, BuildingConfig, CommunityConfig, EnvSensorConfig, LocalName, NeighbourhoodConfig, ParkingLotConfig,
  PipeSensorConfig, WalkwayConfig,
} from './community-config.ts';
import { spaceIds } from './community-config.ts';
import { GATE_SIDES, WATCHED_AREAS, neighbourhoodName, stemOf, type EstateKind } from './generated-names.ts';
import { rngFor, type Rng } from './random.ts';
import { typicalDailyM3, type ServiceDevicesConfig } from './service-config.ts';

/** A community of the sites tree with the places above it. */
export interface SitePlace {
  community: SiteRecord;
  street: SiteRecord;
  district: SiteRecord;
  city: SiteRecord;
}

interface EstateShape {
  floors: [number, number];
  units: [number, number];
  perFloor: [number, number];
  /** Floor area per household, m² (gross, with stairs and corridors). */
  areaPerHousehold: [number, number];
  /** Parking spaces per household. */
  parking: [number, number];
  share: number;
}

/** Towers of the 2000s on, mid-rise blocks, and the walk-ups of the 1980s–90s (老旧小区). */
const ESTATES: Readonly<Record<EstateKind, EstateShape>> = {
  tower: { floors: [24, 34], units: [1, 2], perFloor: [3, 4], areaPerHousehold: [95, 130], parking: [0.55, 1.0], share: 0.35 },
  midrise: { floors: [11, 18], units: [2, 3], perFloor: [2, 4], areaPerHousehold: [90, 120], parking: [0.4, 0.8], share: 0.25 },
  walkup: { floors: [6, 7], units: [2, 4], perFloor: [2, 2], areaPerHousehold: [60, 85], parking: [0.22, 0.4], share: 0.4 },
};

/** A neighbourhood's households at most (a bigger estate is several neighbourhoods). */
const MAX_ESTATE_HOUSEHOLDS: Readonly<Record<EstateKind, number>> = { tower: 3500, midrise: 2500, walkup: 1500 };

interface Facility {
  name: LocalName;
  category: BuildingCategory;
  areaM2: [number, number];
  /** Always built (a community service centre, a property station, a childcare site) or its chance. */
  chance: number;
  kitchen?: 'canteen' | 'kindergarten';
  childcare?: boolean;
  elderly?: boolean;
}

/** Life-circle facilities (guideline 表 1) a community houses in buildings of its own. */
const FACILITIES: readonly Facility[] = [
  { name: { zh: '社区综合服务中心', en: 'Community service centre' }, category: 'public_service', areaM2: [1500, 3500], chance: 1 },
  { name: { zh: '先锋物业服务站', en: 'Property service station' }, category: 'public_service', areaM2: [300, 800], chance: 1 },
  { name: { zh: '党群服务中心', en: 'Party-mass service centre' }, category: 'public_service', areaM2: [1200, 2500], chance: 0.5 },
  { name: { zh: '社区卫生服务站', en: 'Community health station' }, category: 'public_service', areaM2: [600, 1200], chance: 0.6 },
  { name: { zh: '社区文化活动站', en: 'Cultural activity station' }, category: 'public_service', areaM2: [600, 1200], chance: 0.5 },
  { name: { zh: '养老服务站·社区食堂', en: 'Elderly care station and canteen' }, category: 'public_service', areaM2: [1200, 2600], chance: 0.7, kitchen: 'canteen', elderly: true },
  { name: { zh: '便民商业楼', en: 'Convenience Shops' }, category: 'commercial', areaM2: [1200, 4000], chance: 0.7 },
  { name: { zh: '社区菜市场', en: 'Community Market' }, category: 'commercial', areaM2: [1500, 3000], chance: 0.4 },
];
/** Every community has one childcare site: a kindergarten with a childcare station, or a station alone. */
const CHILDCARE: readonly Facility[] = [
  { name: { zh: '普惠性幼儿园·托育驿站', en: 'Kindergarten and childcare station' }, category: 'public_service', areaM2: [2500, 4500], chance: 1, kitchen: 'kindergarten', childcare: true },
  { name: { zh: '托育照护驿站', en: 'Childcare station' }, category: 'public_service', areaM2: [300, 700], chance: 1, childcare: true },
];

const WASTE_BINS: Readonly<Record<WasteCategory, { label: string; dailyFillPct: number }>> = {
  food: { label: '厨余垃圾桶', dailyFillPct: 115 },
  residual: { label: '其他垃圾桶', dailyFillPct: 65 },
  recyclable: { label: '可回收物桶', dailyFillPct: 30 },
  hazardous: { label: '有害垃圾桶', dailyFillPct: 3 },
};
/** Households a collection point serves at the fill rates above. */
const HOUSEHOLDS_PER_WASTE_POINT = 550;
/** One garage or lot holds at most this many spaces; a bigger need gets a second one. */
const MAX_LOT = 800;

const between = (rng: Rng, [lo, hi]: readonly [number, number]) => lo + rng.int(hi - lo + 1);
const round = (x: number, step: number) => Math.round(x / step) * step;
const round1 = (x: number) => Math.round(x * 10) / 10;

interface BuildingPlan extends BuildingConfig {
  floors: number;
  units: number;
  kind: EstateKind | 'facility';
  facility?: Facility;
}

export function generateCommunity(place: SitePlace, seed: number): CommunityConfig {
  const { community, street, district, city } = checkPlace(place);
  const rng = rngFor(seed, 'generate-community', community.id);
  const id = community.id;

  // Neighbourhoods and their households: a community of 1,200–9,000 households, shared unevenly.
  const nbCount = 2 + rng.int(5);
  const target = Math.min(9000, Math.max(1200, rng.logNormal(3200, 0.45)));
  const weights = Array.from({ length: nbCount }, () => rng.uniform(0.5, 1.5));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const taken = new Set<string>();
  const nbs = weights.map((w, i) => {
    const kind = pickKind(rng);
    const name = neighbourhoodName(rng, kind, community.name, taken);
    return { id: `${id}-n${i + 1}`, name, kind, target: Math.min(MAX_ESTATE_HOUSEHOLDS[kind], (target * w) / weightSum), households: 0 };
  });
  const neighbourhoods: NeighbourhoodConfig[] = nbs.map((n) => ({ id: n.id, name: n.name }));

  const buildings: BuildingPlan[] = [];
  const addBuilding = (b: Omit<BuildingPlan, 'id' | 'meter' | 'chargers' | 'name'> & { name?: LocalName; chargerCount: number }) => {
    const k = buildings.length + 1;
    const bid = `b-${k}`;
    const { chargerCount, name, ...rest } = b;
    buildings.push({
      ...rest, id: bid, name: name ?? { zh: `${k}栋`, en: `Building ${k}` }, meter: `m-${bid}`,
      chargers: Array.from({ length: chargerCount }, (_, i) => `chg-${bid}-${i + 1}`),
    });
  };
  for (const n of nbs) {
    const shape = ESTATES[n.kind];
    while (n.households < n.target || buildings.filter((b) => b.neighbourhood === n.id).length < 2) {
      const floors = between(rng, shape.floors);
      const units = between(rng, shape.units);
      const households = floors * units * between(rng, shape.perFloor);
      const pv = rng.bernoulli(n.kind === 'walkup' ? 0.1 : 0.25) ? Math.round(rng.uniform(n.kind === 'walkup' ? 10 : 30, n.kind === 'walkup' ? 30 : 80)) : 0;
      addBuilding({
        neighbourhood: n.id, category: 'residential', kind: n.kind, floors, units, households, pvKwp: pv,
        floorAreaM2: Math.round(households * rng.uniform(...shape.areaPerHousehold)),
        chargerCount: n.kind === 'walkup' ? rng.int(2) : rng.int(5),
      });
      n.households += households;
    }
  }
  const stem = stemOf(community.name);
  const facilities = [...FACILITIES.filter((f) => rng.bernoulli(f.chance)), rng.pick(CHILDCARE)];
  for (const f of facilities) {
    const n = rng.pick(nbs);
    const name = f.category === 'commercial' ? { zh: `${n.name.zh}${f.name.zh}`, en: `${n.name.en} ${f.name.en}` } : f.name;
    addBuilding({
      neighbourhood: n.id, category: f.category, kind: 'facility', facility: f, floors: 2 + rng.int(3), units: 1, households: 0,
      name, floorAreaM2: round(between(rng, f.areaM2), 10), pvKwp: rng.bernoulli(0.6) ? Math.round(rng.uniform(20, 90)) : 0,
      chargerCount: rng.int(5),
    });
  }

  const gates: ServiceDevicesConfig['gates'] = [];
  for (const n of nbs) {
    const sides = shuffled(rng, GATE_SIDES).slice(0, 1 + rng.int(3));
    sides.forEach((side, i) => gates.push({
      id: `gate-${gates.length + 1}`, neighbourhood: n.id, main: i === 0, location: `${n.name.zh}${side.zh}`,
      dailyPassages: Math.round(n.households * (i === 0 ? rng.uniform(3, 4.5) : rng.uniform(1, 2))),
    }));
  }

  return {
    id,
    name: { ...community.name },
    city: { id: city.id, name: { ...city.name } },
    district: { id: district.id, name: { ...district.name } },
    street: { id: street.id, name: { ...street.name } },
    neighbourhoods,
    buildings: buildings.map(({ floors: _f, units: _u, kind: _k, facility: _x, ...b }) => b),
    parkingLots: parkingLots(rng, nbs, stem),
    pipeSensors: pipeSensors(rng, nbs),
    ...walkways(rng, nbs),
    alertDevices: alertDevices(rng, nbs, buildings, gates),
    services: services(rng, nbs, buildings, gates),
  };
}

interface NbPlan {
  id: string;
  name: LocalName;
  kind: EstateKind;
  households: number;
}

function pickKind(rng: Rng): EstateKind {
  let x = rng.next();
  for (const [kind, shape] of Object.entries(ESTATES) as [EstateKind, EstateShape][]) {
    if ((x -= shape.share) < 0) return kind;
  }
  return 'walkup';
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function parkingLots(rng: Rng, nbs: readonly NbPlan[], stem: LocalName): ParkingLotConfig[] {
  const lots: ParkingLotConfig[] = [];
  const add = (neighbourhood: string, name: LocalName, kind: ParkingLotConfig['kind'], capacity: number) => {
    const id = `p-${lots.length + 1}`;
    lots.push({ id, neighbourhood, name, kind, capacity, spaces: spaceIds(id, capacity) });
  };
  for (const n of nbs) {
    const need = Math.ceil(n.households * rng.uniform(...ESTATES[n.kind].parking));
    const parts = Math.ceil(need / MAX_LOT);
    // Walk-ups park on the ground between the blocks; newer estates under them.
    const underground = n.kind !== 'walkup';
    for (let i = 0; i < parts; i++) {
      const phase = parts > 1 ? { zh: `${'一二三四五六七八'[i] ?? i + 1}号`, en: ` ${i + 1}` } : { zh: '', en: '' };
      const name = underground
        ? { zh: `${n.name.zh}${phase.zh}地下车库`, en: `${n.name.en} underground garage${phase.en}` }
        : { zh: `${n.name.zh}${phase.zh}地面停车场`, en: `${n.name.en} car park${phase.en}` };
      add(n.id, name, underground ? 'underground' : 'residential', Math.round(need / parts));
    }
  }
  if (rng.bernoulli(0.6)) {
    add(rng.pick(nbs).id, { zh: `${stem.zh}公共停车场`, en: `${stem.en} public car park` }, 'public', 40 + rng.int(111));
  }
  return lots;
}

function pipeSensors(rng: Rng, nbs: readonly NbPlan[]): PipeSensorConfig[] {
  const out: PipeSensorConfig[] = [];
  const count = { water_supply: 0, drainage: 0, gas: 0 };
  const id = (network: keyof typeof count, prefix: string) => `${prefix}-${++count[network]}`;
  for (const n of nbs) {
    // Peak flows from the households' daily use (water 0.45 m³, about 2.5× the mean at the peak hour).
    const waterPeak = Math.max(5, Math.round((n.households * 0.45 * 2.5) / 24));
    for (let i = 0, k = 1 + rng.int(2); i < k; i++) {
      out.push({
        id: id('water_supply', 'ws'), neighbourhood: n.id, network: 'water_supply',
        location: i === 0 ? `${n.name.zh}供水干管 DN${rng.pick([150, 200])}` : `${n.name.zh}二次供水泵房出口`,
        // Hillside Chongqing: pressures vary with the height of a point below its reservoir or pump.
        nominalPressureKpa: round(rng.uniform(300, 460), 10), peakFlowM3h: Math.round((waterPeak / k) * rng.uniform(0.8, 1.2)),
      });
    }
    for (let i = 0, k = 1 + rng.int(2); i < k; i++) {
      const low = rng.bernoulli(0.3);
      out.push({
        id: id('drainage', 'dr'), neighbourhood: n.id, network: 'drainage',
        location: low ? `${n.name.zh}下穿通道雨水井` : i === 0 ? `${n.name.zh}雨水检查井` : `${n.name.zh}污水检查井`,
        nominalPressureKpa: 0, peakFlowM3h: Math.max(5, Math.round(waterPeak * 0.8 * rng.uniform(0.6, 1.1))),
        // Low-lying points flood sooner and take more of the rain.
        alertLevelM: low ? round1(rng.uniform(0.5, 0.6)) : round1(rng.uniform(0.8, 1.0)),
        runoffFactor: low ? round1(rng.uniform(1.2, 1.5)) : round1(rng.uniform(0.7, 1.1)),
      });
    }
    out.push({
      id: id('gas', 'gas'), neighbourhood: n.id, network: 'gas', location: `${n.name.zh}燃气调压箱`,
      nominalPressureKpa: rng.pick([2.8, 3]), peakFlowM3h: Math.max(5, Math.round(n.households * 0.025 * rng.uniform(0.8, 1.2))),
    });
  }
  return out;
}

function walkways(rng: Rng, nbs: readonly NbPlan[]): { walkways: WalkwayConfig[]; envSensors: EnvSensorConfig[] } {
  const ways: WalkwayConfig[] = [];
  const sensors: EnvSensorConfig[] = [];
  for (const n of nbs) {
    const w = { id: `w-${ways.length + 1}`, neighbourhood: n.id, name: { zh: `${n.name.zh}山城步道`, en: `${n.name.en} hillside walkway` } };
    ways.push(w);
    const parts = ['上段', '下段', '广场'];
    for (let i = 0, k = 1 + rng.int(3); i < k; i++) {
      const plaza = parts[i] === '广场' || rng.bernoulli(0.15);
      sensors.push({
        id: `env-${sensors.length + 1}`, walkway: w.id, neighbourhood: n.id, location: `${w.name.zh}${parts[i]}`,
        trafficExposure: round1(rng.uniform(0.1, 0.9)), plaza,
      });
    }
  }
  return { walkways: ways, envSensors: sensors };
}

function alertDevices(rng: Rng, nbs: readonly NbPlan[], buildings: readonly BuildingPlan[], gates: ServiceDevicesConfig['gates']): AlertDeviceConfig[] {
  const out: AlertDeviceConfig[] = [];
  let cam = 0;
  for (const n of nbs) {
    for (let i = 1, k = 2 + rng.int(5); i <= k; i++) out.push({ id: `cam-${++cam}`, neighbourhood: n.id, kind: 'fence_camera', location: `${n.name.zh}周界围墙 ${i}号点位` });
    for (const area of shuffled(rng, WATCHED_AREAS).slice(0, 1 + rng.int(3))) out.push({ id: `cam-${++cam}`, neighbourhood: n.id, kind: 'area_camera', location: `${n.name.zh}${area}` });
  }
  for (const g of gates) out.push({ id: `cam-${++cam}`, neighbourhood: g.neighbourhood, kind: 'gate_camera', location: g.location });
  let smk = 0;
  let btn = 0;
  for (const b of buildings) {
    // Smoke detectors in the stairwells: the lobby and a few floors up.
    const floors = [1, ...shuffled(rng, Array.from({ length: b.floors - 1 }, (_, i) => i + 2)).slice(0, rng.int(3)).sort((x, y) => x - y)];
    for (const f of floors) out.push({ id: `smk-${++smk}`, neighbourhood: b.neighbourhood, kind: 'smoke_detector', location: `${b.name.zh} ${f}F 楼道烟感` });
    if (b.facility?.elderly || (b.category === 'residential' && rng.bernoulli(0.3)) || (btn === 0 && b === buildings[buildings.length - 1])) {
      out.push({ id: `btn-${++btn}`, neighbourhood: b.neighbourhood, kind: 'emergency_button', location: `${b.name.zh} ${1 + rng.int(b.floors)}F 紧急呼叫按钮` });
    }
  }
  // The fire pump room's pool and hydrant main (one per neighbourhood).
  nbs.forEach((n, i) => out.push({ id: `fws-${i + 1}`, neighbourhood: n.id, kind: 'fire_water', location: `${n.name.zh}消防水泵房` }));
  return out;
}

function services(rng: Rng, nbs: readonly NbPlan[], buildings: readonly BuildingPlan[], gates: ServiceDevicesConfig['gates']): ServiceDevicesConfig {
  const s: ServiceDevicesConfig = { lifts: [], utilityMeters: [], wasteBins: [], fireWater: [], childcareAlarms: [], gates };
  for (const b of buildings) {
    const base = { building: b.id, neighbourhood: b.neighbourhood };
    // Towers: two lifts a unit; mid-rise: one; walk-ups: a lift added to a unit (加装电梯) here and there.
    const lifts = b.kind === 'tower' ? 2 * b.units : b.kind === 'midrise' ? b.units : b.kind === 'walkup' ? (rng.bernoulli(0.3) ? 1 : 0) : b.floors >= 3 ? 1 : 0;
    for (let i = 1; i <= lifts; i++) {
      const location = b.kind === 'walkup' ? `${b.name.zh} 加装电梯` : `${b.name.zh} ${i}号电梯`;
      s.lifts.push({ ...base, id: `lift-${b.id}-${i}`, floors: b.floors, category: b.category, households: Math.round(b.households / lifts), location });
    }
    const kitchen = b.facility?.kitchen ?? null;
    s.utilityMeters.push({ ...base, id: `wm-${b.id}`, utility: 'water', category: b.category, location: `${b.name.zh} 总水表`, dailyM3: typicalDailyM3('water', b, kitchen) });
    const gas = typicalDailyM3('gas', b, kitchen);
    if (gas > 0) s.utilityMeters.push({ ...base, id: `gm-${b.id}`, utility: 'gas', category: b.category, location: `${b.name.zh} 燃气表`, dailyM3: gas });
    // Roof fire tanks on high-rise homes (above 27 m) and on public buildings; the riser's top is a few metres below.
    if (b.kind === 'tower' || b.kind === 'midrise' || b.kind === 'facility') {
      s.fireWater.push({ ...base, id: `fw-${s.fireWater.length + 1}`, normalLevelM: 2.2, pumpStartKpa: 150, pumpStopKpa: 175, staticKpa: Math.round(rng.uniform(50, 65)), location: `${b.name.zh} 屋顶消防水箱` });
    }
    if (b.facility?.childcare) s.childcareAlarms.push({ ...base, id: `cs-${s.childcareAlarms.length + 1}`, location: `${b.name.zh} 入侵报警主机` });
  }
  let point = 0;
  for (const n of nbs) {
    const points = Math.max(1, Math.round(n.households / HOUSEHOLDS_PER_WASTE_POINT));
    for (let i = 0; i < points; i++) {
      const wp = `wp-${++point}`;
      // Points serve different numbers of homes: the fill scales with them (within a factor of 0.6–1.4).
      const load = Math.min(1.4, Math.max(0.6, (n.households / points / HOUSEHOLDS_PER_WASTE_POINT) * rng.uniform(0.85, 1.15)));
      for (const [category, bin] of Object.entries(WASTE_BINS) as [WasteCategory, (typeof WASTE_BINS)[WasteCategory]][]) {
        s.wasteBins.push({
          id: `wb-${point}-${category}`, point: wp, neighbourhood: n.id, category,
          location: `${n.name.zh} ${i + 1}号垃圾分类投放点 ${bin.label}`, dailyFillPct: round1(bin.dailyFillPct * load),
        });
      }
    }
  }
  return s;
}

function checkPlace(place: SitePlace): SitePlace {
  const expect = (key: keyof SitePlace, level: SiteRecord['level']) => {
    const r = place[key];
    if (!r || r.level !== level) throw new Error(`generateCommunity: place.${key} must be a ${level} record, got ${r ? `"${r.id}" (${r.level})` : 'nothing'}`);
  };
  expect('community', 'community');
  expect('street', 'street');
  expect('district', 'district');
  expect('city', 'city');
  const { community, street, district, city } = place;
  if (community.parent !== street.id || street.parent !== district.id || district.parent !== city.id) {
    throw new Error(`generateCommunity: "${community.id}" → "${street.id}" → "${district.id}" → "${city.id}" is not a parent chain of the sites tree`);
  }
  return place;
}

/** Districts of 重庆市 the synthetic places are spread over (GB/T 2260 codes). */
const SYNTHETIC_DISTRICTS: readonly [string, string, string][] = [
  ['500103', '渝中区', 'Yuzhong District'], ['500105', '江北区', 'Jiangbei District'], ['500108', '南岸区', 'Nan\'an District'],
  ['500106', '沙坪坝区', 'Shapingba District'], ['500107', '九龙坡区', 'Jiulongpo District'], ['500112', '渝北区', 'Yubei District'],
  ['500113', '巴南区', 'Banan District'], ['500104', '大渡口区', 'Dadukou District'], ['500109', '北碚区', 'Beibei District'],
];

/**
 * `n` places for load tests and benches that run without a sites tree: communities `c-0001`…,
 * eight to a street, streets spread round-robin over up to nine districts (five streets each
 * before a new district opens), so the hierarchy fans out at every level. Street ids are made up
 * (`500103-s01`); the districts and the city carry their real codes.
 */
export function syntheticPlaces(n: number): SitePlace[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`syntheticPlaces: n must be a non-negative integer, got ${n}`);
  const perStreet = 8;
  const streetCount = Math.ceil(n / perStreet);
  const districtCount = Math.min(SYNTHETIC_DISTRICTS.length, Math.max(1, Math.ceil(streetCount / 5)));
  const width = Math.max(4, String(n).length);
  const city: SiteRecord = { id: '500000', level: 'city', parent: null, code: '500000', name: { zh: '重庆市', en: 'Chongqing' } };
  return Array.from({ length: n }, (_, i) => {
    const num = String(i + 1).padStart(width, '0');
    const s = Math.floor(i / perStreet);
    const [code, zh, en] = SYNTHETIC_DISTRICTS[s % districtCount];
    const k = Math.floor(s / districtCount) + 1;
    const district: SiteRecord = { id: code, level: 'district', parent: city.id, code, name: { zh, en } };
    const street: SiteRecord = {
      id: `${code}-s${String(k).padStart(2, '0')}`, level: 'street', parent: code, code: null,
      name: { zh: `${zh.replace(/区$/, '')}第${k}街道`, en: `${en.replace(/ District$/, '')} Street ${k}` },
    };
    const community: SiteRecord = {
      id: `c-${num}`, level: 'community', parent: street.id, code: null, urban: true,
      name: { zh: `模拟社区${num}`, en: `Simulated Community ${num}` },
    };
    return { community, street, district, city };
  });
}
