/**
 * What a wall's carousel puts forward during the current view: a panel to highlight and a scene
 * of the guideline the items table shows. Set by the wall page (client/wall), read by the cockpit;
 * empty on an ordinary cockpit.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface WallFocus {
  /** PanelFrame id of the highlighted panel ('twin' for the stage). */
  panel?: string;
  /** Scene 1..9 the items table is filtered to. */
  scene?: number;
}

export const wallFocusStore = createStore<WallFocus>()(() => ({}));

export function useWallFocus<T>(selector: (f: WallFocus) => T): T {
  return useStore(wallFocusStore, selector);
}
