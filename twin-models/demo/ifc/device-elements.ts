/** How each kind of community device is written in IFC4: entity, predefined type and a box body, and where it stands. */
import type { BuildingDeviceSpec, DeviceKind } from './building-spec.ts';
import type { Point2 } from './footprint.ts';
import { liftCoreLayout } from './lift-core.ts';

export interface DeviceIfcKind {
  /** IFC4 entity, upper case as in the STEP file. */
  entity: 'IFCSENSOR' | 'IFCALARM' | 'IFCFLOWMETER' | 'IFCTANK' | 'IFCTRANSPORTELEMENT' | 'IFCUNITARYCONTROLELEMENT';
  /** Value of the entity's PredefinedType enumeration. */
  predefinedType: string;
  /** Box size in metres: width (x), depth (y), height (z). */
  size: [number, number, number];
  /** Height of the box bottom above the storey's base, metres, for a given storey height. */
  baseZ: (storeyHeightM: number) => number;
}

/** Storey floor slabs are 0.2 m thick; floor-standing devices sit on top of them. */
const SLAB_TOP_M = 0.2;

export const DEVICE_IFC_KINDS: Record<DeviceKind, DeviceIfcKind> = {
  // Ceiling-mounted, just under the next storey's slab.
  smoke_detector: { entity: 'IFCSENSOR', predefinedType: 'SMOKESENSOR', size: [0.15, 0.15, 0.06], baseZ: (h) => h - 0.06 },
  // IFC4 has no "push button" alarm; MANUALPULLBOX is the manually operated alarm initiating device,
  // which is what a resident's emergency call button is. BELL would describe the sounder instead.
  emergency_button: { entity: 'IFCALARM', predefinedType: 'MANUALPULLBOX', size: [0.12, 0.12, 0.12], baseZ: () => 1.3 },
  electricity_meter: { entity: 'IFCFLOWMETER', predefinedType: 'ENERGYMETER', size: [0.3, 0.2, 0.45], baseZ: () => 1.4 },
  fire_water_tank: { entity: 'IFCTANK', predefinedType: 'STORAGE', size: [2, 2, 1.5], baseZ: () => SLAB_TOP_M },
  // The lift itself, drawn as its car at the lobby, in the lift core (lift-core.ts). IFC4's
  // IfcTransportElement has the same nine attributes as the other devices and PredefinedType
  // ELEVATOR; IFC2x3's had OperationType, CapacityByWeight and CapacityByNumber instead, which
  // this IFC4 writer does not emit.
  elevator: { entity: 'IFCTRANSPORTELEMENT', predefinedType: 'ELEVATOR', size: [1.6, 1.5, 2.4], baseZ: () => SLAB_TOP_M },
  water_meter: { entity: 'IFCFLOWMETER', predefinedType: 'WATERMETER', size: [0.3, 0.2, 0.3], baseZ: () => 0.6 },
  gas_meter: { entity: 'IFCFLOWMETER', predefinedType: 'GASMETER', size: [0.35, 0.2, 0.3], baseZ: () => 1.6 },
  // An intrusion-alarm control panel: IFC4's IfcUnitaryControlElement ALARMPANEL.
  childcare_alarm: { entity: 'IFCUNITARYCONTROLELEMENT', predefinedType: 'ALARMPANEL', size: [0.4, 0.12, 0.5], baseZ: () => 1.4 },
};

/** Spacing between device centres, metres: wide enough for the 2 m tank. */
const SPACING_M = 2.5;

/**
 * Where the devices of one storey stand, in the building frame: in rows along the first footprint edge,
 * starting 1.5 m inside it. The spec has no device positions, and this keeps them inside the walls of
 * any footprint whose first edge borders a room at least a few metres deep (true of the demo's shapes),
 * whereas the centroid of an L-shaped footprint can lie outside the building.
 */
export function deviceLayout(footprint: readonly Point2[], devices: readonly BuildingDeviceSpec[]): Map<string, Point2> {
  const out = liftCoreLayout(footprint, devices.filter((d) => d.kind === 'elevator'));
  const [x0, y0] = footprint[0];
  const [x1, y1] = footprint[1];
  const len = Math.hypot(x1 - x0, y1 - y0);
  const along: Point2 = [(x1 - x0) / len, (y1 - y0) / len];
  const inward: Point2 = [-along[1], along[0]]; // left of the edge = inside, for a counter-clockwise outline
  const perRow = Math.max(1, Math.floor((len - 3) / SPACING_M) + 1);
  devices.filter((d) => d.kind !== 'elevator').forEach((device, k) => {
    const a = 1.5 + (k % perRow) * SPACING_M;
    const b = 1.5 + Math.floor(k / perRow) * SPACING_M;
    out.set(device.id, [x0 + along[0] * a + inward[0] * b, y0 + along[1] * a + inward[1] * b]);
  });
  return out;
}
