/** `twin new <community> --origin lon,lat[,height]`: an empty twin folder bound to a community of the sites tree. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TwinManifest } from '../manifest/manifest-schema.ts';
import { communityPlace, readSitesTree, sitesFilePath } from './sites-tree.ts';
import { twinsDir, writeManifest } from './manifest-file.ts';

export interface NewTwinOptions {
  community: string;
  origin: { longitude: number; latitude: number; height: number };
  /** Twin folder (default TWINS_DIR/<community>). */
  dir?: string;
  sitesFile?: string;
  force?: boolean;
}

export interface NewTwinResult { dir: string; manifest: TwinManifest; notes: string[] }

export async function newTwin(opts: NewTwinOptions): Promise<NewTwinResult> {
  const sitesPath = sitesFilePath(opts.sitesFile);
  const place = communityPlace(readSitesTree(sitesPath), opts.community, sitesPath);
  const dir = opts.dir ?? join(twinsDir(), place.community.id);
  if (existsSync(join(dir, 'manifest.json')) && !opts.force) throw new Error(`twin: ${dir} already has a manifest.json (use --force to start it again)`);
  const notes: string[] = [];
  const p = (n: { id: string; name: { zh: string; en: string } }) => ({ id: n.id, name: { zh: n.name.zh, en: n.name.en || n.name.zh } });
  let neighbourhoods = place.neighbourhoods.map(p);
  if (neighbourhoods.length === 0) {
    // A twin needs at least one neighbourhood; a community without any in the tree is one as a whole.
    neighbourhoods = [{ id: `${place.community.id}-all`, name: { zh: `${place.community.name.zh}（全社区）`, en: `${place.community.name.en || place.community.name.zh} (whole community)` } }];
    notes.push(`the sites tree has no neighbourhoods under ${place.community.id}; the twin has one for the whole community ("${neighbourhoods[0].id}"), edit "community.neighbourhoods" to split it`);
  }
  const manifest: TwinManifest = {
    version: 1,
    community: { ...p(place.community), city: p(place.city), district: p(place.district), street: p(place.street), neighbourhoods },
    georef: { origin: opts.origin, datum: 'WGS84' },
    tilesets: [], buildings: [], layers: {}, devices: [],
  };
  await mkdir(dir, { recursive: true });
  await writeManifest(dir, manifest);
  return { dir, manifest, notes };
}
