/** The demo community as plain data in its local frame (metres: x east, y north, z up). */
import type { BuildingCategory, PipeNetwork, WasteCategory } from '../../../streams/families/index.ts';
import type { LocalName, ParkingKind, AlertDeviceKind } from '../../../streams/simulator/community-config.ts';

export type XY = [number, number];
export type XYZ = [number, number, number];

export type BimDeviceKind =
  | 'smoke_detector' | 'emergency_button' | 'electricity_meter' | 'fire_water_tank'
  | 'elevator' | 'water_meter' | 'gas_meter' | 'childcare_alarm';

export interface PlannedBimDevice {
  id: string;
  kind: BimDeviceKind;
  /** 1-based floor the device is on. */
  floor: number;
  name: string;
}

export interface PlannedBuilding {
  id: string;
  name: LocalName;
  neighbourhood: string;
  use: BuildingCategory;
  floors: number;
  floorHeightM: number;
  /** Footprint around the building's origin, counter-clockwise, metres. */
  footprint: XY[];
  position: { x: number; y: number; z: number };
  rotationDeg: number;
  floorAreaM2: number;
  households: number;
  pvKwp: number;
  evChargers: number;
  devices: PlannedBimDevice[];
  /** Walk-network node at the building's door. */
  door: string;
}

export interface PlannedFacility {
  id: string;
  /** Key of LIFE_CIRCLE_FACILITIES. */
  category: string;
  name: LocalName;
  neighbourhood: string;
  at: XY;
  /** The building that houses it, if any. */
  building?: string;
  /** Outdoor facilities (sports ground, refuge area) have an area. */
  area?: XY[];
}

export interface PlannedSpace {
  id: string;
  at: XY;
  headingDeg: number;
}

export interface PlannedLot {
  id: string;
  name: LocalName;
  neighbourhood: string;
  kind: ParkingKind;
  /** 0 at ground level, −1 for the first basement. */
  level: number;
  polygon: XY[];
  spaces: PlannedSpace[];
}

export type PipeNodeKind = 'source' | 'junction' | 'sensor' | 'manhole' | 'regulator' | 'service';

export interface PipeNode {
  id: string;
  network: PipeNetwork;
  kind: PipeNodeKind;
  neighbourhood: string;
  at: XY;
  /** Sensor nodes carry what the simulator needs to make their readings. */
  sensor?: {
    location: string;
    nominalPressureKpa: number;
    peakFlowM3h: number;
    alertLevelM?: number;
    runoffFactor?: number;
  };
}

export interface PipeSegment {
  id: string;
  network: PipeNetwork;
  neighbourhood: string;
  from: string;
  to: string;
  diameterMm: number;
  lengthM: number;
}

export type WalkEdgeKind = 'path' | 'stairs' | 'elevator' | 'skybridge' | 'crossing';

export interface WalkNode {
  id: string;
  at: XYZ;
  kind: 'junction' | 'gate' | 'door' | 'stop' | 'station';
}

export interface WalkEdge {
  id: string;
  from: string;
  to: string;
  kind: WalkEdgeKind;
  /** Distance walked, metres (for an elevator: the walk in and out of the car). */
  lengthM: number;
  /** Height gained going from → to, metres (negative going down). */
  climbM: number;
  /** The named walkway (山城步道) this edge belongs to, where it is one. */
  walkway?: string;
}

export interface PlannedWalkway {
  id: string;
  name: LocalName;
  neighbourhood: string;
}

export interface PlannedCamera {
  id: string;
  kind: Extract<AlertDeviceKind, 'fence_camera' | 'area_camera' | 'gate_camera'>;
  neighbourhood: string;
  at: XY;
  name: string;
}

export interface PlannedEnvSensor {
  id: string;
  walkway: string;
  neighbourhood: string;
  at: XY;
  name: string;
  trafficExposure: number;
  plaza: boolean;
}

/** A sorted-waste bin at a collection point (生活垃圾分类收集点), with a fill sensor. */
export interface PlannedWasteBin {
  id: string;
  /** The collection point's id; its bins stand side by side. */
  point: string;
  category: WasteCategory;
  neighbourhood: string;
  at: XY;
  name: string;
}

export interface PlannedTransit {
  id: string;
  kind: 'bus_stop' | 'rail_station';
  name: LocalName;
  /** Walk-network node where the stop is reached. */
  node: string;
  at: XY;
}

export interface PlannedGate {
  id: string;
  name: LocalName;
  neighbourhood: string;
  node: string;
  /** A main pedestrian entrance (主要步行出入口), from which transit distances are measured. */
  main: boolean;
}

export interface PlannedRoad {
  id: string;
  name: LocalName;
  path: XY[];
  widthM: number;
}

export interface DemoPlan {
  seed: number;
  neighbourhoods: { id: string; name: LocalName; polygon: XY[] }[];
  boundary: XY[];
  roads: PlannedRoad[];
  buildings: PlannedBuilding[];
  facilities: PlannedFacility[];
  lots: PlannedLot[];
  pipes: { nodes: PipeNode[]; segments: PipeSegment[] };
  walk: { nodes: WalkNode[]; edges: WalkEdge[] };
  walkways: PlannedWalkway[];
  gates: PlannedGate[];
  transit: PlannedTransit[];
  cameras: PlannedCamera[];
  envSensors: PlannedEnvSensor[];
  wasteBins: PlannedWasteBin[];
  /** Ground elevation at x, y (metres above the georeference origin). */
  heightAt(x: number, y: number): number;
}
