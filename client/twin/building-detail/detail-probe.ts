/**
 * A window handle for browser tests and diagnostics (`window.__twinDetail`), installed only when
 * the detail is mounted with `probe`: WebGL memory and draw calls, how many contexts the detail has
 * created and lost, the load state, and where an element is on screen.
 */
export interface TwinDetailProbe {
  /** `renderer.info.memory` and the last frame's draw calls and triangles. */
  info(): { geometries: number; textures: number; programs: number; calls: number; triangles: number };
  /** WebGL contexts the detail created and lost since the page loaded. */
  contexts: { created: number; lost: number };
  /** Load state of the building shown: idle (closed), loading, ready or error. */
  status: string;
  /** Building id shown, or null when closed. */
  building: string | null;
  /** Elements the owner of the open building will free (0 when closed). */
  owned(): { geometries: number; materials: number; textures: number };
  /** Viewport pixel (CSS px) of the centre of the element's visible part, null when not shown. */
  project(globalId: string): { x: number; y: number } | null;
  /** True while the explode animation is still moving floors (an alarm pulse does not count). */
  animating(): boolean;
}

/** Shared state of the probe; the canvas fills in the renderer parts when it is created. */
export const probeState: TwinDetailProbe = {
  info: () => ({ geometries: 0, textures: 0, programs: 0, calls: 0, triangles: 0 }),
  contexts: { created: 0, lost: 0 },
  status: 'idle',
  building: null,
  owned: () => ({ geometries: 0, materials: 0, textures: 0 }),
  project: () => null,
  animating: () => false,
};

declare global {
  interface Window { __twinDetail?: TwinDetailProbe }
}

export function installProbe(on: boolean): void {
  if (on && typeof window !== 'undefined') window.__twinDetail = probeState;
}
