/**
 * The twin manifest's types and constants without its schema: what the browser imports. The
 * schema (manifest-schema.ts) is written with zod, which the client bundle must not carry; its
 * types are re-exported here as types only, so this module has no runtime imports.
 */
export type { DeviceBinding, ManifestBuilding, ManifestDevice, Placement, TwinManifest } from './manifest-schema.ts';

/** The GIS layers a twin may have, one GeoJSON FeatureCollection each. */
export const LAYER_NAMES = [
  'boundary', 'neighbourhoods', 'roads', 'walkways', 'pipes', 'parking', 'cameras', 'sensors', 'facilities', 'transit',
] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** A GeoJSON feature of a twin layer (RFC 7946: WGS84 lon/lat, height in metres as the third coordinate). */
export interface Feature {
  type: 'Feature';
  geometry: { type: string; coordinates: any };
  properties: Record<string, any> & { id: string };
}
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}
