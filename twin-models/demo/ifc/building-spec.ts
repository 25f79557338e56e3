/** What the demo community generator tells the IFC writer about one building, and what it gets back. */
import type { Point2 } from './footprint.ts';

export type DeviceKind =
  | 'smoke_detector' | 'emergency_button' | 'electricity_meter' | 'fire_water_tank'
  | 'elevator' | 'water_meter' | 'gas_meter' | 'childcare_alarm';

export interface BuildingDeviceSpec {
  /** Stable device id; written as the element's Tag and used for its GlobalId. Unique within the building. */
  id: string;
  kind: DeviceKind;
  /** 1-based floor number, 1..floors. */
  floor: number;
  /** Display name, written as the element's Name (any Unicode). */
  name: string;
}

export interface BuildingIfcSpec {
  /** Building id, e.g. 'b-1'; the key all GlobalIds of this building derive from. Unique within a community. */
  id: string;
  /** e.g. { zh: '1栋', en: 'Building 1' }. */
  name: { zh: string; en: string };
  use: 'residential' | 'public_service' | 'commercial';
  /** Footprint polygon, metres, counter-clockwise, in the building's own frame (origin at its base centre). */
  footprint: Point2[];
  /** Number of storeys, integer 1..40. */
  floors: number;
  /** Storey height in metres (floor to floor), 2.4..10. */
  floorHeightM: number;
  /** Where the building's origin sits in the community's local east-north-up frame, metres; z = ground elevation. */
  position: { x: number; y: number; z: number };
  /** Rotation about the vertical axis, degrees counter-clockwise from east. */
  rotationDeg: number;
  /**
   * The community's georeference (origin of the local ENU frame), written as IfcMapConversion +
   * IfcProjectedCRS and as IfcSite RefLatitude/RefLongitude/RefElevation. `crsName` 'EPSG:4513'–'EPSG:4554'
   * (CGCS2000 3-degree Gauss–Krüger) is projected for real; any other name is recorded as a local frame.
   */
  georef: { longitude: number; latitude: number; height: number; crsName: string };
  /** Devices installed in the building, written as elements with their own GlobalIds. */
  devices: BuildingDeviceSpec[];
}

/** One physical element written to the IFC (slab, wall, roof or device; not spatial structure). */
export interface ElementRecord {
  /** The element's IFC GlobalId (22 characters). */
  globalId: string;
  /**
   * STEP entity name in upper case, as written in the file: 'IFCSLAB', 'IFCWALL', 'IFCROOF', 'IFCSENSOR',
   * 'IFCALARM', 'IFCFLOWMETER', 'IFCTANK', 'IFCTRANSPORTELEMENT', 'IFCUNITARYCONTROLELEMENT'. This is the form web-ifc's GetTypeCodeFromName needs (it
   * silently returns a wrong code for 'IfcWall'); its GetNameFromTypeCode answers 'IfcWall', so compare
   * that case-insensitively.
   */
  ifcType: string;
  /** Name of the containing IfcBuildingStorey ('1F', '2F', …); the roof belongs to the top storey. */
  storey: string | null;
  /** The element's Name attribute. */
  name: string;
  /** Set for devices: the spec's device id (also the element's Tag). */
  deviceId?: string;
}

/** Throws a clear error for a spec the writer cannot turn into a sensible building. */
export function checkBuildingSpec(spec: BuildingIfcSpec): void {
  const at = `building "${spec.id}"`;
  if (!spec.id) throw new Error('ifc-writer: building id must not be empty');
  if (!Number.isInteger(spec.floors) || spec.floors < 1 || spec.floors > 40) {
    throw new Error(`ifc-writer: ${at}: floors must be an integer 1..40, got ${spec.floors}`);
  }
  if (!(spec.floorHeightM >= 2.4 && spec.floorHeightM <= 10)) {
    throw new Error(`ifc-writer: ${at}: floorHeightM must be 2.4..10 m, got ${spec.floorHeightM}`);
  }
  const numbers = { 'position.x': spec.position.x, 'position.y': spec.position.y, 'position.z': spec.position.z, rotationDeg: spec.rotationDeg };
  for (const [key, value] of Object.entries(numbers)) {
    if (!Number.isFinite(value)) throw new Error(`ifc-writer: ${at}: ${key} must be a finite number, got ${value}`);
  }
  const { longitude, latitude, height } = spec.georef;
  if (!(Math.abs(longitude) <= 180 && Math.abs(latitude) < 90 && Number.isFinite(height))) {
    throw new Error(`ifc-writer: ${at}: georef must have longitude -180..180, latitude -90..90 and a finite height`);
  }
  const seen = new Set<string>();
  for (const device of spec.devices) {
    if (!device.id) throw new Error(`ifc-writer: ${at}: a device has an empty id`);
    if (seen.has(device.id)) throw new Error(`ifc-writer: ${at}: device id "${device.id}" is used twice`);
    seen.add(device.id);
    if (!Number.isInteger(device.floor) || device.floor < 1 || device.floor > spec.floors) {
      throw new Error(`ifc-writer: ${at}: device "${device.id}" is on floor ${device.floor}, building has floors 1..${spec.floors}`);
    }
  }
}
