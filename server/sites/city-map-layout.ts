/**
 * What `GET /api/map` answers for a node: its outline and one feature per child, placed by its
 * boundary, its twin, or schematically (map-geometry.ts). A place without geometry gets a small
 * schematic area of its own around its spot, so drilling into a street zooms to where its
 * communities were drawn and they spread inside it. Layouts and encoded answers are computed once
 * per tree (the registry's revision and the hierarchy's version): a city read is not recomputed.
 */
import { gzipSync } from 'node:zlib';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import type { LonLat, MapAnswer, MapFeature, MapPolygon } from '../../streams/sites/city-map.ts';
import type { TwinManifest } from '../../twin-models/manifest/manifest-types.ts';
import type { SitesRegistry } from './sites-registry.ts';
import {
  boundsOfPolygons, boundsOfRegion, labelPoint, polygonsOf, pointCount, round5, schematicPositions, simplifyPolygons, unionBounds,
  type Bounds, type PlacementRegion,
} from './map-geometry.ts';

export interface CityMapOptions {
  sites: SitesRegistry;
  /** The twin manifest of a twin folder, if it loads. */
  twinManifest(folder: string): Promise<TwinManifest | undefined>;
}

/** One answer, encoded once: the JSON and its gzip. */
export interface EncodedAnswer {
  json: Buffer;
  gzip: Buffer;
}

interface Layout {
  node: HierarchyNode;
  /** Where the node's children are placed. */
  region: PlacementRegion;
  outline: MapAnswer['outline'];
  children: MapFeature[];
  /** Spacing of the schematic children, degrees: the size of each one's own area. */
  spacingDeg: number;
}

/** Finest simplification, degrees (≈ 30 m): the shipped boundaries are quantized at 1/1024° anyway. */
const MIN_SIMPLIFY_DEG = 0.0003;
/** A community with a twin, without a boundary: its area is drawn this far around the twin's origin (≈ 550 m). */
const TWIN_RADIUS_DEG = 0.005;
/** Where a tree with no geometry at all is drawn schematically: around Chongqing's centre. */
const DEFAULT_REGION: PlacementRegion = { polygons: [], circle: { centre: [106.55, 29.56], radiusDeg: 0.25 } };
/** Encoded answers kept per tree; the tree has 12,000 places, a wall asks for a handful. */
const ANSWERS_KEPT = 256;

export class CityMapLayouts {
  private key = '';
  private layouts = new Map<string, Promise<Layout>>();
  private answers = new Map<string, Promise<EncodedAnswer>>();
  private outlines = new Map<string, MapPolygon[] | null>();

  constructor(private readonly opts: CityMapOptions) {}

  /** The encoded answer for a known node (the route checks that it is known). */
  answer(id: string): Promise<EncodedAnswer> {
    this.checkRevision();
    let hit = this.answers.get(id);
    if (hit) {
      // Most recently used last, so the oldest is dropped first.
      this.answers.delete(id);
      this.answers.set(id, hit);
      return hit;
    }
    hit = this.answerOf(id).then((a) => {
      const json = Buffer.from(JSON.stringify(a));
      return { json, gzip: gzipSync(json, { level: 6 }) };
    });
    hit.catch(() => this.answers.delete(id));
    this.answers.set(id, hit);
    while (this.answers.size > ANSWERS_KEPT) this.answers.delete(this.answers.keys().next().value!);
    return hit;
  }

  /** The registry revision and tree version the cached answers belong to. */
  get revision(): string {
    return `${this.opts.sites.revision}.${this.opts.sites.hierarchy().version}`;
  }

  private checkRevision(): void {
    const key = this.revision;
    if (key === this.key) return;
    this.key = key;
    this.layouts.clear();
    this.answers.clear();
    this.outlines.clear();
  }

  private async answerOf(id: string): Promise<MapAnswer> {
    const layout = await this.layout(id);
    let bounds: Bounds | null = boundsOfRegion(layout.region);
    for (const c of layout.children) {
      bounds = unionBounds(bounds, c.boundary ? boundsOfPolygons(c.boundary) : [c.position[0], c.position[1], c.position[0], c.position[1]]);
    }
    const b = bounds ?? boundsOfRegion(DEFAULT_REGION)!;
    const n = layout.node;
    // Outlines are simplified for the view they are seen in: about a pixel of a 2000-pixel map.
    const tolerance = Math.max(MIN_SIMPLIFY_DEG, Math.max(b[2] - b[0], b[3] - b[1]) / 2000);
    const simplify = (p: MapPolygon[]) => simplifyPolygons(p, tolerance);
    return {
      node: { id: n.id, level: n.level, name: n.name },
      outline: layout.outline && { of: layout.outline.of, polygons: simplify(layout.outline.polygons) },
      bounds: [round5(b[0]), round5(b[1]), round5(b[2]), round5(b[3])],
      children: layout.children.map((c) => (c.boundary ? { ...c, boundary: simplify(c.boundary) } : c)),
      revision: this.key,
    };
  }

