/** The layer toggles of the twin view: what the user can show and hide, in panel order. */

export const TWIN_LAYERS = ['photogrammetry', 'buildings', 'parking', 'pipes', 'walkways', 'devices', 'alerts', 'facilities'] as const;
export type TwinLayerName = (typeof TWIN_LAYERS)[number];

/** Which toggles are on. A hidden layer stays in the Deck with `visible: false`, keeping its buffers. */
export type LayerVisibility = Readonly<Record<TwinLayerName, boolean>>;

/** Every toggle on: how the twin opens. */
export const ALL_VISIBLE: LayerVisibility = Object.fromEntries(TWIN_LAYERS.map((n) => [n, true])) as Record<TwinLayerName, boolean>;

/** Visibility with exactly the named layers on. */
export function onlyLayers(names: readonly TwinLayerName[]): LayerVisibility {
  return Object.fromEntries(TWIN_LAYERS.map((n) => [n, names.includes(n)])) as Record<TwinLayerName, boolean>;
}
