/**
 * The twin manifest: everything the product knows about how one community looks, where it is and
 * which object every live series belongs to. One `manifest.json` per community, beside its assets.
 * Paths inside are relative to the manifest's folder.
 */
import { z } from 'zod';
import { BUILDING_CATEGORIES, DEVICE_FAMILIES, type BuildingCategory, type Family } from '../../streams/families/index.ts';
import { LAYER_NAMES } from './manifest-types.ts';

export { LAYER_NAMES, type LayerName } from './manifest-types.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/, 'ids are 1–80 letters, digits, . _ : - (no spaces)');
const localName = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const relPath = z.string().min(1).refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..') && !/^[a-z]+:/i.test(p), 'must be a path inside the twin folder (no "..", no absolute path or URL)');
const place = z.object({ id, name: localName });

export const GEOREF = z.object({
  /** The local frame's origin: WGS84 degrees and ellipsoidal height in metres. */
  origin: z.object({
    longitude: z.number().min(-180).max(180),
    latitude: z.number().min(-90).max(90),
    height: z.number().min(-500).max(9000),
  }),
  /** CGCS2000 and WGS84 coincide at this scale; GCJ-02 (web basemaps) must be converted first. */
  datum: z.enum(['WGS84', 'CGCS2000']),
});

/**
 * What takes a building's GLB into the community's east-north-up frame: turn by `headingDeg`
 * (counter-clockwise from east, about the vertical), then move by east/north/up metres. The one
 * rule, and the functions every tool and view uses, are in placement.ts.
 */
export const PLACEMENT = z.object({
  east: z.number(), north: z.number(), up: z.number(),
  headingDeg: z.number().min(-360).max(360).default(0),
});

export const TILESET = z.object({
  id,
  kind: z.enum(['terrain', 'photogrammetry', 'buildings']),
  name: localName,
  /** tileset.json of a 3D Tiles 1.0/1.1 tileset. */
  uri: relPath,
});

export const BUILDING = z.object({
  id,
  name: localName,
  neighbourhood: id,
  use: z.enum(BUILDING_CATEGORIES as [BuildingCategory, ...BuildingCategory[]]),
  floors: z.number().int().min(1).max(200),
  heightM: z.number().positive(),
  floorAreaM2: z.number().positive(),
  /** Storeys from lowest to highest, elevation above the building's zero in metres (the IFC's length unit applied). */
  storeys: z.array(z.object({ name: z.string().min(1), elevationM: z.number().min(-500).max(1000) })).optional(),
  households: z.number().int().min(0).default(0),
  /** GLB converted from IFC, and its element index (GlobalId, IFC type, storey, name, bounds). */
  glb: relPath,
  elements: relPath,
  /** The BIM shell the overview draws close up instead of the massing (exterior elements in one mesh; import/ifc/bim-shell.ts). */
  shell: relPath.optional(),
  /** The IFC file it came from (name only; kept for provenance). */
  source: z.string().optional(),
  placement: PLACEMENT,
  /** Bounds in the community's east-north-up frame with the placement already applied (never added again), metres: [minE, minN, minU, maxE, maxN, maxU]. */
  bounds: z.array(z.number()).length(6).optional(),
  /** Outline on the ground as [longitude, latitude] pairs, for massing views and 2D maps. */
  footprint: z.array(z.tuple([z.number(), z.number()])).min(3).optional(),
});

/** What a device's series is bound to: a GIS feature, or a BIM element of a building. */
export const BINDING = z.union([
  z.object({ feature: id }).strict(),
  z.object({ building: id, globalId: z.string().regex(/^[0-9A-Za-z_$]{22}$/, 'an IFC GlobalId is 22 characters of 0-9A-Za-z_$') }).strict(),
]);

export const DEVICE = z.object({
  /** The value of the series' device tag (`deviceTagOf(measurement)`: meter, lot, space, sensor, device). */
  id,
  /** A family with a device tag (streams/families). */
  measurement: z.enum(DEVICE_FAMILIES as [Family, ...Family[]]),
  neighbourhood: id,
  binding: BINDING,
});

export const MANIFEST = z.object({
  version: z.literal(1),
  /** Set by generators, so a cached output can be recognised (`npm run twin -- demo`). */
  generator: z.object({ name: z.string(), version: z.number().int(), seed: z.number().int() }).optional(),
  community: place.extend({
    city: place,
    district: place,
    street: place,
    neighbourhoods: z.array(place).min(1),
  }),
  georef: GEOREF,
  tilesets: z.array(TILESET).default([]),
  buildings: z.array(BUILDING).default([]),
  /** GeoJSON FeatureCollections (RFC 7946: WGS84 lon/lat, height in metres as the third coordinate). */
  layers: z.partialRecord(z.enum(LAYER_NAMES), relPath).default({}),
  devices: z.array(DEVICE).default([]),
});

export type TwinManifest = z.infer<typeof MANIFEST>;
export type ManifestBuilding = z.infer<typeof BUILDING>;
export type ManifestDevice = z.infer<typeof DEVICE>;
export type DeviceBinding = z.infer<typeof BINDING>;
export type Placement = z.infer<typeof PLACEMENT>;

/** A JSON Schema of the manifest, for editors and other tools (`npm run twin -- schema`). */
export function manifestJsonSchema(): unknown {
  return z.toJSONSchema(MANIFEST, { io: 'input' });
}
