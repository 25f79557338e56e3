/**
 * The names the cockpit answers to: the twin's layer toggles, its camera presets (the overview and
 * the guideline's nine scenes) and the cockpit's panels. Written once here so what describes the
 * cockpit as data (a demo tour, streams/tours/) and the cockpit itself agree.
 */

/** The layer toggles of the twin view, in panel order. */
export const TWIN_LAYERS = ['photogrammetry', 'buildings', 'parking', 'pipes', 'walkways', 'devices', 'alerts', 'facilities'] as const;
export type TwinLayerName = (typeof TWIN_LAYERS)[number];

/** The twin's camera presets (client/twin/camera/scene-presets.ts holds where each looks). */
export const SCENE_PRESET_KEYS = [
  'overview', 'governance', 'neighbourhood', 'liveable', 'mobility', 'health', 'education', 'innovation', 'vitality', 'safety',
] as const;
export type ScenePresetKey = (typeof SCENE_PRESET_KEYS)[number];

/** The cockpit's panels, as its grid areas are named (`area-<name>` in cockpit.css). */
export const COCKPIT_PANELS = ['scenes', 'progress', 'items', 'twin', 'energy', 'parking', 'pipes', 'env', 'services', 'alert-stats', 'alerts'] as const;
export type CockpitPanel = (typeof COCKPIT_PANELS)[number];
