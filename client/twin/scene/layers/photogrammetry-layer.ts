/**
 * The twin's 3D Tiles tilesets (terrain and photogrammetry blocks) under everything else, one
 * deck.gl Tile3DLayer each, terrain first; not pickable. A `buildings` tileset is not drawn in the
 * overview (the massing and the BIM are).
 *
 * Every decoder comes from this server (tiles/tile-decoders.ts) and every request stays on it
 * (tiles/local-fetch.ts); what fails is told to the tileset watch, which the ready signal and the
 * on-screen status read. Levels of detail refine down to MAX_SCREEN_SPACE_ERROR px within a
 * memory budget shared by the twin's tilesets.
 */
import { Tile3DLayer } from '@deck.gl/geo-layers';
import { Tiles3DLoader } from '@loaders.gl/3d-tiles';
import type { LoaderContext } from '@loaders.gl/loader-utils';
import type { TwinSceneData } from '../scene-data.ts';
import { LOCAL_DECODER_OPTIONS } from '../tiles/tile-decoders.ts';
import { localFetch } from '../tiles/local-fetch.ts';
import type { TilesetWatch } from '../tiles/tileset-watch.ts';

/**
 * Screen-space error, px, above which a tile gives way to its children (Cesium's default). The
 * loaders.gl default of 8 loads about four times the tiles for a difference a wall does not show.
 */
export const MAX_SCREEN_SPACE_ERROR = 16;
/** GPU memory, MB, the twin's tilesets may hold together; past it refinement stops short of the finest level. */
export const TILES_MEMORY_BUDGET_MB = 384;

type ManifestTileset = TwinSceneData['model']['manifest']['tilesets'][number];

/** The tilesets the overview draws, terrain first, then in manifest order. */
export function drawnTilesets(scene: TwinSceneData): ManifestTileset[] {
  const drawn = scene.model.manifest.tilesets.filter((t) => t.kind !== 'buildings');
  return [...drawn.filter((t) => t.kind === 'terrain'), ...drawn.filter((t) => t.kind !== 'terrain')];
}

/** One tileset's layer. */
export function tilesetLayer(scene: TwinSceneData, tileset: ManifestTileset, visible: boolean, watch: TilesetWatch): Tile3DLayer {
  const budgetMb = TILES_MEMORY_BUDGET_MB / Math.max(1, watch.ids.length);
  const url = scene.model.url(tileset.uri);
  return new Tile3DLayer({
    id: `tileset-${tileset.id}`, data: url, loader: watchedLoader(tileset.id, watch), visible, opacity: 1, pickable: false,
    loadOptions: {
      // Draco and Basis decode in workers served from here (tile-decoders.ts), never from a CDN.
      core: { worker: true, fetch: localFetch((u, message) => watch.failed(tileset.id, u, message)) },
      ...LOCAL_DECODER_OPTIONS,
      '3d-tiles': { loadGLTF: true },
      tileset: {
        maximumScreenSpaceError: MAX_SCREEN_SPACE_ERROR,
        maximumMemoryUsage: budgetMb * 0.8,
        memoryCacheOverflow: budgetMb * 0.2,
        memoryAdjustedScreenSpaceError: true,
      },
    },
    onTilesetLoad: (ts) => watch.loaded(tileset.id, ts),
    onTileLoad: () => watch.tileLoaded(),
    onTileError: (tile, message, tileUrl) => watch.failed(tileset.id, tileUrl || tile.contentUrl || url, message),
  });
}

/**
 * Tiles3DLoader, telling the watch when a tileset.json cannot be read (deck.gl loads the root
 * without a catch: the failure would otherwise go unseen). Tiles use the plain loader.
 */
function watchedLoader(id: string, watch: TilesetWatch): typeof Tiles3DLoader {
  return {
    ...Tiles3DLoader,
    parse: async (data: ArrayBuffer, options?: Parameters<typeof Tiles3DLoader.parse>[1], context?: LoaderContext) => {
      try {
        return await Tiles3DLoader.parse(data, options, context);
      } catch (e) {
        watch.failed(id, context?.url ?? '', `not a readable tileset (${(e as Error).message})`);
        throw e;
      }
    },
  } as typeof Tiles3DLoader;
}
