/**
 * `twin add-tileset DIR`: a 3D Tiles delivery (drone photogrammetry, terrain) into the twin. The
 * tileset is validated as `twin tileset` does (every problem at once, nothing copied when there is
 * one), copied whole into tiles/<id>/ (all or nothing: output/atomic-output.ts), checked against
 * the community's extent from its root bounding volume alone, and registered in the manifest.
 *
 * Lying outside the community is a warning with the distance, not an error: a terrain block may
 * rightly reach past it, and the operator is the one who knows whether the survey is the right one.
 */
import { chmod, cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { TwinManifest } from '../manifest/manifest-schema.ts';
import type { FeatureCollection } from '../manifest/manifest-types.ts';
import { enuToEcefMatrix, lonLatToEnu, toEcef, type GeoOrigin } from '../manifest/georef.ts';
import { validateTileset, type TilesetReport } from '../import/tiles/validate-tileset.ts';
import { dist, tilesetExtent, type TilesetExtent } from '../import/tiles/tileset-extent.ts';
import { AtomicOutput } from '../import/output/atomic-output.ts';
import { FAR_FROM_ORIGIN_M } from './add-building.ts';
import { readManifest, writeManifest } from './manifest-file.ts';

/** The tileset kinds this command adds; buildings come in as IFC through add-building. */
export const TILESET_KINDS = ['terrain', 'photogrammetry'] as const;
export type AddedTilesetKind = (typeof TILESET_KINDS)[number];

export interface AddTilesetOptions {
  dir: string;
  /** The delivery: its folder, or its tileset.json. */
  source: string;
  kind?: string;
  id?: string;
  name?: { zh: string; en: string };
  /** Puts a tileset written in a local east-north-up frame (box or sphere root) at this WGS84 point by writing its root transform. */
  at?: GeoOrigin;
  /** Copy again over a tileset with the same id. */
  replace?: boolean;
}

export interface TilesetPlace {
  /** Straight-line distance from the twin's origin to the centre of the root bounding volume, metres. */
  centreM: number;
  /** How far the root volume's nearest edge lies beyond the community's reach, metres (0 when it overlaps). */
  outsideM: number;
  /** How far the community reaches from its origin, metres, and where that figure came from. */
  reachM: number;
  reachFrom: string;
}

export interface AddTilesetResult {
  entry: TwinManifest['tilesets'][number];
  report: TilesetReport;
  extent: TilesetExtent;
  place: TilesetPlace;
  /** The tileset lies outside the community, or is not georeferenced: said with the distance. */
  warnings: string[];
  notes: string[];
}

export class TilesetDeliveryError extends Error {
  constructor(readonly problems: string[], source: string) {
    super(`twin: ${source} is not a usable tileset (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.slice(0, 30).join('\n  - ')}${problems.length > 30 ? `\n  … and ${problems.length - 30} more` : ''}`);
  }
}

export async function addTileset(opts: AddTilesetOptions): Promise<AddTilesetResult> {
  const kind = (opts.kind ?? 'photogrammetry') as AddedTilesetKind;
  if (!TILESET_KINDS.includes(kind)) throw new Error(`twin: --kind must be ${TILESET_KINDS.join(' or ')} (got "${opts.kind}"; buildings come in as IFC with add-building)`);
  const manifest = await readManifest(opts.dir);
  const tilesetPath = await findTilesetJson(resolve(opts.source));
  const sourceDir = dirname(tilesetPath);
  const id = opts.id ?? basename(sourceDir).replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 80);
  if (!id) throw new Error(`twin: cannot make a tileset id from ${sourceDir}; give --id`);
  const existing = manifest.tilesets.findIndex((t) => t.id === id);
  if (existing >= 0 && !opts.replace) throw new Error(`twin: tileset "${id}" is already in the twin (use --replace to copy it again, or --id for another)`);

  const report = await validateTileset(tilesetPath);
  if (report.errors.length) throw new TilesetDeliveryError(report.errors, tilesetPath);
  const json = JSON.parse(await readFile(tilesetPath, 'utf8')) as { root?: { boundingVolume?: Record<string, number[]>; transform?: number[] } };
  const notes: string[] = [];
  if (opts.at) {
    if (json.root?.boundingVolume?.region) throw new Error(`twin: ${tilesetPath}: the root volume is a geographic region, which a transform does not move; --at is for tilesets in a local frame (box or sphere)`);
    if (json.root!.transform) notes.push('the tileset\'s own root transform was replaced by --at');
    json.root!.transform = enuToEcefMatrix(opts.at);
  }
  const extent = tilesetExtent(json.root);
  if (!extent) throw new TilesetDeliveryError(['root.boundingVolume: needs one of region, box or sphere'], tilesetPath);

  const { place, warning } = await locateTileset(opts.dir, manifest, id, extent);
  const warnings = warning ? [warning] : [];

  const rel = `tiles/${id}`;
  const target = join(opts.dir, rel);
  if (resolve(sourceDir) !== resolve(target)) {
    const out = await AtomicOutput.begin(target, 'directory');
    try {
      await cp(sourceDir, out.staging, { recursive: true });
      // Deliveries come off read-only media; the twin's copy must be replaceable later.
      await makeWritable(out.staging);
      if (opts.at) await writeFile(join(out.staging, basename(tilesetPath)), JSON.stringify(json, null, 1));
      await out.commit();
    } catch (e) {
      await out.abandon();
      throw e;
    }
  } else if (opts.at) {
    await writeFile(tilesetPath, JSON.stringify(json, null, 1));
  }
  const entry = { id, kind, name: opts.name ?? { zh: id, en: id }, uri: `${rel}/${basename(tilesetPath)}` };
  if (existing >= 0) { manifest.tilesets[existing] = entry; notes.push(`the twin's tileset "${id}" was replaced`); } else manifest.tilesets.push(entry);
  await writeManifest(opts.dir, manifest);
  notes.push(...report.warnings.slice(0, 10).map((w) => `validation: ${w}`));
  return { entry, report, extent, place, warnings, notes };
}

