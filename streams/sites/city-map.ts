/**
 * The answer of `GET /api/map?node=<id>` (docs/api.md): the geometry the cockpit's city map draws
 * for one node of the tree. Server and client share this shape; coordinates are WGS 84
 * longitude/latitude in degrees, rounded to 5 decimals (about 1 m).
 */
import type { Level } from '../hierarchy.ts';

export type LonLat = [number, number];
/** One polygon: its outer ring first, then its holes; each ring closed (first point = last). */
export type MapPolygon = LonLat[][];

/**
 * How a feature's place was found: its own boundary, its twin's origin (or, for a neighbourhood,
 * the middle of its buildings in the twin), or a schematic spot inside the nearest area that has
 * geometry, deterministic per id and spread so points do not overlap (位置示意).
 */
export type MapPlacement = 'boundary' | 'twin' | 'schematic';

export interface MapFeature {
  id: string;
  level: Level;
  name: { zh: string; en: string };
  placed: MapPlacement;
  /** Where the label and the point go: inside the boundary when there is one. */
  position: LonLat;
  /** Polygons of the place's own boundary (a MultiPolygon gives several), simplified; only when placed 'boundary'. */
  boundary?: MapPolygon[];
}

export interface MapAnswer {
  node: { id: string; level: Level; name: { zh: string; en: string } };
  /**
   * The outline drawn under the children: the node's own boundary, else its nearest ancestor's
   * (`of` says whose); null when no place above has one.
   */
  outline: { of: string; polygons: MapPolygon[] } | null;
  /** The box the view fits, [west, south, east, north] degrees: the node's area and all its children. */
  bounds: [number, number, number, number];
  /** One per child of the node, in the tree's order. */
  children: MapFeature[];
  /** The registry revision and tree version the answer was computed for. */
  revision: string;
}
