/**
 * The twin's walkway layer as a `WalkGraph` in the community's local metres (east, north, up from
 * the georeference origin), keeping each edge's drawn coordinates so a route can be drawn back on
 * the map as [longitude, latitude, height].
 */
import { EDGE_KINDS, type EdgeKind, type WalkEdge, type WalkGraph, type WalkNode } from '../../../streams/indicators/walkability.ts';
import { lonLatToEnu, type GeoOrigin } from '../../../twin-models/manifest/georef.ts';
import type { Feature, LoadedTwin } from '../../../twin-models/manifest/load-twin.ts';

export type LonLatH = [number, number, number];

export interface TwinWalkGraph {
  graph: WalkGraph;
  /** Each edge's polyline from its `from` node to its `to` node, WGS84 with height. */
  coordinates: Map<string, LonLatH[]>;
  nodeIds: Set<string>;
  /** Gates of the walkway layer (Point features of kind `gate`). */
  gates: { id: string; node: string; main: boolean; name?: unknown }[];
  /** Walkway features left out, with why (unknown kind, no from/to, bad coordinates). */
  skipped: { id: string; why: string }[];
  origin: GeoOrigin;
}

const KINDS = new Set<string>(EDGE_KINDS);

/** Plan length of a polyline in local metres, with its climb, for edges that carry no `lengthM`. */
function polylineLengthM(points: [number, number, number][]): number {
  let m = 0;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay, az] = points[i - 1], [bx, by, bz] = points[i];
    m += Math.hypot(bx - ax, by - ay, bz - az);
  }
  return m;
}

function asLonLatH(c: unknown, fallbackH: number): LonLatH | undefined {
  if (!Array.isArray(c) || c.length < 2 || !c.every((v) => typeof v === 'number' && Number.isFinite(v))) return undefined;
  return [c[0], c[1], c.length > 2 ? c[2] : fallbackH];
}

/**
 * Builds the walk graph of a twin. A node's position is where the first edge that names it starts
 * or ends; an edge's `lengthM` is used when it is a finite number ≥ 0, otherwise the 3D length of
 * its drawn line. Features that cannot be edges are listed in `skipped`, not fatal.
 */
export function twinWalkGraph(twin: LoadedTwin): TwinWalkGraph {
  const origin = twin.manifest.georef.origin;
  const features: Feature[] = twin.layers.walkways?.features ?? [];
  const nodes = new Map<string, WalkNode>();
  const edges: WalkEdge[] = [];
  const coordinates = new Map<string, LonLatH[]>();
  const gates: TwinWalkGraph['gates'] = [];
  const skipped: TwinWalkGraph['skipped'] = [];

  for (const f of features) {
    const p = f.properties;
    if (f.geometry?.type === 'Point') {
      if (p.kind === 'gate' && typeof p.node === 'string') gates.push({ id: p.id, node: p.node, main: p.main === true, name: p.name });
      continue;
    }
    if (f.geometry?.type !== 'LineString') continue;
    if (!KINDS.has(p.kind)) { skipped.push({ id: p.id, why: `kind "${String(p.kind)}" is not one of ${EDGE_KINDS.join(', ')}` }); continue; }
    if (typeof p.from !== 'string' || typeof p.to !== 'string' || !p.from || !p.to) { skipped.push({ id: p.id, why: 'needs the node ids "from" and "to"' }); continue; }
    const line = (f.geometry.coordinates as unknown[]).map((c) => asLonLatH(c, origin.height));
    if (line.length < 2 || line.some((c) => c === undefined)) { skipped.push({ id: p.id, why: 'coordinates are not [longitude, latitude(, height)] positions' }); continue; }
    const drawn = line as LonLatH[];
    const local = drawn.map(([lon, lat, h]) => lonLatToEnu(origin, lon, lat, h));
    for (const [node, at] of [[p.from, local[0]], [p.to, local[local.length - 1]]] as const) {
      if (!nodes.has(node)) nodes.set(node, { id: node, x: at[0], y: at[1], z: at[2] });
    }
    const given = p.lengthM;
    const lengthM = typeof given === 'number' && Number.isFinite(given) && given >= 0 ? given : polylineLengthM(local);
    const climbM = typeof p.climbM === 'number' && Number.isFinite(p.climbM) ? Math.abs(p.climbM) : Math.abs(local[local.length - 1][2] - local[0][2]);
    edges.push({ id: p.id, from: p.from, to: p.to, kind: p.kind as EdgeKind, lengthM, climbM });
    coordinates.set(p.id, drawn);
  }
  return { graph: { nodes: [...nodes.values()], edges }, coordinates, nodeIds: new Set(nodes.keys()), gates, skipped, origin };
}

/** A route's drawn line: its edges' coordinates joined in walking order, each edge turned to run the way it was walked. */
export function routeLine(g: TwinWalkGraph, nodePath: readonly string[], edgePath: readonly string[]): LonLatH[] {
  const byId = new Map(g.graph.edges.map((e) => [e.id, e]));
  const out: LonLatH[] = [];
  edgePath.forEach((id, i) => {
    const e = byId.get(id)!;
    const line = g.coordinates.get(id)!;
    const walked = e.from === nodePath[i] ? line : [...line].reverse();
    out.push(...(i === 0 ? walked : walked.slice(1)));
  });
  return out;
}
