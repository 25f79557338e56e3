/**
 * Serves community twins: `/api/twins` lists them, `/api/twins/:community` gives a manifest, and
 * `/twins/:community/…` serves its files (GLB, tiles, GeoJSON) to the browser. A twin folder that
 * is regenerated is picked up on the next request (the manifest's mtime is checked). Each version
 * of a manifest has its tilesets checked once (tileset-health.ts): what is wrong is answered with
 * the manifest and counted in `/api/health`.
 */
import { accessOf } from '../access/guard.ts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadTwin, TwinManifestError, type LoadedTwin } from '../../twin-models/manifest/load-twin.ts';
import { TilesetHealth } from './tileset-health.ts';

interface Entry { twin: LoadedTwin; mtimeMs: number }

export interface TwinCatalog {
  router: Router;
  /** Twins by community id, as loaded now. */
  get(community: string): Promise<LoadedTwin | undefined>;
  /** Tileset problems over every twin loaded so far, and twins whose tilesets are still being checked. */
  health(): { tilesetProblems: number; checking: number };
}

/** How long the manifest's answer waits for its tileset check; a longer check is answered on a later request. */
const CHECK_WAIT_MS = 2000;

const CONTENT_TYPES: Record<string, string> = { '.glb': 'model/gltf-binary', '.b3dm': 'application/octet-stream', '.geojson': 'application/geo+json', '.ifc': 'application/x-step' };

export function twinCatalog(twinsDir: string): TwinCatalog {
  const cache = new Map<string, Entry>();
  const problems = new Map<string, string>();
  const tilesets = new TilesetHealth(twinsDir);

  const get = async (community: string): Promise<LoadedTwin | undefined> => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/.test(community)) return undefined;
    const manifest = join(twinsDir, community, 'manifest.json');
    if (!existsSync(manifest)) return undefined;
    const mtimeMs = statSync(manifest).mtimeMs;
    const hit = cache.get(community);
    if (hit && hit.mtimeMs === mtimeMs) return hit.twin;
    try {
      const twin = await loadTwin(join(twinsDir, community));
      cache.set(community, { twin, mtimeMs });
      void tilesets.check(community, twin.manifest, mtimeMs);
      problems.delete(community);
      return twin;
    } catch (e) {
      const raw = e instanceof TwinManifestError ? e.message : `twins: ${community}: ${(e as Error).message}`;
      // Answered to browsers: the server's own folders are named by their setting, not their path.
      const message = raw.split(twinsDir).join('$TWINS_DIR');
      if (problems.get(community) !== message) console.warn(message);
      problems.set(community, message);
      return undefined;
    }
  };

  const router = Router();
  router.get('/api/twins', async (req, res) => {
    const { scope } = accessOf(req);
    const ids = existsSync(twinsDir) ? readdirSync(twinsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).filter((id) => scope.includes(id)) : [];
    const twins = [];
    for (const id of ids) {
      const twin = await get(id);
      if (twin) {
        const m = twin.manifest;
        twins.push({ community: m.community.id, name: m.community.name, georef: m.georef, buildings: m.buildings.length, devices: m.devices.length, base: `/twins/${encodeURIComponent(id)}/`, tilesetProblems: tilesets.problems(id)?.length ?? null });
      }
    }
    res.json({ twins, problems: Object.fromEntries([...problems].filter(([id]) => scope.includes(id))) });
  });
  router.get('/api/twins/:community', async (req, res) => {
    const twin = await get(req.params.community);
    if (!twin) {
      const problem = problems.get(req.params.community);
      res.status(problem ? 500 : 404).json({ error: problem ?? `twins: no twin for community ${JSON.stringify(req.params.community)} (generate the demo with npm run twin -- demo)` });
      return;
    }
    const id = req.params.community;
    await Promise.race([tilesets.check(id, twin.manifest, cache.get(id)!.mtimeMs), sleep(CHECK_WAIT_MS)]);
    res.json({ ...twin.manifest, base: `/twins/${encodeURIComponent(id)}/`, tilesetProblems: tilesets.problems(id) });
  });
  router.use('/twins', express.static(twinsDir, {
    dotfiles: 'deny',
    index: false,
    // A folder is not a file here; its redirect would be an HTML page, so it falls to the JSON 404.
    redirect: false,
    maxAge: '1h',
    setHeaders: (res, path) => {
      const ext = path.slice(path.lastIndexOf('.'));
      if (CONTENT_TYPES[ext]) res.setHeader('Content-Type', CONTENT_TYPES[ext]);
    },
  }));
  router.use('/twins', (req, res) => { res.status(404).json({ error: `twins: no file ${JSON.stringify(req.path)}` }); });
  return { router, get, health: () => tilesets.summary() };
}
