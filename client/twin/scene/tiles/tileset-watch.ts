/**
 * How the twin's tilesets are doing: each one's root (tileset.json) in or failed, its tiles loaded,
 * the deepest level of detail in memory, the GPU memory its tiles hold, and every failure with the
 * file that failed. The controller reads it for the ready signal (`data-twin-ready` is "1" once
 * every tileset has loaded what the first view asked for, "failed" when any tileset failed) and
 * the chrome shows the failures on screen. Failures are kept per file, at most MAX_PROBLEMS.
 */
import type { Tileset3D } from '@loaders.gl/tiles';

export interface TilesetProblem {
  /** Manifest id of the tileset. */
  tileset: string;
  /** The file that failed, as the page asked for it (path on this server). */
  url: string;
  message: string;
}

export interface TilesetSummary {
  id: string;
  state: 'loading' | 'ready' | 'failed';
  /** Tiles whose content is in memory now. */
  tilesLoaded: number;
  /** Deepest tree level (root 0) among tiles in memory; -1 before any. */
  deepestLevel: number;
  /** Deepest level among the tiles drawn in the last frame; -1 before any. */
  deepestSelected: number;
  /** GPU memory of the tiles in memory, MB. */
  memoryMb: number;
  /** The memory budget the tileset's cache keeps to, MB. */
  budgetMb: number;
}

/** Problems kept; beyond it the newest are dropped (the first ones say what is wrong). */
export const MAX_PROBLEMS = 20;

interface Entry { tileset: Tileset3D | null; failed: boolean; budgetMb: number }

export class TilesetWatch {
  readonly problems: TilesetProblem[] = [];
  private readonly entries = new Map<string, Entry>();
  private firstTile = false;

  /** `onChange`: a root came in, or something failed (the controller redraws and re-reads). */
  constructor(ids: readonly string[], budgetMb: number, private readonly onChange: () => void) {
    for (const id of ids) this.entries.set(id, { tileset: null, failed: false, budgetMb });
  }

  get ids(): string[] {
    return [...this.entries.keys()];
  }

  loaded(id: string, tileset: Tileset3D): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.tileset = tileset;
    this.onChange();
  }

  /** A tile's content came in; the first one of the twin leaves the `twin:first-tile` mark. */
  tileLoaded(): void {
    if (this.firstTile) return;
    this.firstTile = true;
    if (typeof performance !== 'undefined') performance.mark('twin:first-tile');
  }

  failed(id: string, rawUrl: string, message: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.failed = true;
    const url = pathOf(rawUrl);
    if (!this.problems.some((p) => p.tileset === id && p.url === url) && this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ tileset: id, url, message: message.slice(0, 300) });
    }
    this.onChange();
  }

  /**
   * True once every tileset has failed or has loaded every tile its last traversal asked for.
   * Hidden tilesets (`shown` false: a view opened with the layer off) are not waited for, since
   * they are not traversed.
   */
  settled(shown = true): boolean {
    if (!shown) return true;
    for (const e of this.entries.values()) if (!e.failed && !e.tileset?.isLoaded()) return false;
    return true;
  }

  hasProblems(): boolean {
    return this.problems.length > 0;
  }

  summary(): TilesetSummary[] {
    return [...this.entries].map(([id, e]) => {
      let tilesLoaded = 0;
      let deepestLevel = -1;
      let deepestSelected = -1;
      for (const t of (e.tileset?.tiles ?? []) as { depth: number; contentAvailable: boolean; selected: boolean }[]) {
        if (!t.contentAvailable) continue;
        tilesLoaded++;
        deepestLevel = Math.max(deepestLevel, t.depth);
        if (t.selected) deepestSelected = Math.max(deepestSelected, t.depth);
      }
      const state = e.failed ? 'failed' : e.tileset ? 'ready' : 'loading';
      return { id, state, tilesLoaded, deepestLevel, deepestSelected, memoryMb: (e.tileset?.gpuMemoryUsageInBytes ?? 0) / 2 ** 20, budgetMb: e.budgetMb };
    });
  }
}

/** The file part of a URL, decoded (a fetch and the tile loader name the same file in different ways). */
function pathOf(url: string): string {
  if (!url) return '';
  try {
    const u = new URL(url, typeof location === 'undefined' ? 'http://localhost/' : location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? decodeURIComponent(u.pathname) : url.slice(0, 120);
  } catch {
    return url.slice(0, 120);
  }
}
