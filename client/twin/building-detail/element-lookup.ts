/**
 * From a raycast hit to the BIM element, and from the device registry to the elements that carry
 * sensors. The GLB keeps one node per IFC element whose extras (three's `userData`) hold
 * `{ globalId, ifcType, name, storey, tag? }`; its meshes and our markers hang below it.
 */
import type { Object3D } from 'three';
import type { ManifestDevice, TwinResponse } from './twin-types.ts';

/** One BIM element as the GLB's extras and the element index describe it. */
export interface ElementInfo {
  /** IFC GlobalId (22 characters). */
  globalId: string;
  /** IFC entity, e.g. "IfcSensor". */
  ifcType: string;
  /** Element name from the model, e.g. "1栋 5F 紧急呼叫按钮". */
  name: string;
  /** Name of the storey that contains it. */
  storey: string;
  /** IFC Tag (the device id for the demo's devices), when the model has one. */
  tag?: string;
}

/** True for an element node: storey nodes carry a GlobalId too, but no IFC type. */
export function isElementNode(object: Object3D): boolean {
  const d = object.userData;
  return typeof d.globalId === 'string' && typeof d.ifcType === 'string';
}

/** The element node a hit object belongs to: the object itself or its nearest element ancestor. */
export function elementNodeOf(object: Object3D | null | undefined): Object3D | undefined {
  for (let o = object; o; o = o.parent) if (isElementNode(o)) return o;
  return undefined;
}

/** The element described by an element node's extras. */
export function elementInfo(node: Object3D): ElementInfo {
  const d = node.userData;
  const info: ElementInfo = { globalId: d.globalId, ifcType: d.ifcType, name: typeof d.name === 'string' ? d.name : '', storey: typeof d.storey === 'string' ? d.storey : '' };
  if (typeof d.tag === 'string' && d.tag) info.tag = d.tag;
  return info;
}

/** The element a hit object belongs to, or undefined for a hit on something else. */
export function elementAt(object: Object3D | null | undefined): ElementInfo | undefined {
  const node = elementNodeOf(object);
  return node ? elementInfo(node) : undefined;
}

/**
 * Devices of the registry bound to elements of one building, by GlobalId (an element may carry
 * several series, e.g. a meter and an alarm). Devices bound to GIS features or to other buildings
 * are left out.
 */
export function sensorElements(devices: TwinResponse['devices'], buildingId: string): Map<string, ManifestDevice[]> {
  const out = new Map<string, ManifestDevice[]>();
  for (const d of devices) {
    if (!('building' in d.binding) || d.binding.building !== buildingId) continue;
    const list = out.get(d.binding.globalId);
    if (list) list.push(d);
    else out.set(d.binding.globalId, [d]);
  }
  return out;
}
