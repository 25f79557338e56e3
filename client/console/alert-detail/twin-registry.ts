/**
 * The twin registry as the console needs it: the manifest (devices, buildings) and the three
 * layers devices are drawn in. Read once per community per page, on the first detail that asks;
 * a community without a twin (404) is remembered as such.
 */
import type { TwinManifest } from '../../../twin-models/manifest/manifest-types.ts';
import type { FeatureCollection } from '../../../twin-models/manifest/manifest-types.ts';
import { ApiError, getJson } from '../../api/api-client.ts';
import { POSITION_LAYERS, type PositionLayer } from '../model/nearest-cameras.ts';

export interface ConsoleTwin {
  manifest: TwinManifest & { base: string };
  layers: Partial<Record<PositionLayer, FeatureCollection>>;
}

const cache = new Map<string, Promise<ConsoleTwin | null>>();

/** The community's twin, or null when it has none. Failures other than 404 are not cached. */
export function consoleTwin(community: string): Promise<ConsoleTwin | null> {
  let p = cache.get(community);
  if (!p) {
    p = load(community);
    cache.set(community, p);
    p.catch(() => cache.delete(community));
  }
  return p;
}

async function load(community: string): Promise<ConsoleTwin | null> {
  let manifest: ConsoleTwin['manifest'];
  try {
    manifest = await getJson(`/api/twins/${encodeURIComponent(community)}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
  const layers: ConsoleTwin['layers'] = {};
  await Promise.all(POSITION_LAYERS.map(async (name) => {
    const path = manifest.layers[name];
    if (path) layers[name] = await getJson<FeatureCollection>(`${manifest.base}${path.split('/').map(encodeURIComponent).join('/')}`);
  }));
  return { manifest, layers };
}
