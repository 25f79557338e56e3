/**
 * Display profiles: how a wall screen shows the cockpit, as administrators define them
 * (`/api/admin/displays`) and as the wall page reads them (`/display/<id>`), and the heartbeat a
 * screen sends so the admin page can list what every wall is doing.
 */
import type { Level } from './hierarchy.ts';

/** The cockpit's grid arrangements (client/app/cockpit.css); `auto` picks one from the aspect ratio. */
export const DISPLAY_LAYOUTS = ['auto', '16x9', '32x9', '48x9'] as const;
export type DisplayLayout = (typeof DISPLAY_LAYOUTS)[number];

/**
 * How the design (120 × 67.5 rem for 16:9, 240 or 360 rem wide for the wider layouts) meets the
 * screen: `fit` the whole design on screen, `fill-width` or `fill-height` one side exactly, or
 * `native` 1 rem = 16 CSS pixels whatever the screen (LED walls whose pixels are best not scaled).
 */
export const DISPLAY_SCALES = ['fit', 'fill-width', 'fill-height', 'native'] as const;
export type DisplayScale = (typeof DISPLAY_SCALES)[number];

export const DISPLAY_LANGS = ['zh', 'en'] as const;
export type DisplayLang = (typeof DISPLAY_LANGS)[number];

/** Panels a view may feature (the PanelFrame ids of the cockpit). */
export const DISPLAY_PANELS = [
  'scenes', 'progress', 'items', 'rankings', 'twin', 'energy', 'parking', 'pipes', 'environment', 'services', 'alert-stats', 'alerts',
] as const;
export type DisplayPanel = (typeof DISPLAY_PANELS)[number];

/** One step of a display's carousel. */
export interface DisplayView {
  /** Node watched during the view; default the profile's node. Must lie in the display token's scope. */
  node?: string;
  /**
   * A level of the tree below the view's node: the view turns through each node at that level
   * under it (a street's communities), `durationS` each.
   */
  level?: Level;
  /** Panel highlighted during the view. Default none. */
  panel?: DisplayPanel;
  /** Scene of the guideline (1..9) the items table is filtered to during the view. Default none. */
  scene?: number;
  /** Time the view stays on screen, seconds (5 … 3600; tests may use 1). */
  durationS: number;
}

/** What makes the wall page reload itself, and when its panels count as stale. */
export interface DisplayWatchdog {
  /** Reload after this long without an animation frame, seconds. Default 60. */
  noFrameS: number;
  /** Reload once the JS heap in use passes this, MB (where the browser reports it). Default 1536. */
  heapLimitMb: number;
  /** A panel is stale once its data is older than this many times its families' reporting interval. Default 3. */
  staleFactor: number;
  /** Or, when set, older than this many seconds whatever the family (short walls, tests). Default none. */
  staleAfterS: number | null;
  /** Say the clock drifts when it differs from the server's by more than this, seconds. Default 5. */
  maxDriftS: number;
}

export const DEFAULT_WATCHDOG: DisplayWatchdog = { noFrameS: 60, heapLimitMb: 1536, staleFactor: 3, staleAfterS: null, maxDriftS: 5 };

export interface DisplayProfile {
  /** Lower-case letters, digits and dashes; the page is `/display/<id>`. */
  id: string;
  name: string;
  /** The display token the wall signs in with (its id, not its secret). */
  tokenId: string;
  /** The node the wall shows; default the token's bound node. */
  node: string;
  layout: DisplayLayout;
  lang: DisplayLang;
  scale: DisplayScale;
  /** The carousel; empty: the profile's node stays on screen. */
  views: DisplayView[];
  /** Hide the mouse pointer after this long without a move, seconds; null never hides it. Default 5. */
  hideCursorS: number | null;
  watchdog: DisplayWatchdog;
  createdAt: number;
  updatedAt: number;
}

/** Why a wall page reloaded itself. */
export const RELOAD_REASONS = ['webgl-context-lost', 'no-frame', 'heap', 'error', 'rejection'] as const;
export type ReloadReason = (typeof RELOAD_REASONS)[number];

/** `POST /api/displays/:id/heartbeat`: what a wall page reports, every 30 s and before it reloads. */
export interface DisplayHeartbeat {
  /** The page's build version. */
  version: string;
  /** Screen size in device pixels. */
  width: number;
  height: number;
  /** JS heap in use, MB; null where the browser does not report it. */
  heapMb: number | null;
  /** Times the page reloaded itself since the screen was switched on (kept in sessionStorage). */
  reloads: number;
  /** Why it reloads now (sent just before), or why it last reloaded. */
  reloadReason: ReloadReason | null;
  /** A line about the cause (an error's message), clipped to 500 characters. */
  reloadDetail?: string;
  /** True when this heartbeat is sent just before a reload. */
  reloading?: boolean;
}

/** A display as the admin page lists it: the profile and what its screen last reported. */
export interface DisplayStatus {
  profile: DisplayProfile;
  lastSeenAt: number | null;
  version: string | null;
  width: number | null;
  height: number | null;
  heapMb: number | null;
  reloads: number;
  lastReloadReason: ReloadReason | null;
  lastReloadDetail: string | null;
  lastReloadAt: number | null;
}
