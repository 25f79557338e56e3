/**
 * Checks a 3D Tiles tileset before the twin registers it: the JSON's structure, every tile's bounding
 * volume, geometric errors, and that every content file is there and is what it claims to be
 * (b3dm headers, GLB validated with glTF-Validator, external tilesets followed). Implicit tiling
 * (3D Tiles 1.1) is followed through its subtrees, and every content they say is available is
 * checked as an explicit one is (implicit-tiling.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, normalize, relative, isAbsolute } from 'node:path';
import { validateGlb } from '../gltf/validate-glb.ts';
import { checkImplicitTiling, isTemplate, type ImplicitTiling } from './implicit-tiling.ts';

/** What an OSGB delivery is told: browsers cannot read it, and how to get 3D Tiles from it. */
const OSGB_ROUTE = "is OSGB, which browsers cannot load; convert the oblique photogrammetry to 3D Tiles first (for example with the photogrammetry software's 3D Tiles export, or an OSGB→3D Tiles converter such as 3dtiles/osgb23dtiles)";

export interface TilesetReport {
  path: string;
  version: string;
  errors: string[];
  warnings: string[];
  tiles: number;
  contents: number;
  contentBytes: number;
  /** The root's bounding volume as written. */
  rootBoundingVolume: Record<string, number[]> | null;
}

interface Tile {
  boundingVolume?: { box?: number[]; region?: number[]; sphere?: number[] };
  geometricError?: number;
  refine?: string;
  transform?: number[];
  content?: { uri?: string; url?: string; boundingVolume?: Tile['boundingVolume'] };
  contents?: { uri?: string }[];
  children?: Tile[];
  implicitTiling?: ImplicitTiling;
  extensions?: { '3DTILES_implicit_tiling'?: ImplicitTiling };
}

export interface ValidateTilesetOptions {
  /** Validate GLB content with glTF-Validator (default true; the slow part for big tilesets). */
  checkGltf?: boolean;
  /**
   * `exists`: content files are only looked for, not read (what the server does when it serves a
   * twin: a survey of many GB is checked in seconds). Default `read`.
   */
  contents?: 'read' | 'exists';
}

export async function validateTileset(path: string, opts: ValidateTilesetOptions = {}): Promise<TilesetReport> {
  const report: TilesetReport = { path, version: '', errors: [], warnings: [], tiles: 0, contents: 0, contentBytes: 0, rootBoundingVolume: null };
  await checkTilesetFile(path, report, opts, new Set(), true);
  return report;
}

