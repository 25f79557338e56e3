/**
 * The twin as the browser holds it: the manifest from /api/twins/:community, its GeoJSON layers,
 * and indexes from device ids (series tags) to the objects the layers draw. Loaded once per
 * community; everything live is looked up through these indexes on the tick.
 */
import type { TwinManifest } from '../../twin-models/manifest/manifest-types.ts';
import type { FeatureCollection, Feature } from '../../twin-models/manifest/manifest-types.ts';
import { getJson } from '../api/api-client.ts';
import { enuToLonLat } from '../../twin-models/manifest/georef.ts';
import { roofCentre } from '../../twin-models/manifest/placement.ts';

/**
 * The manifest as /api/twins/:community answers it: with the base URL of its files and what the
 * server's check of its tilesets found (null while that check runs).
 */
export type TwinManifestResponse = TwinManifest & { base: string; tilesetProblems?: { tileset: string; file?: string; message: string }[] | null };
export type { Feature };

export interface TwinModel {
  manifest: TwinManifestResponse;
  /** Absolute URL of a file in the twin folder. */
  url(path: string): string;
  layers: Partial<Record<string, FeatureCollection>>;
  /** Feature by id, across layers. */
  feature(id: string): Feature | undefined;
  /** The building a BIM device (meter, smoke detector, button, tank) is in. */
  buildingOfDevice: Map<string, string>;
  /** Georeference origin as deck.gl wants it: [longitude, latitude, height]. */
  origin: [number, number, number];
  /** Centre of each building's roof as [longitude, latitude, height], for markers and fly-to. */
  buildingCentres: Map<string, [number, number, number]>;
}

const LAYERS = ['boundary', 'neighbourhoods', 'roads', 'walkways', 'pipes', 'parking', 'cameras', 'sensors', 'facilities', 'transit'] as const;

export async function loadTwinModel(community: string, signal?: AbortSignal): Promise<TwinModel> {
  const manifest = await getJson<TwinManifestResponse>(`/api/twins/${encodeURIComponent(community)}`, signal);
  const url = (path: string) => `${manifest.base}${path.split('/').map(encodeURIComponent).join('/')}`;
  const layers: TwinModel['layers'] = {};
  await Promise.all(LAYERS.map(async (name) => {
    const path = manifest.layers[name];
    if (path) layers[name] = await getJson<FeatureCollection>(url(path), signal);
  }));
  const byId = new Map<string, Feature>();
  for (const fc of Object.values(layers)) for (const f of fc!.features) byId.set(f.properties.id, f);
  const buildingOfDevice = new Map<string, string>();
  for (const d of manifest.devices) if ('building' in d.binding) buildingOfDevice.set(d.id, d.binding.building);
  const o = manifest.georef.origin;
  const buildingCentres = new Map<string, [number, number, number]>();
  // Bounds are in the community frame with the placement already applied (manifest/placement.ts).
  for (const b of manifest.buildings) {
    if (b.bounds) buildingCentres.set(b.id, enuToLonLat(o, ...roofCentre(b.bounds)));
  }
  return { manifest, url, layers, feature: (id) => byId.get(id), buildingOfDevice, origin: [o.longitude, o.latitude, o.height], buildingCentres };
}
