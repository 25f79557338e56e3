/**
 * The plan's GIS layers as GeoJSON (RFC 7946: longitude, latitude, height in metres above the
 * georeference origin's ellipsoid height… see georef.ts), one FeatureCollection per manifest layer.
 */
import type { LayerName } from '../manifest/manifest-schema.ts';
import type { FeatureCollection, Feature } from '../manifest/load-twin.ts';
import { enuToLonLat, type GeoOrigin } from '../manifest/georef.ts';
import type { DemoPlan, XY } from './plan/plan-types.ts';
import { place } from './plan/geometry.ts';

/** How far below ground the garage's spaces are, metres. */
const BASEMENT_DEPTH_M = 4;

export function gisLayers(plan: DemoPlan, origin: GeoOrigin): Record<LayerName, FeatureCollection> {
  const pt = (x: number, y: number, z = plan.heightAt(x, y)): number[] => {
    const [lon, lat, h] = enuToLonLat(origin, x, y, z);
    return [round(lon, 7), round(lat, 7), round(h, 2)];
  };
  const ring = (poly: XY[]) => [...poly, poly[0]].map(([x, y]) => pt(x, y));
  const feature = (geometry: Feature['geometry'], properties: Feature['properties']): Feature => ({ type: 'Feature', geometry, properties });
  const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });
  const nodes = new Map(plan.walk.nodes.map((n) => [n.id, n]));
  const pipeNodes = new Map(plan.pipes.nodes.map((n) => [n.id, n]));
  const buildingName = new Map(plan.buildings.map((b) => [b.id, b.name]));

  return {
    boundary: fc([feature({ type: 'Polygon', coordinates: [ring(plan.boundary)] }, { id: 'boundary', name: { zh: '鹅岭社区', en: 'Eling Community' } })]),
    neighbourhoods: fc(plan.neighbourhoods.map((n) => feature({ type: 'Polygon', coordinates: [ring(n.polygon)] }, { id: n.id, name: n.name, neighbourhood: n.id }))),
    roads: fc(plan.roads.map((r) => feature({ type: 'LineString', coordinates: r.path.map(([x, y]) => pt(x, y)) }, { id: r.id, name: r.name, widthM: r.widthM }))),
    walkways: fc([
      ...plan.walk.edges.map((e) => {
        const a = nodes.get(e.from)!;
        const b = nodes.get(e.to)!;
        return feature({ type: 'LineString', coordinates: [pt(a.at[0], a.at[1], a.at[2]), pt(b.at[0], b.at[1], b.at[2])] },
          { id: e.id, kind: e.kind, from: e.from, to: e.to, lengthM: e.lengthM, climbM: e.climbM, ...(e.walkway ? { walkway: e.walkway } : {}) });
      }),
      ...plan.gates.map((g) => {
        const n = nodes.get(g.node)!;
        return feature({ type: 'Point', coordinates: pt(n.at[0], n.at[1], n.at[2]) }, { id: g.id, kind: 'gate', name: g.name, node: g.node, main: g.main, neighbourhood: g.neighbourhood });
      }),
    ]),
    pipes: fc([
      ...plan.pipes.segments.map((s) => {
        const a = pipeNodes.get(s.from)!;
        const b = pipeNodes.get(s.to)!;
        return feature({ type: 'LineString', coordinates: [pt(...a.at), pt(...b.at)] },
          { id: s.id, kind: 'segment', network: s.network, from: s.from, to: s.to, diameterMm: s.diameterMm, lengthM: s.lengthM, neighbourhood: s.neighbourhood });
      }),
      ...plan.pipes.nodes.map((n) => feature({ type: 'Point', coordinates: pt(...n.at) },
        { id: n.id, kind: n.kind, network: n.network, neighbourhood: n.neighbourhood, ...(n.sensor ? { name: n.sensor.location } : {}) })),
    ]),
    parking: fc(plan.lots.flatMap((l) => {
      const depth = l.level < 0 ? BASEMENT_DEPTH_M * -l.level : 0;
      const lotZ = (x: number, y: number) => plan.heightAt(x, y) - depth;
      return [
        feature({ type: 'Polygon', coordinates: [[...l.polygon, l.polygon[0]].map(([x, y]) => pt(x, y, lotZ(x, y)))] },
          { id: l.id, kind: 'lot', lotKind: l.kind, level: l.level, capacity: l.spaces.length, name: l.name, neighbourhood: l.neighbourhood }),
        ...l.spaces.map((s) => feature({ type: 'Point', coordinates: pt(s.at[0], s.at[1], lotZ(...s.at)) },
          { id: s.id, kind: 'space', lot: l.id, level: l.level, headingDeg: s.headingDeg, neighbourhood: l.neighbourhood })),
      ];
    })),
    cameras: fc(plan.cameras.map((c) => feature({ type: 'Point', coordinates: pt(c.at[0], c.at[1], plan.heightAt(...c.at) + 4) },
      { id: c.id, kind: c.kind, name: c.name, neighbourhood: c.neighbourhood }))),
    sensors: fc([
      ...plan.envSensors.map((e) => feature({ type: 'Point', coordinates: pt(e.at[0], e.at[1], plan.heightAt(...e.at) + 2.5) },
        { id: e.id, kind: 'env', walkway: e.walkway, name: e.name, neighbourhood: e.neighbourhood })),
      // Waste bins' fill sensors, at the lid of each bin (1.1 m).
      ...plan.wasteBins.map((w) => feature({ type: 'Point', coordinates: pt(w.at[0], w.at[1], plan.heightAt(...w.at) + 1.1) },
        { id: w.id, kind: 'waste_bin', point: w.point, category: w.category, name: w.name, neighbourhood: w.neighbourhood })),
    ]),
    facilities: fc(plan.facilities.map((f) => feature(
      f.area ? { type: 'Polygon', coordinates: [ring(f.area)] } : { type: 'Point', coordinates: pt(...f.at) },
      { id: f.id, category: f.category, name: f.name, neighbourhood: f.neighbourhood, ...(f.building ? { building: f.building, buildingName: buildingName.get(f.building) } : {}) }))),
    transit: fc(plan.transit.map((t) => feature({ type: 'Point', coordinates: pt(...t.at) }, { id: t.id, kind: t.kind, name: t.name, node: t.node }))),
  };
}

/** A building's footprint in the community frame (for shells and 2D maps). */
export function footprintInFrame(b: DemoPlan['buildings'][number]): XY[] {
  return place(b.footprint, [b.position.x, b.position.y], b.rotationDeg);
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
