/**
 * Turns the twin model plus live data into deck.gl layers. Data arrays are built once per twin;
 * on each tick only colours and sizes are recomputed, through `updateTriggers` keyed on the live
 * revision, so deck.gl refreshes one attribute and nothing else.
 */
import { COORDINATE_SYSTEM, type Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { Tile3DLayer, TripsLayer } from '@deck.gl/geo-layers';
import { Tiles3DLoader } from '@loaders.gl/3d-tiles';
import type { LiveData } from '../live/live-store.ts';
import type { AlertEvent } from '../../streams/alerts.ts';
import type { PipeStatus } from '../../streams/families/index.ts';
import type { Feature, TwinModel } from './twin-model.ts';
import { LiveIndex } from './live-index.ts';
import { FAMILY_POINT_PICK_KIND, FamilyPoints } from './layers/family-points-layer.ts';
import {
  intensityColour, levelColour, lotColour, pipeColour, SEVERITY_COLOURS, spaceColour, type Rgba,
} from './colour-rules.ts';

export const TWIN_LAYERS = ['photogrammetry', 'buildings', 'parking', 'pipes', 'walkways', 'devices', 'alerts', 'facilities'] as const;
export type TwinLayerName = (typeof TWIN_LAYERS)[number];

export interface PickedObject {
  kind: 'building' | 'space' | 'lot' | 'pipe' | 'pipe-sensor' | 'walkway' | 'camera' | 'sensor' | 'facility' | 'transit' | 'alert'
    /** Devices of the families drawn by family-points-layer.ts (their descriptors' `twin.object`). */
    | 'bin' | 'gate';
  id: string;
  name: string;
  neighbourhood?: string;
  position: [number, number, number];
}

interface BuildingItem { id: string; name: string; neighbourhood: string; floorAreaM2: number; meter: string; heightM: number; polygon: number[][] }
interface PointItem { id: string; name: string; kind: string; neighbourhood?: string; position: number[]; lot?: string; network?: string; walkway?: string }
interface PathItem { id: string; kind: string; network?: string; path: number[][]; sensor?: string }

const WORKERS_OFF = { worker: false } as const;
/** Lines and markers are lifted this far (m) so the coarse terrain tiles of the overview do not hide them. */
const LIFT_M = 2;
const lift = (p: number[]): [number, number, number] => [p[0], p[1], (p[2] ?? 0) + LIFT_M];
const liftPath = (path: number[][]): [number, number, number][] => path.map(lift); // every loader runs on the main thread: nothing is fetched from a CDN

/** Scene data derived once from the twin model; `layers()` is called on each tick. */
export class TwinScene {
  readonly buildings: BuildingItem[];
  readonly spaces: PointItem[];
  readonly lots: (PointItem & { capacity: number; polygon: number[][] })[];
  readonly pipes: PathItem[];
  readonly pipeSensors: PointItem[];
  readonly walkways: PathItem[];
  readonly cameras: PointItem[];
  readonly envSensors: PointItem[];
  readonly facilities: PointItem[];
  /** Waste bins, gates: GIS devices of families with no layer of their own. */
  readonly familyPoints: FamilyPoints;
  private readonly index = new LiveIndex();
  /** Colours per item, rewritten on each tick (no allocation there). */
  private readonly buildingColours: Rgba[];
  private readonly spaceColours: Uint8ClampedArray;
  private readonly pipeSensorStatus: (PipeStatus | undefined)[];
  private readonly nearestSensorOfPipe: number[];
  private lotLabels: string[];
  private labelRevision = 0;
  private revision = -1;
  visible: Record<TwinLayerName, boolean> = { photogrammetry: true, buildings: true, parking: true, pipes: true, walkways: true, devices: true, alerts: true, facilities: true };
  /** Set by the view: 0..1 pulse phase of alert markers (animated with a uniform, not accessors). */
  pulse = 0;
  /** Set by the view: seconds, the clock of the flow animation along pipes. */
  flowClock = 0;

  constructor(readonly model: TwinModel, private readonly lang: () => 'zh' | 'en') {
    const m = model.manifest;
    const centre = (f: Feature): number[] => {
      const g = f.geometry;
      if (g.type === 'Point') return g.coordinates;
      const ring: number[][] = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates;
      const n = ring.length;
      return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n, ring.reduce((s, p) => s + (p[2] ?? 0), 0) / n];
    };
    const name = (p: Record<string, any>) => (typeof p.name === 'string' ? p.name : p.name?.zh ?? p.id);
    const fs = (layer: string) => model.layers[layer]?.features ?? [];

    // The overview draws each building as its massing (footprint × height): one draw call for all of
    // them, tinted per building. The BIM model with its elements opens in the building detail.
    this.buildings = m.buildings.filter((b) => b.footprint && b.bounds).map((b) => {
      const meter = m.devices.find((d) => d.measurement === 'energy' && 'building' in d.binding && d.binding.building === b.id)?.id ?? '';
      const base = model.origin[2] + b.bounds![2] + b.placement.up;
      return { id: b.id, name: b.name.zh, neighbourhood: b.neighbourhood, floorAreaM2: b.floorAreaM2, meter, heightM: b.bounds![5] - b.bounds![2], polygon: b.footprint!.map(([lon, lat]) => [lon, lat, base]) };
    });
    this.spaces = fs('parking').filter((f) => f.properties.kind === 'space').map((f) => ({ id: f.properties.id, name: f.properties.id, kind: 'space', neighbourhood: f.properties.neighbourhood, position: lift(f.geometry.coordinates), lot: f.properties.lot }));
    this.lots = fs('parking').filter((f) => f.properties.kind === 'lot').map((f) => ({ id: f.properties.id, name: name(f.properties), kind: f.properties.lotKind, neighbourhood: f.properties.neighbourhood, position: centre(f), capacity: f.properties.capacity, polygon: f.geometry.coordinates[0] }));
    const pipeNodes = new Map(fs('pipes').filter((f) => f.geometry.type === 'Point').map((f) => [f.properties.id, f]));
    this.pipeSensors = [...pipeNodes.values()].filter((f) => f.properties.kind === 'sensor').map((f) => ({ id: f.properties.id, name: name(f.properties), kind: 'pipe-sensor', network: f.properties.network, neighbourhood: f.properties.neighbourhood, position: lift(f.geometry.coordinates) }));
    this.pipes = fs('pipes').filter((f) => f.geometry.type === 'LineString').map((f) => ({ id: f.properties.id, kind: 'pipe', network: f.properties.network, path: liftPath(f.geometry.coordinates) }));
    // Each segment shows the state of the nearest sensor on its own network (within 150 m).
    this.nearestSensorOfPipe = this.pipes.map((p) => {
      let best = -1;
      let bestD = 150;
      this.pipeSensors.forEach((s, i) => {
        if (s.network !== p.network) return;
        const d = metres(p.path[0], s.position as number[]);
        if (d < bestD) { bestD = d; best = i; }
      });
      return best;
    });
    this.walkways = fs('walkways').filter((f) => f.geometry.type === 'LineString').map((f) => ({ id: f.properties.id, kind: f.properties.kind, path: liftPath(f.geometry.coordinates), sensor: f.properties.walkway }));
    this.cameras = fs('cameras').map((f) => ({ id: f.properties.id, name: name(f.properties), kind: f.properties.kind, neighbourhood: f.properties.neighbourhood, position: f.geometry.coordinates }));
    this.envSensors = fs('sensors').filter((f) => f.properties.kind === 'env').map((f) => ({ id: f.properties.id, name: name(f.properties), kind: 'sensor', neighbourhood: f.properties.neighbourhood, position: f.geometry.coordinates, walkway: f.properties.walkway }));
    this.facilities = [...fs('facilities'), ...fs('transit')].map((f) => ({ id: f.properties.id, name: name(f.properties), kind: f.properties.category ?? f.properties.kind, neighbourhood: f.properties.neighbourhood, position: centre(f) }));
    this.familyPoints = new FamilyPoints(model);
    this.buildingColours = this.buildings.map(() => [120, 128, 140, 255] as Rgba);
    this.spaceColours = new Uint8ClampedArray(this.spaces.length * 4);
    this.pipeSensorStatus = this.pipeSensors.map(() => undefined);
    this.lotLabels = this.lots.map((l) => l.name);
  }

  /** Forces the next update to recompute (the language changed, so labels must be rewritten). */
  invalidate(): void {
    this.revision = -1;
  }

  /** Recomputes colours from live data when it changed; returns true when something did. */
  update(data: LiveData): boolean {
    if (data.revision === this.revision) return false;
    this.revision = data.revision;
    this.index.refresh(data);
    this.buildings.forEach((b, i) => intensityColour(this.index.value(data, 'energy', b.meter, 'load_kw'), b.floorAreaM2, this.buildingColours[i]));
    for (let i = 0; i < this.spaces.length; i++) this.spaceColours.set(spaceColour(this.index.value(data, 'parking_space', this.spaces[i].id, 'occupied')), i * 4);
    this.familyPoints.update(data, this);
    this.pipeSensors.forEach((s, i) => { this.pipeSensorStatus[i] = this.index.text(data, 'pipe', s.id, 'status') as PipeStatus | undefined; });
    const zh = this.lang() === 'zh';
    const labels = this.lots.map((l) => {
      const occ = this.index.value(data, 'parking', l.id, 'occupied');
      const free = Number.isFinite(occ) ? Math.max(0, l.capacity - occ) : NaN;
      return `${l.name}\n${zh ? '空位' : 'free'} ${Number.isFinite(free) ? free : '–'} / ${l.capacity} ${zh ? '个' : 'spaces'}`;
    });
    // Text layout is the costly part of a tick; redo it only when a label actually changed.
    if (labels.some((t, i) => t !== this.lotLabels[i])) {
      this.lotLabels = labels;
      this.labelRevision++;
    }
    return true;
  }

  /** Current latest value of a device field, for cards. */
  value(data: LiveData, measurement: Parameters<LiveIndex['value']>[1], device: string, field: string): number {
    this.index.refresh(data);
    return this.index.value(data, measurement, device, field);
  }

  /** Current latest text of a device field (default the pipe status), for cards. */
  text(data: LiveData, device: string, measurement: Parameters<LiveIndex['text']>[1] = 'pipe', field = 'status'): string | undefined {
    this.index.refresh(data);
    return this.index.text(data, measurement, device, field);
  }

  layers(data: LiveData, alerts: readonly AlertEvent[]): Layer[] {
    const rev = this.revision;
    const v = this.visible;
    const model = this.model;
    const out: Layer[] = [];
    const photogrammetry = model.manifest.tilesets.find((t) => t.kind !== 'buildings');
    if (photogrammetry) {
      out.push(new Tile3DLayer({
        id: 'photogrammetry', data: model.url(photogrammetry.uri), loader: Tiles3DLoader, visible: v.photogrammetry,
        loadOptions: { ...WORKERS_OFF, '3d-tiles': { loadGLTF: true } }, opacity: 1, pickable: false,
      }));
    }
    out.push(new PolygonLayer<BuildingItem>({
      id: 'buildings', data: this.buildings, visible: v.buildings, pickable: true, extruded: true, wireframe: false,
      getPolygon: (d) => d.polygon, getElevation: (d) => d.heightM, material: { ambient: 0.45, diffuse: 0.6, shininess: 12, specularColor: [40, 40, 40] },
      getFillColor: (_d, { index }) => this.buildingColours[index], updateTriggers: { getFillColor: rev },
    }));
    out.push(new PolygonLayer({
      id: 'parking-lots', data: this.lots, visible: v.parking, pickable: true, stroked: true, filled: true,
      getPolygon: (d) => d.polygon, getFillColor: [40, 60, 90, 90], getLineColor: [120, 170, 230, 200], lineWidthMinPixels: 1,
    }));
    out.push(new ScatterplotLayer({
      id: 'parking-spaces', data: this.spaces, visible: v.parking, pickable: true, radiusUnits: 'meters', getRadius: 1.1, radiusMinPixels: 1.5,
      getPosition: (d) => d.position as [number, number, number],
      getFillColor: (_d, { index }) => this.spaceColours.subarray(index * 4, index * 4 + 4) as unknown as Rgba,
      updateTriggers: { getFillColor: rev },
    }));
    out.push(new TextLayer({
      id: 'parking-labels', data: this.lots, visible: v.parking, getPosition: (d) => [d.position[0], d.position[1], (d.position[2] ?? 0) + 12] as [number, number, number],
      getText: (_d, { index }) => this.lotLabels[index], characterSet: 'auto', fontFamily: 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif',
      getSize: 13, getColor: (d) => lotColour(this.value(data, 'parking', d.id, 'occupied'), d.capacity), outlineWidth: 3, outlineColor: [4, 11, 23, 230], fontSettings: { sdf: true },
      billboard: true, updateTriggers: { getText: this.labelRevision, getColor: this.labelRevision },
    }));
    out.push(new PathLayer({
      id: 'pipes', data: this.pipes, visible: v.pipes, pickable: true, widthUnits: 'meters', getWidth: (d) => (d.network === 'drainage' ? 1.6 : 1), widthMinPixels: 1.5,
      getPath: (d) => d.path as [number, number, number][],
      getColor: (d, { index }) => pipeColour(d.network!, this.pipeSensorStatus[this.nearestSensorOfPipe[index]]),
      updateTriggers: { getColor: rev },
    }));
    out.push(new ScatterplotLayer({
      id: 'pipe-sensors', data: this.pipeSensors, visible: v.pipes, pickable: true, radiusUnits: 'pixels', getRadius: 6, stroked: true, lineWidthMinPixels: 2,
      getPosition: (d) => d.position as [number, number, number], getLineColor: [255, 255, 255, 220],
      getFillColor: (_d, { index }) => pipeColour('', this.pipeSensorStatus[index] ?? 'normal'), updateTriggers: { getFillColor: rev },
    }));
    // Flow direction: short bright dashes travel each segment from its upstream node to its
    // downstream one (TripsLayer's clock is a uniform: nothing is recomputed per frame).
    out.push(new TripsLayer<PathItem>({
      id: 'pipe-flow', data: this.pipes, visible: v.pipes, pickable: false, widthUnits: 'meters', getWidth: 1.8, widthMinPixels: 2,
      getPath: (d) => d.path as [number, number, number][], getTimestamps: (d) => [0, pathLength(d.path)],
      getColor: (d) => (d.network === 'drainage' ? [210, 180, 140, 255] : d.network === 'gas' ? [255, 230, 140, 255] : [150, 220, 255, 255]),
      currentTime: (this.flowClock * FLOW_M_PER_S) % FLOW_PERIOD_M, trailLength: 12, fadeTrail: true,
    }));
    // A leaking sensor pulses like an alert, on the same uniform.
    const leaks = this.pipeSensors.filter((_s, i) => this.pipeSensorStatus[i] === 'leak');
    out.push(new ScatterplotLayer({
      id: 'pipe-leaks', data: leaks, visible: v.pipes && leaks.length > 0, pickable: false, radiusUnits: 'meters', getRadius: 10, radiusMinPixels: 8,
      radiusScale: 1 + 2 * this.pulse, opacity: 0.8 - 0.6 * this.pulse, stroked: true, filled: false, lineWidthMinPixels: 3,
      getPosition: (d) => d.position as [number, number, number], getLineColor: [255, 77, 79, 255], updateTriggers: { getPosition: rev },
    }));
    out.push(new PathLayer({
      id: 'walkways', data: this.walkways, visible: v.walkways, pickable: true, widthUnits: 'meters', getWidth: (d) => (d.kind === 'skybridge' ? 4 : 2.5), widthMinPixels: 1,
      getPath: (d) => d.path as [number, number, number][],
      getColor: (d) => (d.kind === 'stairs' ? [255, 214, 120, 230] : d.kind === 'skybridge' ? [120, 230, 255, 255] : d.kind === 'elevator' ? [200, 140, 255, 255] : [230, 235, 245, 160]),
    }));
    out.push(new ScatterplotLayer({
      id: 'cameras', data: this.cameras, visible: v.devices, pickable: true, radiusUnits: 'pixels', getRadius: 4, stroked: true, lineWidthMinPixels: 1,
      getPosition: (d) => d.position as [number, number, number], getFillColor: [95, 168, 255, 230], getLineColor: [255, 255, 255, 200],
    }));
    out.push(new ScatterplotLayer({
      id: 'env-sensors', data: this.envSensors, visible: v.devices, pickable: true, radiusUnits: 'pixels', getRadius: 7, stroked: true, lineWidthMinPixels: 2,
      getPosition: (d) => d.position as [number, number, number], getLineColor: [255, 255, 255, 220],
      getFillColor: (d) => levelColour('env', (field) => this.value(data, 'env', d.id, field), Date.now()),
      updateTriggers: { getFillColor: rev },
    }));
    out.push(new ScatterplotLayer({
      id: 'facilities', data: this.facilities, visible: v.facilities, pickable: true, radiusUnits: 'pixels', getRadius: 5,
      getPosition: (d) => d.position as [number, number, number], getFillColor: [255, 255, 255, 200],
    }));
    out.push(...this.familyPoints.layers((layer) => v[layer as TwinLayerName] ?? true, rev));
    const placed = alerts.map((a) => ({ a, position: this.alertPosition(a) })).filter((x) => x.position);
    out.push(new ScatterplotLayer({
      id: 'alerts', data: placed, visible: v.alerts, pickable: true, radiusUnits: 'meters', getRadius: 14, radiusMinPixels: 6,
      radiusScale: 1 + 1.5 * this.pulse, opacity: 0.9 - 0.5 * this.pulse, stroked: true, lineWidthMinPixels: 2,
      getPosition: (d) => d.position!, getFillColor: (d) => SEVERITY_COLOURS[d.a.severity as keyof typeof SEVERITY_COLOURS] ?? [255, 60, 60, 255], getLineColor: [255, 255, 255, 255],
      updateTriggers: { getPosition: rev, getFillColor: rev },
    }));
    return out;
  }

  /** Where an alert belongs in the twin: its device's feature or the building that holds it. */
  alertPosition(a: AlertEvent): [number, number, number] | undefined {
    const f = this.model.feature(a.device);
    if (f && f.geometry.type === 'Point') return f.geometry.coordinates as [number, number, number];
    const b = this.model.buildingOfDevice.get(a.device);
    const building = b ? this.model.manifest.buildings.find((x) => x.id === b) : undefined;
    return building ? buildingTop(this.model, building.id) : undefined;
  }
}

/** Flow animation: dashes move at this speed (m/s) and repeat along a segment every period (m). */
const FLOW_M_PER_S = 6;
const FLOW_PERIOD_M = 60;

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

/** A point above a building's roof, from its element index bounds loaded with the scene. */
export function buildingTop(model: TwinModel, id: string): [number, number, number] | undefined {
  const c = model.buildingCentres.get(id);
  return c ? [c[0], c[1], c[2]] : undefined;
}

export const PICK_KIND: Record<string, PickedObject['kind']> = {
  buildings: 'building', 'parking-spaces': 'space', 'parking-lots': 'lot', pipes: 'pipe', 'pipe-sensors': 'pipe-sensor', walkways: 'walkway',
  cameras: 'camera', 'env-sensors': 'sensor', facilities: 'facility', alerts: 'alert',
  ...(FAMILY_POINT_PICK_KIND as Record<string, PickedObject['kind']>),
};
void COORDINATE_SYSTEM;
