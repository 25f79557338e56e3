/**
 * Walkway network density (三(四)3 慢行交通网络密度 ≥ 8 km/km²): walkway length inside the community
 * boundary ÷ the boundary's area, by `networkDensity`: paths, stairs, skybridges and crossings
 * count; a lift ride does not (it is not a walkway a person walks).
 */
import { GUIDELINE_RULES } from '../../../streams/indicators/catalogue.ts';
import { networkDensity, type Polygon } from '../../../streams/indicators/walkability.ts';
import { lonLatToEnu } from '../../../twin-models/manifest/georef.ts';
import type { AutoContext, AutoItemResult } from './auto-result.ts';
import { round } from './auto-result.ts';
import { twinWalkGraph, type TwinWalkGraph } from './twin-walk-graph.ts';

const RULE = GUIDELINE_RULES.find((r) => r.id === 'walkway-density')!;

/** Outer rings of the boundary layer's polygons, local metres (holes are not subtracted). */
function boundaryPolygons(ctx: AutoContext): Polygon[] {
  const origin = ctx.twin.manifest.georef.origin;
  const out: Polygon[] = [];
  for (const f of ctx.twin.layers.boundary?.features ?? []) {
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const rings of polygons as number[][][][]) {
      const outer = rings[0].map(([lon, lat]) => { const [x, y] = lonLatToEnu(origin, lon, lat); return [x, y] as const; });
      // GeoJSON closes rings by repeating the first position; the shoelace formula closes implicitly.
      const last = outer[outer.length - 1], first = outer[0];
      if (outer.length > 3 && last[0] === first[0] && last[1] === first[1]) outer.pop();
      if (outer.length >= 3) out.push(outer);
    }
  }
  return out;
}

export function walkwayDensity(ctx: AutoContext, graph: TwinWalkGraph = twinWalkGraph(ctx.twin)): AutoItemResult {
  const base = {
    check: 'walkway-density' as const, item: null, rule: RULE.section, name: RULE.text, unit: 'km/km²',
    threshold: { comparison: '>=' as const, value: RULE.threshold, unit: RULE.unit, source: 'guideline' as const },
  };
  const polygons = boundaryPolygons(ctx);
  if (polygons.length === 0) return { ...base, value: null, met: null, reason: "the twin has no boundary polygon", evidence: {} };
  let lengthKm = 0, areaKm2 = 0;
  for (const p of polygons) {
    const d = networkDensity(graph.graph, p);
    lengthKm += d.lengthKm;
    areaKm2 += d.areaKm2;
  }
  const byKind: Record<string, number> = {};
  for (const e of graph.graph.edges) byKind[e.kind] = round((byKind[e.kind] ?? 0) + e.lengthM, 1);
  const density = lengthKm / areaKm2;
  return {
    ...base, value: round(density, 2), met: density >= RULE.threshold,
    ...(density >= RULE.threshold ? {} : { reason: `${round(density, 2)} km/km² is below ${RULE.threshold} km/km²` }),
    evidence: {
      lengthInsideKm: round(lengthKm, 3), areaKm2: round(areaKm2, 4),
      counted: 'path, stairs, skybridge and crossing edges, each with the share of its plan-view line inside the boundary; lift rides excluded',
      networkLengthByKindM: byKind,
      ...(graph.skipped.length ? { skippedWalkways: graph.skipped.slice(0, 50) } : {}),
    },
  };
}