  private layout(id: string): Promise<Layout> {
    let hit = this.layouts.get(id);
    if (!hit) {
      hit = this.computeLayout(id);
      hit.catch(() => this.layouts.delete(id));
      this.layouts.set(id, hit);
    }
    return hit;
  }

  /** A place's own boundary, simplified (null without one). */
  private ownPolygons(id: string): MapPolygon[] | null {
    if (this.outlines.has(id)) return this.outlines.get(id)!;
    const b = this.opts.sites.get(id)?.boundary;
    const polygons = b ? polygonsOf(b) : null;
    this.outlines.set(id, polygons);
    return polygons;
  }

  private async computeLayout(id: string): Promise<Layout> {
    const hierarchy = this.opts.sites.hierarchy();
    const node = hierarchy.get(id);
    if (!node) throw new Error(`map: unknown node "${id}"`);
    const { region, outline } = await this.regionOf(node);
    const kids = hierarchy.childrenOf(id).map((c) => hierarchy.get(c)).filter((c): c is HierarchyNode => !!c);

    const placed = new Map<string, MapFeature>();
    const twinSpots = await this.twinSpots(node, kids);
    const loose: string[] = [];
    for (const k of kids) {
      const polygons = this.ownPolygons(k.id);
      if (polygons) {
        placed.set(k.id, { id: k.id, level: k.level, name: k.name, placed: 'boundary', position: labelPoint(polygons), boundary: polygons });
      } else if (twinSpots.has(k.id)) {
        placed.set(k.id, { id: k.id, level: k.level, name: k.name, placed: 'twin', position: twinSpots.get(k.id)! });
      } else {
        loose.push(k.id);
      }
    }
    // Places with boundaries beside ones without: the loose ones go inside the area the others cover.
    const known = region.polygons.length > 0 || !!region.circle;
    const drawn = [...placed.values()].flatMap((f) => f.boundary ?? []);
    const where = known ? region : drawn.length > 0 ? { polygons: drawn } : DEFAULT_REGION;
    const { positions, spacingDeg } = schematicPositions(loose, where, [...twinSpots.values()]);
    const children = kids.map((k) => placed.get(k.id) ?? { id: k.id, level: k.level, name: k.name, placed: 'schematic' as const, position: positions.get(k.id)! });
    return { node, region: where, outline, children, spacingDeg };
  }

  /** Where a node's children go, and the outline drawn under them. */
  private async regionOf(node: HierarchyNode): Promise<{ region: PlacementRegion; outline: MapAnswer['outline'] }> {
    const own = this.ownPolygons(node.id);
    if (own) return { region: { polygons: own }, outline: { of: node.id, polygons: own } };
    // The root without a boundary: its children's boundaries, or the default, decide (computeLayout).
    if (node.parent === null) return { region: { polygons: [] }, outline: null };
    const parent = await this.layout(node.parent);
    const self = parent.children.find((c) => c.id === node.id);
    const outline = parent.outline;
    if (!self) return { region: parent.region, outline };
    if (self.placed === 'twin') return { region: { polygons: [], circle: { centre: self.position, radiusDeg: TWIN_RADIUS_DEG } }, outline };
    const radiusDeg = Math.max(parent.spacingDeg / 2, 0.0005);
    return { region: { polygons: parent.region.polygons, circle: { centre: self.position, radiusDeg } }, outline };
  }

  /**
   * Real spots from twins: a child community's twin origin, or (for a community with a twin) each
   * neighbourhood's buildings' middle.
   */
  private async twinSpots(node: HierarchyNode, kids: readonly HierarchyNode[]): Promise<Map<string, LonLat>> {
    const spots = new Map<string, LonLat>();
    const { sites, twinManifest } = this.opts;
    if (node.level === 'community') {
      const folder = sites.get(node.id)?.twin;
      const m = folder ? await twinManifest(folder) : undefined;
      if (!m) return spots;
      for (const k of kids) {
        const points = m.buildings.filter((b) => b.neighbourhood === k.id).flatMap((b) => b.footprint ?? []);
        if (points.length === 0) continue;
        spots.set(k.id, [round5(points.reduce((s, p) => s + p[0], 0) / points.length), round5(points.reduce((s, p) => s + p[1], 0) / points.length)]);
      }
      return spots;
    }
    await Promise.all(kids.filter((k) => k.level === 'community').map(async (k) => {
      const folder = sites.get(k.id)?.twin;
      const m = folder ? await twinManifest(folder) : undefined;
      if (m) spots.set(k.id, [round5(m.georef.origin.longitude), round5(m.georef.origin.latitude)]);
    }));
    return spots;
  }
}

/** Points in an answer's polygons, for the size figures (docs/performance.md). */
export function answerPointCount(a: MapAnswer): number {
  return (a.outline ? pointCount(a.outline.polygons) : 0) + a.children.reduce((n, c) => n + (c.boundary ? pointCount(c.boundary) : 0), 0);
}
