/**
 * What the view's React chrome shows (status, layer toggles, the picked object, compass and
 * scale), as a zustand vanilla store the controller writes and the shell reads in slices: the
 * controller has no React, and a camera move re-renders the compass, not the view.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PickedObject } from './picking.ts';
import type { TwinSceneData } from './scene-data.ts';
import { ALL_VISIBLE, type LayerVisibility } from './layer-names.ts';
import type { TilesetProblem } from './tiles/tileset-watch.ts';

export interface TwinChromeState {
  /** The twin model being drawn; null while it loads (or failed to). */
  scene: TwinSceneData | null;
  /** Why the twin could not be loaded (`twin: …`), or null. */
  error: string | null;
  /** Tilesets or tiles that failed to load, shown on screen over the twin. */
  tileProblems: TilesetProblem[];
  visible: LayerVisibility;
  /** The object whose card is open, or null. */
  picked: PickedObject | null;
  /** Camera bearing, degrees clockwise from north. */
  bearing: number;
  /** Ground metres that 100 px cover at the view's centre (0 before the first view). */
  metresPer100px: number;
}

export type TwinChrome = StoreApi<TwinChromeState>;

export function createChrome(): TwinChrome {
  return createStore<TwinChromeState>()(() => ({
    scene: null, error: null, tileProblems: [], visible: ALL_VISIBLE, picked: null, bearing: 0, metresPer100px: 0,
  }));
}
