/**
 * The device registry checked both ways: every live series lands on an object in the twin, and
 * every object that should be measured has a series. Without this a wall screen shows buildings
 * that never light up, or numbers that belong nowhere.
 */
import type { ManifestDevice } from './manifest-schema.ts';
import type { LoadedTwin } from './load-twin.ts';
import { deviceTagOf, type Family } from '../../streams/families/index.ts';

export interface SeriesIdentity {
  measurement: Family;
  tags: Readonly<Record<string, string>>;
}

export interface BindingReport {
  /** Series with no device in the registry (they cannot be placed in the twin). */
  unregisteredSeries: string[];
  /** Registry entries whose feature or element is not in the twin. */
  danglingDevices: string[];
  /** Registry entries whose neighbourhood differs from the series' or the object's. */
  misplaced: string[];
  /** Objects that should be measured (sensors, cameras, parking, meters in BIM) with no device bound. */
  unmeasuredObjects: string[];
  /** Registry entries that no series uses (a device that never reported). */
  silentDevices: string[];
  ok: boolean;
}

/** IFC types of BIM elements that are devices: each should have a series. */
export const MEASURED_IFC_TYPES = new Set(['IfcSensor', 'IfcAlarm', 'IfcFlowMeter', 'IfcTank', 'IfcTransportElement', 'IfcUnitaryControlElement']);

/** GIS features that should be measured: cameras and sensors (bins too), parking lots and spaces, pipe sensors, gates. */
export function shouldBeMeasured(layer: string, props: Record<string, unknown>): boolean {
  if (layer === 'cameras' || layer === 'sensors' || layer === 'parking') return true;
  if (layer === 'walkways') return props.kind === 'gate';
  return layer === 'pipes' && props.kind === 'sensor';
}

export function checkBindings(twin: LoadedTwin, series: readonly SeriesIdentity[]): BindingReport {
  const r: BindingReport = { unregisteredSeries: [], danglingDevices: [], misplaced: [], unmeasuredObjects: [], silentDevices: [], ok: true };
  const key = (m: string, id: string) => `${m}/${id}`;
  const devices = new Map<string, ManifestDevice>();
  for (const d of twin.manifest.devices) devices.set(key(d.measurement, d.id), d);

  const used = new Set<string>();
  for (const s of series) {
    const tag = deviceTagOf(s.measurement);
    if (!tag) continue;
    const id = s.tags[tag];
    const k = key(s.measurement, id ?? '');
    const d = devices.get(k);
    if (!d) { r.unregisteredSeries.push(`${s.measurement} ${tag}=${id ?? '(missing)'}`); continue; }
    used.add(k);
    if (s.tags.neighbourhood !== d.neighbourhood) r.misplaced.push(`${k}: series says neighbourhood ${s.tags.neighbourhood}, registry says ${d.neighbourhood}`);
  }

  const boundFeatures = new Set<string>();
  const boundElements = new Set<string>();
  const globalIds = new Map<string, Set<string>>();
  for (const [b, index] of twin.elements) globalIds.set(b, new Set(index.elements.map((e) => e.globalId)));
  for (const d of twin.manifest.devices) {
    const k = key(d.measurement, d.id);
    if (!used.has(k)) r.silentDevices.push(k);
    if ('feature' in d.binding) {
      const f = twin.features.get(d.binding.feature);
      if (!f) { r.danglingDevices.push(`${k}: feature "${d.binding.feature}" is not in any layer`); continue; }
      boundFeatures.add(d.binding.feature);
      const nb = f.feature.properties.neighbourhood;
      if (nb !== undefined && nb !== d.neighbourhood) r.misplaced.push(`${k}: feature "${d.binding.feature}" is in ${nb}, registry says ${d.neighbourhood}`);
    } else {
      const { building: bid, globalId } = d.binding;
      const ids = globalIds.get(bid);
      if (!ids) { r.danglingDevices.push(`${k}: building "${bid}" is not in the twin`); continue; }
      if (!ids.has(globalId)) { r.danglingDevices.push(`${k}: building "${bid}" has no element ${globalId}`); continue; }
      boundElements.add(`${bid}/${globalId}`);
      const building = twin.manifest.buildings.find((b) => b.id === bid);
      if (building && building.neighbourhood !== d.neighbourhood) r.misplaced.push(`${k}: building "${building.id}" is in ${building.neighbourhood}, registry says ${d.neighbourhood}`);
    }
  }
  for (const [fid, { layer, feature }] of twin.features) {
    if (shouldBeMeasured(layer, feature.properties) && !boundFeatures.has(fid)) r.unmeasuredObjects.push(`${layer} feature "${fid}"`);
  }
  for (const [b, index] of twin.elements) {
    for (const e of index.elements) {
      if (MEASURED_IFC_TYPES.has(e.ifcType) && !boundElements.has(`${b}/${e.globalId}`)) r.unmeasuredObjects.push(`building "${b}" ${e.ifcType} ${e.globalId} (${e.name})`);
    }
  }
  r.ok = r.unregisteredSeries.length + r.danglingDevices.length + r.misplaced.length + r.unmeasuredObjects.length === 0;
  return r;
}
