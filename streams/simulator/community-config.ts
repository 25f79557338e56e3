/**
 * The simulated communities, as data: places, buildings, meters, parking, pipe and walkway sensors
 * and alert devices, with the stable ids every simulated series is tagged with. The simulator takes
 * them as input: its sites (the hierarchy nodes, `hierarchyNodes()`) and its device registry.
 *
 * The demo community is built from the twin's plan in twin-models/demo (DEMO_COMMUNITY), so its
 * series' tags match the twin manifest's device registry; `seriesOf()` (series.ts) lists them for
 * that cross-check. generateCommunity() (community-generator.ts) makes the others, for places of
 * the sites tree that have no twin.
 */
import type { BuildingCategory, PipeNetwork } from '../families/index.ts';
import type { HierarchyNode } from '../hierarchy.ts';
import { serviceDeviceList, type ServiceDevicesConfig } from './service-config.ts';

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
  /** Lifts, water and gas meters, waste bins, fire-water tanks, childcare panels, gates (service-config.ts). */
  services: ServiceDevicesConfig;
}

export function spaceIds(lot: string, capacity: number): string[] {
  return Array.from({ length: capacity }, (_, i) => `${lot}-${String(i + 1).padStart(3, '0')}`);
}

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
  for (const d of serviceDeviceList(c.services)) device(d.kind, d.id, d.neighbourhood);
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
