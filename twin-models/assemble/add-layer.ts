/**
 * `twin add-layer FILE.geojson --kind <layer>`: checks a GeoJSON FeatureCollection against what
 * the layer may hold (every problem at once), converts its coordinates to WGS84 and registers it
 * in the manifest. Chinese deliveries come in several systems that look alike:
 *
 * - WGS84 / CGCS2000 longitude-latitude (GPS, surveys): used as they are (they agree to centimetres);
 * - GCJ-02 (高德, 腾讯 maps) and BD-09 (百度 maps), shifted by hundreds of metres on purpose:
 *   converted with gcoord;
 * - CGCS2000 Gauss–Krüger (or another projected CRS shipped in manifest/crs.ts), metres:
 *   converted with proj4.
 *
 * Without `--crs`, a file naming its CRS (GeoJSON 2008 `crs` member) is taken at its word,
 * metres need a CRS to be named, and degrees are assumed WGS84/CGCS2000: the command says so.
 */
import { readFile, writeFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import gcoord from 'gcoord';
import { LAYER_NAMES, type LayerName } from '../manifest/manifest-schema.ts';
import type { FeatureCollection } from '../manifest/manifest-types.ts';
import { LAYER_GEOMETRY, coordinatesLookRight } from '../manifest/load-twin.ts';
import { gridProjection, KNOWN_CRS } from '../manifest/crs.ts';
import { lonLatToEnu } from '../manifest/georef.ts';
import { readManifest, writeManifest } from './manifest-file.ts';

export const LAYER_CRS = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'] as const;

export interface AddLayerOptions {
  dir: string;
  file: string;
  kind: string;
  /** wgs84, cgcs2000, gcj02, bd09, or a projected CRS such as EPSG:4545. */
  crs?: string;
}

export interface AddLayerResult {
  path: string;
  features: number;
  /** The coordinate system the file was read in, and whether it was assumed or given. */
  crs: string;
  assumed: boolean;
  notes: string[];
}

export class LayerError extends Error {
  constructor(readonly problems: string[], file: string) {
    super(`twin: ${file} cannot be a layer (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.slice(0, 50).join('\n  - ')}${problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''}`);
  }
}

export async function addLayer(opts: AddLayerOptions): Promise<AddLayerResult> {
  if (!(LAYER_NAMES as readonly string[]).includes(opts.kind)) throw new Error(`twin: --kind must be one of ${LAYER_NAMES.join(', ')} (got "${opts.kind}")`);
  const kind = opts.kind as LayerName;
  const manifest = await readManifest(opts.dir);
  let fc: FeatureCollection & { crs?: { properties?: { name?: string } } };
  try {
    fc = JSON.parse(await readFile(opts.file, 'utf8'));
  } catch (e) {
    throw new LayerError([(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `not valid JSON: ${(e as Error).message}`], opts.file);
  }
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new LayerError(['not a GeoJSON FeatureCollection (RFC 7946)'], opts.file);

  const problems: string[] = [];
  const seen = new Set<string>();
  const neighbourhoods = new Set(manifest.community.neighbourhoods.map((n) => n.id));
  for (const [i, f] of fc.features.entries()) {
    const fid = f?.properties?.id;
    const at = `feature ${typeof fid === 'string' && fid ? `"${fid}"` : `#${i}`}`;
    if (f?.type !== 'Feature') problems.push(`${at}: not a GeoJSON Feature`);
    if (typeof fid !== 'string' || !fid) problems.push(`${at}: properties.id is required (a string, unique in the twin)`);
    else if (seen.has(fid)) problems.push(`${at}: id used twice`);
    else seen.add(fid);
    if (!LAYER_GEOMETRY[kind].includes(f?.geometry?.type)) problems.push(`${at}: geometry ${f?.geometry?.type ?? 'missing'} not allowed in ${kind} (use ${LAYER_GEOMETRY[kind].join(' or ')})`);
    const nb = f?.properties?.neighbourhood;
    if (nb !== undefined && !neighbourhoods.has(nb)) problems.push(`${at}: unknown neighbourhood "${nb}" (the twin has ${[...neighbourhoods].join(', ')})`);
  }
  if (problems.length) throw new LayerError(problems, opts.file);

  const notes: string[] = [];
  const named = fc.crs?.properties?.name;
  let crs = opts.crs?.trim();
  let assumed = false;
  const metres = firstPosition(fc).some((v, k) => k < 2 && Math.abs(v) > 180);
  if (!crs && named) { crs = named; notes.push(`the file names its CRS: ${named}`); }
  if (!crs) {
    if (metres) throw new LayerError([`coordinates are in metres (first point ${firstPosition(fc).slice(0, 2).join(', ')}): give the projected CRS with --crs, e.g. --crs EPSG:4545 (known: ${KNOWN_CRS})`], opts.file);
    crs = 'wgs84';
    assumed = true;
  }
  const out = convert(structuredClone(fc), crs, opts.file);
  delete (out as { crs?: unknown }).crs; // RFC 7946 has no crs member: the output is WGS84

  const bad = out.features.filter((f) => !coordinatesLookRight(f.geometry.coordinates)).map((f) => `feature "${f.properties.id}": coordinates must be [longitude, latitude(, height)] after conversion from ${crs}`);
  if (bad.length) throw new LayerError(bad, opts.file);
  const o = manifest.georef.origin;
  const far = out.features.map((f) => ({ f, d: Math.hypot(...lonLatToEnu(o, ...firstPosition(f.geometry.coordinates) as [number, number]).slice(0, 2)) })).filter((x) => x.d > 3000);
  if (far.length) notes.push(`${far.length} feature${far.length === 1 ? '' : 's'} lie more than 3 km from the community's origin (e.g. "${far[0].f.properties.id}", ${(far[0].d / 1000).toFixed(1)} km): check the coordinate system (--crs)`);
  if (manifest.layers[kind]) notes.push(`the twin's ${kind} layer was replaced`);

  const rel = `layers/${kind}.geojson`;
  await mkdir(join(opts.dir, 'layers'), { recursive: true });
  const tmp = join(opts.dir, `${rel}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(out));
  await rename(tmp, join(opts.dir, rel));
  manifest.layers[kind] = rel;
  await writeManifest(opts.dir, manifest);
  return { path: rel, features: out.features.length, crs: describeCrs(crs), assumed, notes };
}

function describeCrs(crs: string): string {
  const c = crs.toLowerCase().replace(/[-_\s]/g, '');
  if (c === 'wgs84' || c === 'epsg4326' || c === 'cgcs2000' || c === 'epsg4490') return 'WGS84/CGCS2000 longitude-latitude (used as is)';
  if (c === 'gcj02') return 'GCJ-02 (高德/腾讯), converted to WGS84';
  if (c === 'bd09') return 'BD-09 (百度), converted to WGS84';
  return `${crs}, projected to WGS84`;
}

function convert(fc: FeatureCollection, crs: string, file: string): FeatureCollection {
  const c = crs.toLowerCase().replace(/[-_\s]/g, '');
  if (c === 'wgs84' || c === 'epsg4326' || c === 'cgcs2000' || c === 'epsg4490' || c.endsWith('crs84')) return fc;
  if (c === 'gcj02') return gcoord.transform(fc as any, gcoord.GCJ02, gcoord.WGS84) as unknown as FeatureCollection;
  if (c === 'bd09') return gcoord.transform(fc as any, gcoord.BD09, gcoord.WGS84) as unknown as FeatureCollection;
  const grid = gridProjection(crs);
  if (!grid) throw new LayerError([`--crs ${crs} is not one this product knows (wgs84, cgcs2000, gcj02, bd09, or ${KNOWN_CRS})`], file);
  for (const f of fc.features) f.geometry.coordinates = mapPositions(f.geometry.coordinates, (p) => {
    const [lon, lat] = grid.toLonLat(p[0], p[1]);
    return p.length > 2 ? [round8(lon), round8(lat), p[2]] : [round8(lon), round8(lat)];
  });
  return fc;
}

const round8 = (v: number) => Math.round(v * 1e8) / 1e8;

function mapPositions(c: any, f: (p: number[]) => number[]): any {
  return typeof c?.[0] === 'number' ? f(c) : c.map((x: any) => mapPositions(x, f));
}

function firstPosition(x: FeatureCollection | any): number[] {
  let c = (x as FeatureCollection).features ? (x as FeatureCollection).features[0]?.geometry?.coordinates : x;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) ? c : [];
}