async function checkTilesetFile(path: string, r: TilesetReport, opts: ValidateTilesetOptions, seen: Set<string>, top: boolean): Promise<void> {
  if (seen.has(path)) { r.errors.push(`${path}: external tileset refers back to itself`); return; }
  seen.add(path);
  let json: { asset?: { version?: string }; geometricError?: number; root?: Tile };
  // An OSGB delivery (metadata.xml beside Data/Tile_*/…osgb) handed over instead of a tileset.
  if (/\.osgb$|(^|[\\/])metadata\.xml$/i.test(path)) { r.errors.push(`${path}: ${OSGB_ROUTE}`); return; }
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    r.errors.push(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `not valid JSON (${(e as Error).message})`}`);
    return;
  }
  const version = json.asset?.version;
  if (version !== '1.0' && version !== '1.1') r.errors.push(`${path}: asset.version must be "1.0" or "1.1", got ${JSON.stringify(version)}`);
  if (top) r.version = String(version ?? '');
  if (!isNonNegative(json.geometricError)) r.errors.push(`${path}: geometricError must be a number ≥ 0`);
  if (!json.root || typeof json.root !== 'object') { r.errors.push(`${path}: no root tile`); return; }
  if (top) r.rootBoundingVolume = (json.root.boundingVolume as Record<string, number[]>) ?? null;
  if (json.root.refine === undefined) r.errors.push(`${path}: root.refine must be "ADD" or "REPLACE"`);
  await checkTile(json.root, 'root', dirname(path), r, opts, seen, json.geometricError ?? Infinity);
}

async function checkTile(tile: Tile, at: string, base: string, r: TilesetReport, opts: ValidateTilesetOptions, seen: Set<string>, parentError: number): Promise<void> {
  r.tiles++;
  const where = `${at}`;
  checkBoundingVolume(tile.boundingVolume, `${where}.boundingVolume`, r);
  if (!isNonNegative(tile.geometricError)) r.errors.push(`${where}: geometricError must be a number ≥ 0`);
  else if (tile.geometricError > parentError) r.warnings.push(`${where}: geometricError ${tile.geometricError} is larger than its parent's ${parentError}`);
  if (tile.refine !== undefined && tile.refine !== 'ADD' && tile.refine !== 'REPLACE') r.errors.push(`${where}: refine must be "ADD" or "REPLACE", got ${JSON.stringify(tile.refine)}`);
  if (tile.transform !== undefined && !(Array.isArray(tile.transform) && tile.transform.length === 16 && tile.transform.every(Number.isFinite))) {
    r.errors.push(`${where}: transform must be 16 numbers`);
  }
  const contents = [...(tile.content ? [tile.content] : []), ...(tile.contents ?? [])];
  const implicit = tile.implicitTiling ?? tile.extensions?.['3DTILES_implicit_tiling'];
  if (implicit) {
    const templates = contents.map((c) => c.uri ?? (c as { url?: string }).url ?? '');
    const found = { errors: r.errors, tiles: 0, content: (file: string, cw: string) => checkContent(file, cw, r, opts, seen) };
    await checkImplicitTiling(implicit, templates, base, where, found);
    // The implicit root is the explicit tile counted above.
    r.tiles += Math.max(0, found.tiles - 1);
    return;
  }
  for (const [i, c] of contents.entries()) {
    const uri = c.uri ?? (c as { url?: string }).url;
    const cw = contents.length > 1 ? `${where}.contents[${i}]` : `${where}.content`;
    if (typeof uri !== 'string' || !uri) { r.errors.push(`${cw}: no uri`); continue; }
    if (isTemplate(uri)) { r.errors.push(`${cw}: ${uri} is a template of implicit tiling, but the tile has no implicitTiling`); continue; }
    if ('boundingVolume' in c && c.boundingVolume) checkBoundingVolume(c.boundingVolume, `${cw}.boundingVolume`, r);
    if (/^[a-z]+:/i.test(uri)) { r.warnings.push(`${cw}: ${uri} is remote and is not checked (the product serves its own files)`); continue; }
    const file = normalize(join(base, decodeURIComponent(uri.split(/[?#]/)[0])));
    const rel = relative(base, file);
    if (rel.startsWith('..') || isAbsolute(rel)) { r.warnings.push(`${cw}: ${uri} lies outside the tileset folder`); }
    await checkContent(file, cw, r, opts, seen);
  }
  for (const [i, child] of (tile.children ?? []).entries()) {
    await checkTile(child, `${where}.children[${i}]`, base, r, opts, seen, isNonNegative(tile.geometricError) ? tile.geometricError : Infinity);
  }
}

async function checkContent(file: string, at: string, r: TilesetReport, opts: ValidateTilesetOptions, seen: Set<string>): Promise<void> {
  let bytes: Buffer;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (opts.contents === 'exists' && !/\.json$/i.test(file)) {
      r.contents++;
      r.contentBytes += st.size;
      return;
    }
    bytes = await readFile(file);
  } catch {
    r.errors.push(`${at}: content file ${file} is missing`);
    return;
  }
  r.contents++;
  r.contentBytes += bytes.byteLength;
  const magic = bytes.subarray(0, 4).toString('latin1');
  if (magic === 'b3dm') {
    const glb = b3dmGlb(bytes, file, r, at);
    if (glb && opts.checkGltf !== false) await checkGlb(glb, file, at, r);
  } else if (magic === 'glTF') {
    if (opts.checkGltf !== false) await checkGlb(bytes, file, at, r);
  } else if (magic === 'i3dm' || magic === 'pnts' || magic === 'cmpt') {
    if (bytes.readUInt32LE(8) !== bytes.byteLength) r.errors.push(`${at}: ${file}: header byteLength ${bytes.readUInt32LE(8)} but the file has ${bytes.byteLength} bytes`);
  } else if (bytes[0] === 0x7b /* { */) {
    await checkTilesetFile(file, r, opts, seen, false);
  } else if (/\.osgb$/i.test(file)) {
    r.errors.push(`${at}: ${file} ${OSGB_ROUTE}`);
  } else {
    r.errors.push(`${at}: ${file} is not a known 3D Tiles content type (magic ${JSON.stringify(magic)})`);
  }
}

/** The GLB inside a batched-model tile, after checking its header. */
function b3dmGlb(b: Buffer, file: string, r: TilesetReport, at: string): Buffer | null {
  if (b.byteLength < 28) { r.errors.push(`${at}: ${file}: b3dm shorter than its 28-byte header`); return null; }
  const version = b.readUInt32LE(4);
  const length = b.readUInt32LE(8);
  if (version !== 1) r.errors.push(`${at}: ${file}: b3dm version ${version}, expected 1`);
  if (length !== b.byteLength) { r.errors.push(`${at}: ${file}: header byteLength ${length} but the file has ${b.byteLength} bytes`); return null; }
  const tables = b.readUInt32LE(12) + b.readUInt32LE(16) + b.readUInt32LE(20) + b.readUInt32LE(24);
  const start = 28 + tables;
  if (start >= b.byteLength) { r.errors.push(`${at}: ${file}: feature and batch tables run past the end of the file`); return null; }
  return b.subarray(start);
}

async function checkGlb(glb: Uint8Array, file: string, at: string, r: TilesetReport): Promise<void> {
  const report = await validateGlb(glb, file);
  if (report.errors > 0) r.errors.push(`${at}: ${file}: invalid glTF (${report.errors} errors): ${report.messages.slice(0, 3).join('; ')}`);
}

function checkBoundingVolume(bv: Tile['boundingVolume'], at: string, r: TilesetReport): void {
  if (!bv || typeof bv !== 'object') { r.errors.push(`${at}: missing`); return; }
  const kinds = (['box', 'region', 'sphere'] as const).filter((k) => bv[k] !== undefined);
  if (kinds.length === 0) { r.errors.push(`${at}: needs one of box, region or sphere`); return; }
  const [kind] = kinds;
  const v = bv[kind]!;
  const len = { box: 12, region: 6, sphere: 4 }[kind];
  if (!Array.isArray(v) || v.length !== len || !v.every(Number.isFinite)) { r.errors.push(`${at}.${kind}: must be ${len} numbers`); return; }
  if (kind === 'region') {
    const [w, s, e, n, lo, hi] = v;
    if (Math.abs(w) > Math.PI || Math.abs(e) > Math.PI || Math.abs(s) > Math.PI / 2 || Math.abs(n) > Math.PI / 2) {
      r.errors.push(`${at}.region: longitudes and latitudes are radians (|lon| ≤ π, |lat| ≤ π/2); these look like degrees`);
    }
    if (s > n) r.errors.push(`${at}.region: south ${s} is north of north ${n}`);
    if (lo > hi) r.errors.push(`${at}.region: minimum height ${lo} is above maximum ${hi}`);
  }
  if (kind === 'sphere' && v[3] < 0) r.errors.push(`${at}.sphere: radius is negative`);
}

function isNonNegative(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
