/**
 * What the twin draws, derived once per twin model: buildings as massing, parking spaces and lots,
 * pipes and their sensors, walkways, devices and facilities, the family points (bins, gates), as the plain arrays the layers take
 * as `data`. Built when the model loads and never rebuilt, so every layer keeps the same `data`
 * reference for the life of the twin. Also answers "where is this id" for fly-to and the cards.
 */
import type { LiveData } from '../../live/live-store.ts';
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { Family } from '../../../streams/families/index.ts';
import type { Feature, TwinModel } from '../twin-model.ts';
import { LiveIndex } from '../live-index.ts';
import type { PickedObject } from './picking.ts';
import { familyPointGroups, familyPointKind, type FamilyPointGroup } from './family-points.ts';

export interface BuildingItem { id: string; name: string; neighbourhood: string; floorAreaM2: number; meter: string; heightM: number; polygon: number[][] }
export interface PointItem { id: string; name: string; kind: string; neighbourhood?: string; position: number[]; lot?: string; network?: string; walkway?: string }
export interface LotItem extends PointItem { capacity: number; polygon: number[][] }
export interface PathItem { id: string; kind: string; network?: string; path: [number, number, number][]; sensor?: string; /** Path length, metres. */ lengthM: number }

/** Lines and markers are lifted this far (m) so the coarse terrain tiles of the overview do not hide them. */
const LIFT_M = 2;
const lift = (p: number[]): [number, number, number] => [p[0], p[1], (p[2] ?? 0) + LIFT_M];
const liftPath = (path: number[][]): [number, number, number][] => path.map(lift);
/** A pipe segment shows the state of the nearest sensor of its own network within this distance, metres. */
const PIPE_SENSOR_REACH_M = 150;

export class TwinSceneData {
  readonly buildings: BuildingItem[];
  readonly spaces: PointItem[];
  readonly lots: LotItem[];
  readonly pipes: PathItem[];
  readonly pipeSensors: PointItem[];
  /** Index into `pipeSensors` of the sensor each pipe segment shows, or -1. */
  readonly nearestSensorOfPipe: Int32Array;
  readonly walkways: PathItem[];
  readonly cameras: PointItem[];
  readonly envSensors: PointItem[];
  readonly facilities: PointItem[];
  /** Waste bins, gates: GIS devices of families with no layer of their own, one group per family. */
  readonly familyPoints: FamilyPointGroup[];
  private readonly index = new LiveIndex();

  constructor(readonly model: TwinModel) {
    const m = model.manifest;
    const name = (p: Record<string, any>) => (typeof p.name === 'string' ? p.name : p.name?.zh ?? p.id);
    const fs = (layer: string) => model.layers[layer]?.features ?? [];

    // The overview draws each building as its massing (footprint × height): one draw call for all of
    // them, tinted per building. The BIM model with its elements opens in the building detail.
    this.buildings = m.buildings.filter((b) => b.footprint && b.bounds).map((b) => {
      const meter = m.devices.find((d) => d.measurement === 'energy' && 'building' in d.binding && d.binding.building === b.id)?.id ?? '';
      const base = model.origin[2] + b.bounds![2]; // bounds already include the placement
      return { id: b.id, name: b.name.zh, neighbourhood: b.neighbourhood, floorAreaM2: b.floorAreaM2, meter, heightM: b.bounds![5] - b.bounds![2], polygon: b.footprint!.map(([lon, lat]) => [lon, lat, base]) };
    });
    this.spaces = fs('parking').filter((f) => f.properties.kind === 'space').map((f) => ({ id: f.properties.id, name: f.properties.id, kind: 'space', neighbourhood: f.properties.neighbourhood, position: lift(f.geometry.coordinates), lot: f.properties.lot }));
    this.lots = fs('parking').filter((f) => f.properties.kind === 'lot').map((f) => ({ id: f.properties.id, name: name(f.properties), kind: f.properties.lotKind, neighbourhood: f.properties.neighbourhood, position: centre(f), capacity: f.properties.capacity, polygon: f.geometry.coordinates[0] }));
    const pipeNodes = fs('pipes').filter((f) => f.geometry.type === 'Point');
    this.pipeSensors = pipeNodes.filter((f) => f.properties.kind === 'sensor').map((f) => ({ id: f.properties.id, name: name(f.properties), kind: 'pipe-sensor', network: f.properties.network, neighbourhood: f.properties.neighbourhood, position: lift(f.geometry.coordinates) }));
    this.pipes = fs('pipes').filter((f) => f.geometry.type === 'LineString').map((f) => {
      const path = liftPath(f.geometry.coordinates);
      return { id: f.properties.id, kind: 'pipe', network: f.properties.network, path, lengthM: pathLength(path) };
    });
    this.nearestSensorOfPipe = Int32Array.from(this.pipes, (p) => {
      let best = -1;
      let bestD = PIPE_SENSOR_REACH_M;
      this.pipeSensors.forEach((s, i) => {
        if (s.network !== p.network) return;
        const d = metres(p.path[0], s.position);
        if (d < bestD) { bestD = d; best = i; }
      });
      return best;
    });
    this.walkways = fs('walkways').filter((f) => f.geometry.type === 'LineString').map((f) => {
      const path = liftPath(f.geometry.coordinates);
      return { id: f.properties.id, kind: f.properties.kind, path, sensor: f.properties.walkway, lengthM: pathLength(path) };
    });
    this.cameras = fs('cameras').map((f) => ({ id: f.properties.id, name: name(f.properties), kind: f.properties.kind, neighbourhood: f.properties.neighbourhood, position: f.geometry.coordinates }));
    // The sensors layer also holds the waste bins' fill sensors (kind `waste_bin`), drawn as family points.
    this.envSensors = fs('sensors').filter((f) => (f.properties.kind ?? 'env') === 'env').map((f) => ({ id: f.properties.id, name: name(f.properties), kind: 'sensor', neighbourhood: f.properties.neighbourhood, position: f.geometry.coordinates, walkway: f.properties.walkway }));
    this.facilities = [...fs('facilities'), ...fs('transit')].map((f) => ({ id: f.properties.id, name: name(f.properties), kind: f.properties.category ?? f.properties.kind, neighbourhood: f.properties.neighbourhood, position: centre(f) }));
    this.familyPoints = familyPointGroups(model);
  }

