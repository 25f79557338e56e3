/** The layer toggles of the twin view: what the user can show and hide, in panel order. */
import { TWIN_LAYERS, type TwinLayerName } from '../../../streams/cockpit-vocabulary.ts';

export { TWIN_LAYERS, type TwinLayerName };

/** Which toggles are on. A hidden layer stays in the Deck with `visible: false`, keeping its buffers. */
export type LayerVisibility = Readonly<Record<TwinLayerName, boolean>>;

/** Every toggle on: how the twin opens. */
export const ALL_VISIBLE: LayerVisibility = Object.fromEntries(TWIN_LAYERS.map((n) => [n, true])) as Record<TwinLayerName, boolean>;

/** Visibility with exactly the named layers on. */
export function onlyLayers(names: readonly TwinLayerName[]): LayerVisibility {
  return Object.fromEntries(TWIN_LAYERS.map((n) => [n, names.includes(n)])) as Record<TwinLayerName, boolean>;
}
