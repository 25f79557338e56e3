/**
 * Loads a community twin from its folder: the manifest, its GeoJSON layers and the buildings'
 * element indexes, with every cross-reference checked. Problems are collected, not thrown one at a
 * time, so one run tells an operator everything that is wrong with a delivery.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LAYER_NAMES, MANIFEST, type LayerName, type TwinManifest } from './manifest-schema.ts';
import type { ElementIndexFile } from '../import/ifc/convert-ifc.ts';
import type { Feature, FeatureCollection } from './manifest-types.ts';

export type { Feature, FeatureCollection } from './manifest-types.ts';

export interface LoadedTwin {
  dir: string;
  manifest: TwinManifest;
  layers: Partial<Record<LayerName, FeatureCollection>>;
  /** Element index of each building, by building id. */
  elements: Map<string, ElementIndexFile>;
  /** Every GIS feature by id, with the layer it is in. */
  features: Map<string, { layer: LayerName; feature: Feature }>;
}

export class TwinManifestError extends Error {
  constructor(readonly problems: string[], where: string) {
    super(`twin: ${where} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  - ${problems.slice(0, 50).join('\n  - ')}${problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''}`);
  }
}

/** Geometry types each layer may hold. */
export const LAYER_GEOMETRY: Record<LayerName, string[]> = {
  boundary: ['Polygon', 'MultiPolygon'],
  neighbourhoods: ['Polygon', 'MultiPolygon'],
  roads: ['LineString', 'MultiLineString'],
  walkways: ['LineString', 'Point'],
  pipes: ['LineString', 'Point'],
  parking: ['Polygon', 'Point'],
  cameras: ['Point'],
  sensors: ['Point'],
  facilities: ['Point', 'Polygon'],
  transit: ['Point'],
};

export async function loadTwin(dir: string): Promise<LoadedTwin> {
  const manifestPath = join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (e) {
    throw new TwinManifestError([(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `not valid JSON: ${(e as Error).message}`], manifestPath);
  }
  const parsed = MANIFEST.safeParse(raw);
  if (!parsed.success) {
    throw new TwinManifestError(parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`), manifestPath);
  }
  const manifest = parsed.data;
  const problems: string[] = [];
  const neighbourhoods = new Set(manifest.community.neighbourhoods.map((n) => n.id));
  const ids = new Set<string>();
  const unique = (kind: string, value: string) => {
    if (ids.has(value)) problems.push(`${kind} "${value}": id used twice`);
    ids.add(value);
  };
  for (const t of manifest.tilesets) {
    unique('tileset', t.id);
    if (!existsSync(join(dir, t.uri))) problems.push(`tileset "${t.id}": ${t.uri} is missing`);
  }

  const elements = new Map<string, ElementIndexFile>();
  for (const b of manifest.buildings) {
    unique('building', b.id);
    if (!neighbourhoods.has(b.neighbourhood)) problems.push(`building "${b.id}": unknown neighbourhood "${b.neighbourhood}"`);
    if (!existsSync(join(dir, b.glb))) problems.push(`building "${b.id}": ${b.glb} is missing`);
    if (b.shell && !existsSync(join(dir, b.shell))) problems.push(`building "${b.id}": BIM shell ${b.shell} is missing`);
    try {
      elements.set(b.id, JSON.parse(await readFile(join(dir, b.elements), 'utf8')) as ElementIndexFile);
    } catch (e) {
      problems.push(`building "${b.id}": element index ${b.elements} ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : 'is not valid JSON'}`);
    }
  }

  const layers: LoadedTwin['layers'] = {};
  const features = new Map<string, { layer: LayerName; feature: Feature }>();
  for (const name of LAYER_NAMES) {
    const uri = manifest.layers[name];
    if (!uri) continue;
    let fc: FeatureCollection;
    try {
      fc = JSON.parse(await readFile(join(dir, uri), 'utf8'));
    } catch (e) {
      problems.push(`layer ${name}: ${uri} ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : 'is not valid JSON'}`);
      continue;
    }
    if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) { problems.push(`layer ${name}: ${uri} is not a GeoJSON FeatureCollection`); continue; }
    for (const [i, f] of fc.features.entries()) {
      const fid = f?.properties?.id;
      const at = `layer ${name} feature ${typeof fid === 'string' ? `"${fid}"` : `#${i}`}`;
      if (typeof fid !== 'string' || !fid) { problems.push(`${at}: properties.id is required`); continue; }
      unique(`${name} feature`, fid);
      if (!LAYER_GEOMETRY[name].includes(f.geometry?.type)) problems.push(`${at}: geometry ${f.geometry?.type} not allowed here (use ${LAYER_GEOMETRY[name].join(' or ')})`);
      else if (!coordinatesLookRight(f.geometry.coordinates)) problems.push(`${at}: coordinates must be [longitude, latitude(, height)] in degrees`);
      const nb = f.properties.neighbourhood;
      if (nb !== undefined && !neighbourhoods.has(nb)) problems.push(`${at}: unknown neighbourhood "${nb}"`);
      features.set(fid, { layer: name, feature: f });
    }
    layers[name] = fc;
  }
  for (const d of manifest.devices) {
    if (!neighbourhoods.has(d.neighbourhood)) problems.push(`device "${d.id}": unknown neighbourhood "${d.neighbourhood}"`);
  }
  if (problems.length) throw new TwinManifestError(problems, manifestPath);
  return { dir, manifest, layers, elements, features };
}

/** Every leaf position is [lon, lat] or [lon, lat, h] with lon/lat in range. */
export function coordinatesLookRight(c: unknown): boolean {
  if (!Array.isArray(c) || c.length === 0) return false;
  if (typeof c[0] === 'number') {
    return (c.length === 2 || c.length === 3) && c.every(Number.isFinite) && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90;
  }
  return c.every(coordinatesLookRight);
}
