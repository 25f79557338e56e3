/**
 * Where an alert's device is in the twin registry, and the cameras nearest to it. Pure functions
 * over the manifest (`GET /api/twins/:community`) and its GeoJSON layers, so they are tested
 * without a browser.
 */
import type { TwinManifest } from '../../../twin-models/manifest/manifest-types.ts';
import type { Feature, FeatureCollection } from '../../../twin-models/manifest/manifest-types.ts';
import { cameraOverride, type CameraOverride } from '../../video/camera-streams.ts';

/** WGS84 longitude and latitude, degrees. */
export type LonLat = [number, number];

/** The layers a device may be drawn in: cameras, walkway sensors, pipe sensors. */
export const POSITION_LAYERS = ['cameras', 'sensors', 'pipes'] as const;
export type PositionLayer = (typeof POSITION_LAYERS)[number];

export interface DevicePosition {
  at: LonLat;
  /** Where the position came from: a GIS feature, or the footprint of the building a BIM device is in. */
  source: 'feature' | 'building';
  /** The feature id or building id. */
  ref: string;
}

export interface NearCamera {
  id: string;
  /** The camera's name from its feature (`{ zh, en }` or text), if any. */
  name: { zh: string; en: string } | string | null;
  at: LonLat;
  /** Ground distance from the device, metres. */
  distanceM: number;
  /** The camera's own stream URLs from its feature (`properties.hls`, …; client/video/camera-streams.ts). */
  override: CameraOverride;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance between two WGS84 points, metres (haversine; heights are ignored). */
export function distanceM(a: LonLat, b: LonLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A representative point of a feature: the point itself, the middle vertex of a line, the mean of a polygon's outer ring. */
export function featurePoint(f: Feature): LonLat | null {
  const g = f.geometry;
  const pos = (c: unknown): LonLat | null =>
    Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' && Number.isFinite(c[0]) && Number.isFinite(c[1]) ? [c[0], c[1]] : null;
  switch (g?.type) {
    case 'Point': return pos(g.coordinates);
    case 'LineString': return Array.isArray(g.coordinates) && g.coordinates.length ? pos(g.coordinates[Math.floor(g.coordinates.length / 2)]) : null;
    case 'Polygon': return Array.isArray(g.coordinates?.[0]) ? centroidOf(g.coordinates[0]) : null;
    default: return null;
  }
}

/** Mean of a ring's vertices (the closing vertex, if repeated, counted once): good enough to measure from, at building scale. */
export function centroidOf(ring: readonly (readonly number[])[]): LonLat | null {
  const pts = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
  if (pts.length === 0) return null;
  let lon = 0;
  let lat = 0;
  for (const p of pts) { lon += p[0]; lat += p[1]; }
  return [lon / pts.length, lat / pts.length];
}

/**
 * Position of a device (the alert's `device` tag) in the twin:
 * 1. the manifest binds it to a GIS feature (a camera, a pipe node) → that feature;
 * 2. the manifest binds it to a BIM element of a building (smoke detector, emergency button) →
 *    the centre of the building's footprint;
 * 3. no binding, but a feature of a position layer has the device's id → that feature.
 * Null when the twin does not know the device.
 */
export function devicePosition(
  device: string,
  manifest: Pick<TwinManifest, 'devices' | 'buildings'>,
  layers: Partial<Record<PositionLayer, FeatureCollection>>,
): DevicePosition | null {
  const findFeature = (id: string): Feature | undefined => {
    for (const name of POSITION_LAYERS) {
      const f = layers[name]?.features.find((x) => x.properties?.id === id);
      if (f) return f;
    }
    return undefined;
  };
  const bound = manifest.devices.find((d) => d.id === device);
  if (bound && 'building' in bound.binding) {
    const b = manifest.buildings.find((x) => x.id === (bound.binding as { building: string }).building);
    const at = b?.footprint ? centroidOf(b.footprint) : null;
    if (b && at) return { at, source: 'building', ref: b.id };
  }
  const featureId = bound && 'feature' in bound.binding ? bound.binding.feature : device;
  const f = findFeature(featureId) ?? (featureId !== device ? findFeature(device) : undefined);
  const at = f ? featurePoint(f) : null;
  return f && at ? { at, source: 'feature', ref: f.properties.id } : null;
}

/** The `n` cameras (Point features of the cameras layer) nearest to `at`, nearest first. Default 3. */
export function nearestCameras(at: LonLat, cameras: FeatureCollection | undefined, n = 3): NearCamera[] {
  const out: NearCamera[] = [];
  for (const f of cameras?.features ?? []) {
    const p = featurePoint(f);
    if (!p) continue;
    const name = f.properties.name;
    out.push({ id: String(f.properties.id), name: typeof name === 'string' || (name && typeof name.zh === 'string') ? name : null, at: p, distanceM: distanceM(at, p), override: cameraOverride(f.properties) });
  }
  return out.sort((a, b) => a.distanceM - b.distanceM || a.id.localeCompare(b.id)).slice(0, n);
}

/**
 * The video link of a camera from the customer's URL template (the server's VIDEO_LINK_TEMPLATE;
 * `{camera}` and `{community}` are replaced, URL-encoded). Only absolute http(s) links to the
 * template's own host are produced: a template of another kind (`javascript:`, relative) gives
 * none, and so does an id that would leave the template's place in the URL (`..` as a path segment).
 * Null without a template.
 */
export function videoUrl(template: string | null | undefined, camera: string, community: string): string | null {
  // "." and ".." survive encodeURIComponent and, as a path segment, would walk up the template's path.
  if (!template || [camera, community].some((id) => id === '.' || id === '..')) return null;
  const fill = (c: string, k: string) => template.replaceAll('{camera}', c).replaceAll('{community}', k);
  const url = absoluteHttp(fill(encodeURIComponent(camera), encodeURIComponent(community)));
  const shape = absoluteHttp(fill('camera', 'community'));
  return url && shape && url.origin === shape.origin ? url.href : null;
}

/** The host camera links go to (`https://video.example`), or "none": shown on the console root for support. */
export function videoOrigin(template: string | null | undefined): string {
  const shape = template ? absoluteHttp(template.replaceAll('{camera}', 'camera').replaceAll('{community}', 'community')) : null;
  return shape ? shape.origin : 'none';
}

function absoluteHttp(s: string): URL | null {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}
