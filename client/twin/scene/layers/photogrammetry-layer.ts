/** The photogrammetry tileset (3D Tiles) under everything else; not pickable. */
import { Tile3DLayer } from '@deck.gl/geo-layers';
import { Tiles3DLoader } from '@loaders.gl/3d-tiles';
import type { TwinSceneData } from '../scene-data.ts';

/** Every loader runs on the main thread: nothing is fetched from a CDN. */
const WORKERS_OFF = { worker: false } as const;

/** The photogrammetry tileset of the twin, if it has one (a `buildings` tileset is not drawn in the overview). */
export function photogrammetryTileset(scene: TwinSceneData) {
  return scene.model.manifest.tilesets.find((t) => t.kind !== 'buildings');
}

/**
 * The tileset's layer, or null when the twin has none. `onTilesetLoad` is called once its root
 * tileset is in (the view's ready signal waits for it).
 */
export function photogrammetryLayer(scene: TwinSceneData, visible: boolean, onTilesetLoad: () => void): Tile3DLayer | null {
  const tileset = photogrammetryTileset(scene);
  if (!tileset) return null;
  return new Tile3DLayer({
    id: 'photogrammetry', data: scene.model.url(tileset.uri), loader: Tiles3DLoader, visible,
    loadOptions: { ...WORKERS_OFF, '3d-tiles': { loadGLTF: true } }, opacity: 1, pickable: false,
    onTilesetLoad,
  });
}
