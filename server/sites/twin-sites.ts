/**
 * Twins enter the tree: a twin folder whose community is in the registry links it (the
 * community's `twin` field, when empty) and adds its neighbourhoods as overlays, so an imported
 * twin shows in the hierarchy without editing the sites file. A twin whose community the registry
 * does not know is reported, naming the folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST } from '../../twin-models/manifest/manifest-schema.ts';
import type { SiteRecord } from '../../streams/sites/site-record.ts';
import type { SitesRegistry } from './sites-registry.ts';

export interface TwinSite {
  /** The folder under TWINS_DIR (default: the community id, as the twin routes serve it). */
  folder?: string;
  community: string;
  neighbourhoods?: { id: string; name: { zh: string; en: string } }[];
  /** Its buildings' floor area (m²) and households, for the community facts. */
  buildings?: { neighbourhood: string; floorAreaM2: number; households: number }[];
}

export interface TwinSitesResult {
  /** Communities whose twin field was set now. */
  linked: string[];
  /** Neighbourhood ids added as overlays. */
  overlaid: string[];
  warnings: string[];
}

export function twinSites(twins: readonly TwinSite[], registry: SitesRegistry): TwinSitesResult {
  const result: TwinSitesResult = { linked: [], overlaid: [], warnings: [] };
  for (const t of twins) {
    const folder = t.folder ?? t.community;
    const community = registry.get(t.community);
    if (!community) {
      result.warnings.push(`twins: folder "${folder}" is the twin of community "${t.community}", which is not in the sites registry; it is left out of the tree (add the community, or correct community.id in its manifest.json)`);
      continue;
    }
    if (community.level !== 'community') {
      result.warnings.push(`twins: folder "${folder}" names "${t.community}" as its community, but that place is a ${community.level}; it is left out of the tree`);
      continue;
    }
    if (registry.isStored(community.id)) {
      if (!community.twin) {
        // The community keeps its source: the twin only fills in where its folder is.
        registry.update(community.id, { twin: folder }, 'twins', { source: community.source });
        result.linked.push(community.id);
      } else if (community.twin !== folder) {
        result.warnings.push(`twins: folder "${folder}" is a twin of community "${t.community}", which already has the twin folder "${community.twin}"; the registry keeps "${community.twin}"`);
      }
    }
    const records: SiteRecord[] = (t.neighbourhoods ?? [])
      .filter((n) => !registry.isStored(n.id))
      .map((n) => ({ id: n.id, level: 'neighbourhood', parent: community.id, code: null, name: n.name }));
    if (records.length === 0) continue;
    const { added, problems } = registry.overlay(records, 'twin');
    result.overlaid.push(...added);
    for (const p of problems) result.warnings.push(`twins: folder "${folder}": ${p}`);
  }
  return result;
}

/** Reads each twin folder's manifest (community, neighbourhoods and building sizes); a bad one is a warning. */
export function readTwinFolders(twinsDir: string): { twins: TwinSite[]; warnings: string[] } {
  const twins: TwinSite[] = [];
  const warnings: string[] = [];
  if (!existsSync(twinsDir)) return { twins, warnings };
  if (!statSync(twinsDir).isDirectory()) return { twins, warnings: [`twins: TWINS_DIR ${twinsDir} is not a folder; no twin enters the tree`] };
  for (const d of readdirSync(twinsDir, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name.startsWith('.')) continue;
    const path = join(twinsDir, d.name, 'manifest.json');
    if (!existsSync(path)) continue;
    try {
      const parsed = MANIFEST.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success) { warnings.push(`twins: folder "${d.name}": manifest.json is not valid (${parsed.error.issues[0]?.path.join('.') || '(top)'}: ${parsed.error.issues[0]?.message}); it is left out of the tree`); continue; }
      const c = parsed.data.community;
      twins.push({
        folder: d.name, community: c.id, neighbourhoods: c.neighbourhoods.map((n) => ({ id: n.id, name: n.name })),
        buildings: parsed.data.buildings.map((b) => ({ neighbourhood: b.neighbourhood, floorAreaM2: b.floorAreaM2, households: b.households })),
      });
    } catch (e) {
      warnings.push(`twins: folder "${d.name}": manifest.json cannot be read (${(e as Error).message}); it is left out of the tree`);
    }
  }
  return { twins, warnings };
}
