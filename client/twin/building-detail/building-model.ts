/**
 * A loaded building ready for the detail view: its storey nodes in elevation order, its element
 * nodes by GlobalId, a marker on every element bound to a sensor (devices are centimetres wide,
 * too small to see on a 100 m tower) and the owner that frees it all.
 */
import { Box3, Mesh, MeshBasicMaterial, SphereGeometry, Vector3, type Material, type Object3D } from 'three';
import { BuildingModelOwner, LOOK_EMISSIVE, type ElementLook } from './building-model-owner.ts';
import { isElementNode } from './element-lookup.ts';
import { storeyRanks, type StoreyInfo } from './storey-layout.ts';

/** Smallest radius of the marker drawn around a sensor element, metres; larger models get larger markers (1/70 of their diagonal). */
export const MARKER_RADIUS_M = 0.6;

export interface StoreyNode extends StoreyInfo {
  node: Object3D;
  /** Position of the node before any explode offset (the GLB's), metres. */
  baseY: number;
}

export interface BuildingModel {
  owner: BuildingModelOwner;
  /** Storeys from lowest to highest. */
  storeys: StoreyNode[];
  /** Element nodes by GlobalId. */
  elements: Map<string, Object3D>;
  /** Marker meshes by GlobalId of the sensor element they mark. */
  markers: Map<string, Mesh>;
  /** Room nodes (IfcSpace, `extras.room`): hidden until rooms are shown. */
  rooms: Object3D[];
  /** Bounds of the unexploded model, community frame, metres. */
  bounds: Box3;
  /** Marker materials (shared by every marker): normal, in alarm, selected. */
  markerMaterials: { sensor: MeshBasicMaterial; alarm: MeshBasicMaterial; selected: MeshBasicMaterial };
}

/** Base material of a mesh, remembered before highlights replace it. */
export function baseMaterialOf(mesh: Mesh): Material {
  return (mesh.userData.baseMaterial as Material | undefined) ?? (mesh.material as Material);
}

/**
 * Prepares a glTF scene for the detail: finds the storey nodes (children carrying
 * `extras.storey`), indexes element nodes, and adds a marker to each element in `sensorIds`.
 * Everything created here is adopted by the returned owner.
 */
export function prepareBuilding(root: Object3D, sensorIds: ReadonlySet<string>): BuildingModel {
  const owner = new BuildingModelOwner(root);
  root.updateMatrixWorld(true);
  const found: StoreyNode[] = [];
  root.traverse((o) => {
    const d = o.userData;
    if (typeof d.storey === 'string' && typeof d.elevationM === 'number' && !isElementNode(o)) found.push({ name: d.storey, elevationM: d.elevationM, node: o, baseY: o.position.y });
  });
  const ranks = storeyRanks(found);
  const storeys = found.map((s, i) => ({ s, r: ranks[i] })).sort((a, b) => a.r - b.r).map((x) => x.s);

  const elements = new Map<string, Object3D>();
  const rooms: Object3D[] = [];
  root.traverse((o) => {
    if (isElementNode(o)) {
      elements.set(o.userData.globalId as string, o);
      if (o.userData.room === true) rooms.push(o);
    }
    if ((o as Mesh).isMesh) o.userData.baseMaterial = (o as Mesh).material;
  });
  // Framed on the building without its rooms, which are then hidden (they lie inside it anyway).
  const bounds = new Box3().setFromObject(root);
  setRoomsShown({ rooms }, false);
  const radius = Math.max(MARKER_RADIUS_M, bounds.isEmpty() ? 0 : bounds.getSize(new Vector3()).length() / 70);

  const sphere = owner.adoptGeometry(new SphereGeometry(radius, 16, 12));
  // Markers show through walls (devices sit in corridors and on the roof), so picking prefers them too.
  const markerMaterial = (look: 'sensor' | 'alarm' | 'selected') => owner.adoptMaterial(new MeshBasicMaterial({ color: LOOK_EMISSIVE[look].color, transparent: true, opacity: 0.7, depthTest: false, depthWrite: false, name: `marker#${look}` }));
  const markerMaterials = { sensor: markerMaterial('sensor'), alarm: markerMaterial('alarm'), selected: markerMaterial('selected') };
  const markers = new Map<string, Mesh>();
  const box = new Box3();
  const centre = new Vector3();
  for (const id of sensorIds) {
    const node = elements.get(id);
    if (!node) continue;
    box.setFromObject(node).getCenter(centre);
    const marker = new Mesh(sphere, markerMaterials.sensor);
    marker.name = `marker:${id}`;
    marker.userData.marker = true;
    marker.renderOrder = 10;
    node.add(marker);
    marker.position.copy(node.worldToLocal(centre));
    markers.set(id, marker);
  }
  return { owner, storeys, elements, markers, rooms, bounds, markerMaterials };
}

/** Shows or hides the rooms; hidden rooms are neither drawn nor picked. */
export function setRoomsShown(model: Pick<BuildingModel, 'rooms'>, shown: boolean): void {
  for (const r of model.rooms) r.visible = shown;
}

/** Draws every mesh of an element with the given look (its base material or a highlight variant). */
export function setElementLook(model: BuildingModel, node: Object3D, look: ElementLook): void {
  node.traverse((o) => {
    const mesh = o as Mesh;
    if (!mesh.isMesh || o.userData.marker) return;
    mesh.material = model.owner.variant(baseMaterialOf(mesh), look);
  });
}
