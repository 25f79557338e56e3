/**
 * What the wall page knows about itself, for its status line: the carousel's position, the
 * clock's offset from the server's, and a reload under way. Written by the carousel, the
 * heartbeat and the watchdog; read by the status line.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ReloadReason } from '../../streams/displays.ts';

export interface WallState {
  /** Carousel step shown (0-based) and the number of steps; count 0 or 1: no carousel. */
  step: number;
  steps: number;
  /** Server clock minus this one, ms (NaN until measured). */
  clockOffsetMs: number;
  /** Why the page is reloading itself, once the watchdog tripped. */
  reloading: ReloadReason | null;
  /** Reloads of this tab since it was opened. */
  reloads: number;
}

export const wallState = createStore<WallState>()(() => ({ step: 0, steps: 0, clockOffsetMs: NaN, reloading: null, reloads: 0 }));

export function useWallState<T>(selector: (s: WallState) => T): T {
  return useStore(wallState, selector);
}
