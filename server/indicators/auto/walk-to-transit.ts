/**
 * 12.1 (bus stop ≤ 500 m, binding) and 12.2 (rail station ≤ 800 m, basic): the walking distance
 * from each main pedestrian entrance to its nearest stop along the twin's walkway network.
 *
 * Read strictly: the item is met when EVERY main entrance is within the threshold, so the value is
 * the worst entrance's distance. A community whose back gate is far from the bus does not pass on
 * the strength of its front gate, and "主要人行出入口" is plural in the guideline.
 */
import { shortestWalk } from '../../../streams/indicators/walkability.ts';
import { itemById } from '../../../streams/indicators/catalogue.ts';
import type { AutoContext, AutoItemResult } from './auto-result.ts';
import { round } from './auto-result.ts';
import { routeLine, twinWalkGraph, type LonLatH, type TwinWalkGraph } from './twin-walk-graph.ts';

export interface TransitSpec {
  check: 'walk-to-bus' | 'walk-to-rail';
  item: '12.1' | '12.2';
  /** `kind` of the transit layer's Point features that count as targets. */
  stopKind: 'bus_stop' | 'rail_station';
  thresholdM: number;
}

export const WALK_TO_BUS: TransitSpec = { check: 'walk-to-bus', item: '12.1', stopKind: 'bus_stop', thresholdM: 500 };
export const WALK_TO_RAIL: TransitSpec = { check: 'walk-to-rail', item: '12.2', stopKind: 'rail_station', thresholdM: 800 };

export interface EntranceRoute {
  gate: string;
  node: string;
  name?: unknown;
  /** Walking distance to the nearest stop, metres; null when no stop can be reached. */
  distanceM: number | null;
  /** The stop reached (transit feature id). */
  stop: string | null;
  within: boolean;
  /** The route as [longitude, latitude, height] positions, from the entrance to the stop. */
  route: LonLatH[];
  edges: string[];
  reason?: string;
}

/** Computes 12.1 or 12.2 for a twin; a graph may be passed in when several items share it. */
export function walkToTransit(spec: TransitSpec, ctx: AutoContext, graph: TwinWalkGraph = twinWalkGraph(ctx.twin)): AutoItemResult {
  const it = itemById(spec.item)!;
  const base = {
    check: spec.check, item: spec.item, name: it.text, unit: 'm',
    threshold: { comparison: '<=' as const, value: spec.thresholdM, unit: 'm', source: 'guideline' as const },
  };
  const stops = (ctx.twin.layers.transit?.features ?? []).filter((f) => f.properties.kind === spec.stopKind);
  const mains = graph.gates.filter((g) => g.main);
  const stopByNode = new Map<string, string>();
  const unlinked: string[] = [];
  for (const s of stops) {
    const node = s.properties.node;
    if (typeof node === 'string' && graph.nodeIds.has(node)) stopByNode.set(node, s.properties.id);
    else unlinked.push(s.properties.id);
  }
  const evidence: Record<string, unknown> = {
    interpretation: 'every main pedestrian entrance (walkway gate with main: true) to its own nearest stop, along the walkway network; the value is the worst entrance',
    entrances: [] as EntranceRoute[],
    stops: stops.length,
    ...(unlinked.length ? { stopsNotOnNetwork: unlinked } : {}),
    ...(graph.skipped.length ? { skippedWalkways: graph.skipped.slice(0, 50) } : {}),
  };
  if (mains.length === 0) {
    return { ...base, value: null, met: null, reason: 'the twin marks no main pedestrian entrance (a walkway gate with main: true)', evidence };
  }
  if (stops.length === 0) {
    return { ...base, value: null, met: null, reason: `the twin's transit layer has no ${spec.stopKind}`, evidence };
  }

  const entrances: EntranceRoute[] = mains.map((g) => {
    const none = { gate: g.id, node: g.node, name: g.name, distanceM: null, stop: null, within: false, route: [], edges: [] };
    if (!graph.nodeIds.has(g.node)) return { ...none, reason: `entrance node "${g.node}" is on no walkway` };
    if (stopByNode.size === 0) return { ...none, reason: `no ${spec.stopKind} is on the walkway network` };
    const r = shortestWalk(graph.graph, [g.node], [...stopByNode.keys()]);
    if (!r.reachable) return { ...none, reason: r.reason };
    const route = r.edges.length ? routeLine(graph, r.points.map((p) => p.id), r.edges) : gatePoint(ctx, g.id);
    return {
      gate: g.id, node: g.node, name: g.name, distanceM: round(r.distanceM, 1), stop: stopByNode.get(r.to)!,
      within: r.distanceM <= spec.thresholdM, route, edges: r.edges,
    };
  });
  evidence.entrances = entrances;
  const unreachable = entrances.filter((e) => e.distanceM === null);
  const worst = entrances.reduce((w, e) => (e.distanceM !== null && (w === null || e.distanceM > w.distanceM!) ? e : w), null as EntranceRoute | null);
  const best = entrances.reduce((b, e) => (e.distanceM !== null && (b === null || e.distanceM < b.distanceM!) ? e : b), null as EntranceRoute | null);
  evidence.worst = worst ? { gate: worst.gate, distanceM: worst.distanceM, stop: worst.stop } : null;
  // The lenient reading (the best-placed main entrance), shown so an assessor can weigh both.
  evidence.best = best ? { gate: best.gate, distanceM: best.distanceM, stop: best.stop } : null;
  if (unreachable.length) {
    return {
      ...base, value: null, met: false, evidence,
      reason: `no walking route from ${unreachable.map((e) => e.gate).join(', ')} to any ${spec.stopKind}`,
    };
  }
  const met = entrances.every((e) => e.within);
  const far = entrances.filter((e) => !e.within);
  return {
    ...base, value: worst!.distanceM, met, evidence,
    ...(met ? {} : { reason: `${far.map((e) => `${e.gate} ${e.distanceM} m`).join(', ')} beyond ${spec.thresholdM} m` }),
  };
}

function gatePoint(ctx: AutoContext, gate: string): LonLatH[] {
  const c = ctx.twin.features.get(gate)?.feature.geometry.coordinates;
  return Array.isArray(c) ? [[c[0], c[1], c[2] ?? ctx.twin.manifest.georef.origin.height]] : [];
}