  /** Current latest value of a device field (NaN when none), for layers and cards. */
  value(data: LiveData, measurement: Family, device: string, field: string): number {
    this.index.refresh(data);
    return this.index.value(data, measurement, device, field);
  }

  /** Latest text of a device field (undefined when none), for layers and cards. Default: a pipe sensor's status. */
  text(data: LiveData, device: string, measurement: Family = 'pipe', field = 'status'): string | undefined {
    this.index.refresh(data);
    return this.index.text(data, measurement, device, field);
  }

  /** Where an alert belongs in the twin: its device's feature or the roof of the building that holds it. */
  alertPosition(a: Pick<AlertRecord, 'device'>): [number, number, number] | undefined {
    const f = this.model.feature(a.device);
    if (f && f.geometry.type === 'Point') return f.geometry.coordinates as [number, number, number];
    const b = this.model.buildingOfDevice.get(a.device);
    const c = b ? this.model.buildingCentres.get(b) : undefined;
    return c ? [c[0], c[1], c[2]] : undefined;
  }

  /** The object an id names: a building, a GIS feature, or the building that holds a BIM device. */
  locate(id: string): PickedObject | undefined {
    const m = this.model;
    const building = m.manifest.buildings.find((b) => b.id === id) ?? m.manifest.buildings.find((b) => b.id === m.buildingOfDevice.get(id));
    if (building) {
      const position = m.buildingCentres.get(building.id);
      return position ? { kind: 'building', id: building.id, name: building.name.zh, neighbourhood: building.neighbourhood, position } : undefined;
    }
    const f = m.feature(id);
    if (!f || f.geometry.type !== 'Point') return undefined;
    const kinds: Record<string, PickedObject['kind']> = { cameras: 'camera', sensors: 'sensor', pipes: 'pipe-sensor', parking: 'space', facilities: 'facility', transit: 'transit' };
    const layer = Object.entries(m.layers).find(([, fc]) => fc?.features.includes(f))?.[0] ?? '';
    const p = f.properties;
    // A bin stands in the sensors layer and a gate among the walkways: their family says what they are.
    const point = familyPointKind(m, id) as PickedObject['kind'] | undefined;
    return { kind: point ?? kinds[layer] ?? 'facility', id, name: typeof p.name === 'string' ? p.name : p.name?.zh ?? id, neighbourhood: p.neighbourhood, position: f.geometry.coordinates as [number, number, number] };
  }

  /** The first underground lot of the twin, if any. */
  basement(): LotItem | undefined {
    return this.lots.find((l) => this.model.feature(l.id)?.properties.level < 0);
  }
}

function centre(f: Feature): number[] {
  const g = f.geometry;
  if (g.type === 'Point') return g.coordinates;
  const ring: number[][] = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates;
  const n = ring.length;
  return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n, ring.reduce((s, p) => s + (p[2] ?? 0), 0) / n];
}

/** Length of a lon/lat path in metres. */
function pathLength(path: number[][]): number {
  let m = 0;
  for (let i = 1; i < path.length; i++) m += metres(path[i - 1], path[i]);
  return m;
}

/** Metres between two lon/lat points (equirectangular: fine at community scale). */
export function metres(a: number[], b: number[]): number {
  const k = Math.cos((a[1] * Math.PI) / 180) * 111_320;
  return Math.hypot((a[0] - b[0]) * k, (a[1] - b[1]) * 110_574);
}