/**
 * Where a tileset lies against the community, and the warning to give when it is not georeferenced
 * or lies wholly outside (with the distance in metres). `check` asks the same of every tileset.
 */
export async function locateTileset(dir: string, manifest: TwinManifest, id: string, extent: TilesetExtent): Promise<{ place: TilesetPlace; warning?: string }> {
  const reach = await communityReach(dir, manifest);
  const centreM = dist(extent.centre, toEcef(manifest.georef.origin));
  const place: TilesetPlace = { centreM, outsideM: Math.max(0, centreM - extent.radiusM - reach.reachM), reachM: reach.reachM, reachFrom: reach.from };
  const m = (v: number) => `${Math.round(v).toLocaleString('en')} m`;
  if (!extent.georeferenced) {
    return { place, warning: `tileset "${id}" is not georeferenced: its root ${extent.volume} has no ECEF transform and lies ${m(centreM)} from the community's origin (near the earth's centre); export it with its georeference, or place it with add-tileset --at lon,lat[,height]` };
  }
  if (place.outsideM > 0) {
    return { place, warning: `tileset "${id}" lies outside the community: its root ${extent.volume} is centred ${m(centreM)} from the twin's origin, its nearest edge ${m(place.outsideM)} beyond the community's reach of ${m(reach.reachM)} (${reach.from}); check that this is the community's survey and its coordinate system` };
  }
  return { place };
}

/** The tileset.json of a delivery given as its folder or the file itself. */
async function findTilesetJson(source: string): Promise<string> {
  const st = await stat(source).catch(() => null);
  if (!st) throw new Error(`twin: ${source} not found`);
  if (st.isFile()) return source;
  const json = join(source, 'tileset.json');
  if (existsSync(json)) return json;
  // Hand the validator what is there, so an OSGB delivery gets its conversion route.
  if (existsSync(join(source, 'metadata.xml'))) return join(source, 'metadata.xml');
  const jsons = (await readdir(source)).filter((f) => f.toLowerCase().endsWith('.json'));
  if (jsons.length === 1) return join(source, jsons[0]);
  throw new Error(`twin: ${source} has no tileset.json${jsons.length ? ` (it has ${jsons.join(', ')}: give the tileset's own file)` : ''}`);
}

/**
 * How far the community reaches from its origin: its boundary layer's farthest vertex when it has
 * one, else the distance past which add-building calls a building misplaced.
 */
async function communityReach(dir: string, manifest: TwinManifest): Promise<{ reachM: number; from: string }> {
  const fallback = { reachM: FAR_FROM_ORIGIN_M, from: 'no boundary layer, so the default' };
  const rel = manifest.layers.boundary;
  if (!rel) return fallback;
  let fc: FeatureCollection;
  try { fc = JSON.parse(await readFile(join(dir, rel), 'utf8')); } catch { return fallback; }
  let reachM = 0;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [e, n] = lonLatToEnu(manifest.georef.origin, c[0], c[1] as number);
      reachM = Math.max(reachM, Math.hypot(e, n));
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of fc.features ?? []) visit(f.geometry?.coordinates);
  return reachM > 0 ? { reachM, from: 'its boundary layer' } : fallback;
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    await chmod(join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  }
}
