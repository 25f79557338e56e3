/**
 * The server's own look at each twin's tilesets, once per manifest version: every tileset is
 * validated as `npm run twin -- tileset` does, but content files are only looked for, not read (a
 * survey of many GB is checked in seconds), implicit subtrees followed. What is wrong goes with the
 * twin's manifest (`tilesetProblems`, so the page shows it before a tile is asked for) and, as a
 * count, into `/api/health`.
 */
import { join, relative, sep } from 'node:path';
import { validateTileset } from '../../twin-models/import/tiles/validate-tileset.ts';
import type { TwinManifest } from '../../twin-models/manifest/manifest-types.ts';

export interface TilesetProblemReport {
  /** Manifest id of the tileset. */
  tileset: string;
  /** The file at fault, relative to the twin folder, when the problem names one. */
  file?: string;
  message: string;
}

/** Problems kept per tileset: the first say what is wrong. */
export const MAX_PROBLEMS_PER_TILESET = 20;

interface Entry { mtimeMs: number; problems: TilesetProblemReport[] | null; checking: Promise<void> }

export class TilesetHealth {
  private readonly byCommunity = new Map<string, Entry>();

  constructor(private readonly twinsDir: string) {}

  /** Starts checking a twin's tilesets unless this version of its manifest is checked or being checked. */
  check(community: string, manifest: TwinManifest, mtimeMs: number): Promise<void> {
    const hit = this.byCommunity.get(community);
    if (hit && hit.mtimeMs === mtimeMs) return hit.checking;
    const entry: Entry = { mtimeMs, problems: null, checking: Promise.resolve() };
    entry.checking = this.run(community, manifest).then(
      (problems) => { entry.problems = problems; },
      (e: unknown) => { entry.problems = [{ tileset: '', message: `tilesets could not be checked: ${(e as Error).message}` }]; },
    );
    this.byCommunity.set(community, entry);
    return entry.checking;
  }

  /** The problems found for a twin; null while its check runs (or before one). */
  problems(community: string): TilesetProblemReport[] | null {
    return this.byCommunity.get(community)?.problems ?? null;
  }

  /** For /api/health: problems over every twin, and twins still being checked. */
  summary(): { tilesetProblems: number; checking: number } {
    let tilesetProblems = 0, checking = 0;
    for (const e of this.byCommunity.values()) {
      if (e.problems === null) checking++;
      else tilesetProblems += e.problems.length;
    }
    return { tilesetProblems, checking };
  }

  private async run(community: string, manifest: TwinManifest): Promise<TilesetProblemReport[]> {
    const dir = join(this.twinsDir, community);
    const out: TilesetProblemReport[] = [];
    for (const t of manifest.tilesets) {
      const r = await validateTileset(join(dir, t.uri), { checkGltf: false, contents: 'exists' });
      for (const e of r.errors.slice(0, MAX_PROBLEMS_PER_TILESET)) {
        // Paths are answered relative to the twin folder: the server's own folders are not the page's business.
        const file = /(\/\S+?\.[A-Za-z0-9]+)(?=[:\s]|$)/.exec(e)?.[1];
        const rel = file?.startsWith(dir + sep) ? relative(dir, file).split(sep).join('/') : undefined;
        out.push({ tileset: t.id, ...(rel ? { file: rel } : {}), message: e.split(dir + sep).join('') });
      }
    }
    return out;
  }
}
