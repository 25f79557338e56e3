/**
 * 33.3 排水数字化在线监测: the share of the drainage network's length under online monitoring.
 *
 * A stretch of drainage pipe counts as monitored when it lies within `COVERAGE_RADIUS_M` metres,
 * measured along the pipes, of a drainage sensor node whose `pipe` series has a sample in the last
 * 15 minutes. Measured along the network in both directions because:
 * - the pipes layer carries no invert levels or flow direction (`from`/`to` is drawing order), so
 *   an upstream catchment cannot be derived honestly from it;
 * - a level sensor at a manhole sees surcharge backing up from downstream and a blockage building
 *   up from upstream alike, but only over a few reaches;
 * - a catchment rule would call the whole network monitored by one gauge at the outfall, which
 *   says nothing about where a blockage is.
 * A segment partly within reach counts with the part within reach.
 */
import { itemById } from '../../../streams/indicators/catalogue.ts';
import { lonLatToEnu } from '../../../twin-models/manifest/georef.ts';
import type { Feature } from '../../../twin-models/manifest/load-twin.ts';
import type { AutoContext, AutoItemResult } from './auto-result.ts';
import { LIVE_WINDOW_MS, latestByDevice, round } from './auto-result.ts';
import { networkDistances } from './network-distance.ts';

/** How far along the pipes a live sensor's watch reaches, metres: about four manhole reaches. */
export const COVERAGE_RADIUS_M = 200;

interface Segment { id: string; from: string; to: string; lengthM: number }

function segmentLengthM(ctx: AutoContext, f: Feature): number {
  const given = f.properties.lengthM;
  if (typeof given === 'number' && Number.isFinite(given) && given >= 0) return given;
  const o = ctx.twin.manifest.georef.origin;
  const pts = (f.geometry.coordinates as number[][]).map(([lon, lat, h]) => lonLatToEnu(o, lon, lat, h ?? o.height));
  let m = 0;
  for (let i = 1; i < pts.length; i++) m += Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1], pts[i][2] - pts[i - 1][2]);
  return m;
}

export function drainageMonitoring(ctx: AutoContext, radiusM = COVERAGE_RADIUS_M): AutoItemResult {
  const it = itemById('33.3')!;
  const base = { check: 'drainage-monitoring' as const, item: '33.3', name: it.text, unit: '%', threshold: null };
  const features = ctx.twin.layers.pipes?.features ?? [];
  const segments: Segment[] = features
    .filter((f) => f.geometry.type === 'LineString' && f.properties.network === 'drainage' && typeof f.properties.from === 'string' && typeof f.properties.to === 'string')
    .map((f) => ({ id: f.properties.id, from: f.properties.from, to: f.properties.to, lengthM: segmentLengthM(ctx, f) }));
  const rule = `pipe length within ${radiusM} m along the drainage network of a drainage sensor that reported in the last ${LIVE_WINDOW_MS / 60_000} min`;
  if (segments.length === 0) return { ...base, value: null, met: null, reason: 'the twin has no drainage pipes', evidence: { rule } };

  // A sensor node's series are tagged with the device the registry binds to it, or with the node's own id.
  const deviceOf = new Map<string, string>();
  for (const d of ctx.twin.manifest.devices) {
    if (d.measurement === 'pipe' && 'feature' in d.binding) deviceOf.set(d.binding.feature, d.id);
  }
  const latest = latestByDevice(ctx.catalog, ctx.community, 'pipe');
  const since = ctx.now - LIVE_WINDOW_MS;
  const sensors = features
    .filter((f) => f.geometry.type === 'Point' && f.properties.network === 'drainage' && f.properties.kind === 'sensor')
    .map((f) => {
      const device = deviceOf.get(f.properties.id) ?? f.properties.id;
      const last = latest.get(device);
      return { node: f.properties.id, device, live: last !== undefined && last >= since, lastSample: last === undefined ? null : new Date(last).toISOString() };
    });
  const live = sensors.filter((s) => s.live).map((s) => s.node);
  const dist = networkDistances(segments, live, radiusM);
  let total = 0, covered = 0;
  /** Covered share of each segment that is at least partly covered, for drawing coverage on the map. */
  const coveredShare: Record<string, number> = {};
  for (const s of segments) {
    total += s.lengthM;
    // Reach into the segment from each end; the union of the two stretches, capped at its length.
    const fromA = Math.min(s.lengthM, Math.max(0, radiusM - (dist.get(s.from) ?? Infinity)));
    const fromB = Math.min(s.lengthM, Math.max(0, radiusM - (dist.get(s.to) ?? Infinity)));
    const c = Math.min(s.lengthM, fromA + fromB);
    covered += c;
    if (c > 0) coveredShare[s.id] = s.lengthM > 0 ? round(c / s.lengthM, 3) : 1;
  }
  const share = total > 0 ? (100 * covered) / total : 0;
  return {
    ...base, value: round(share, 1), met: null,
    reason: 'the guideline names no coverage share; the figure and the map of covered pipes are evidence for the assessor',
    evidence: {
      rule, radiusM, coveredM: round(covered, 1), totalM: round(total, 1), segments: segments.length,
      sensors, liveSensors: live.length, coveredShare,
    },
  };
}
