/**
 * What tests and the benchmark read from the page (`window.__twin`), installed by the controller.
 * The controller also leaves performance marks: `twin:model-loaded`, `twin:tileset-loaded` (the
 * first tileset root in), `twin:first-tile` and `twin:ready` (the first full frame).
 */
import type { MapViewState } from '@deck.gl/core';
import type { PickedObject } from './picking.ts';
import type { TilesetProblem, TilesetSummary } from './tiles/tileset-watch.ts';
import type { BimShellSummary } from './bim/bim-shells.ts';

export interface TwinProbe {
  /**
   * True once the twin's first full frame (model and every tileset's first view in) was drawn; also
   * `data-twin-ready="1"` on the canvas host. False again, with `data-twin-ready="failed"`, when a
   * tileset or a tile failed to load.
   */
  ready: boolean;
  /** Each drawn tileset: loading, ready or failed, tiles in memory, the deepest level loaded and drawn, memory. */
  tilesets(): TilesetSummary[];
  /** What failed to load (at most MAX_PROBLEMS), with the file. */
  tileProblems(): TilesetProblem[];
  /**
   * The buildings drawn as their BIM shell instead of their massing (pending changes applied first),
   * those loading, failed, triangles and bytes shown, shells released so far, how many buildings
   * have a shell (`candidates`), the shell layers deck.gl still holds (0 once all are released) and
   * the buildings whose massing is filtered out meanwhile.
   */
  bimShells(): BimShellSummary & { candidates: number; layersHeld: number; massingHidden: string[] };
  /** The view the camera is at or flying to. */
  viewState(): MapViewState;
  /** Main-thread ms spent applying each live revision to the layers, in the frame that applied it (bounded ring, newest last). */
  applyMs: number[];
  /** Main-thread ms deck.gl spent drawing each frame (its layers' draw calls handed to WebGL; bounded ring, newest last). */
  drawMs: number[];
  /** Camera flights so far (presets, fly-to, new critical alerts). */
  flights: number;
  /** The object under a point of the canvas, px. */
  pick(x: number, y: number): PickedObject | null;
  /** Screen position of a building's roof centre, px. */
  project(id: string): [number, number] | null;
  /** Visible layers and how many objects each draws, by layer id (pending changes applied first). */
  layerCounts(): Record<string, number>;
}

declare global { interface Window { __twin?: TwinProbe } }

/** Most entries `applyMs` keeps; beyond it the older half goes. */
export const APPLY_MS_KEPT = 2000;
