/**
 * 11.4 能耗数据监测: the share of the twin's buildings (and utility plants, if the twin has any)
 * with live energy metering. One counts when the device registry binds an `energy` device to it
 * AND that device's series has a sample in the last 15 minutes (`LIVE_WINDOW_MS`).
 *
 * The guideline asks for monitoring of "建筑、设施" without a share, and 实时采集 (collected in real
 * time); the product reads that as every building and utility plant, so the target is 100 %.
 */
import { itemById } from '../../../streams/indicators/catalogue.ts';
import type { AutoContext, AutoItemResult } from './auto-result.ts';
import { LIVE_WINDOW_MS, latestByDevice, round } from './auto-result.ts';

interface Metered { id: string; kind: 'building' | 'utility'; name?: unknown }

/**
 * Utility plants are facilities-layer features marked `utility: true` (二次供水泵房, 配电房, 换热站 …).
 * An energy meter binds to one through `{ feature: <its id> }`.
 */
function utilities(ctx: AutoContext): Metered[] {
  return (ctx.twin.layers.facilities?.features ?? [])
    .filter((f) => f.properties.utility === true)
    .map((f) => ({ id: f.properties.id, kind: 'utility' as const, name: f.properties.name }));
}

export function energyMetering(ctx: AutoContext): AutoItemResult {
  const it = itemById('11.4')!;
  const base = {
    check: 'energy-metering' as const, item: '11.4', name: it.text, unit: '%',
    threshold: {
      comparison: '>=' as const, value: 100, unit: '%', source: 'product' as const,
      note: 'the guideline names buildings and facilities without a share; the product reads it as all of them',
    },
  };
  const { manifest } = ctx.twin;
  const targets: Metered[] = [
    ...manifest.buildings.map((b) => ({ id: b.id, kind: 'building' as const, name: b.name })),
    ...utilities(ctx),
  ];
  if (targets.length === 0) return { ...base, value: null, met: null, reason: 'the twin has no buildings or utility plants', evidence: {} };

  // Which object each energy meter measures: a building directly, or a feature (a facility inside a
  // building counts for that building; a utility plant for itself).
  const metersOf = new Map<string, string[]>();
  for (const d of manifest.devices) {
    if (d.measurement !== 'energy') continue;
    let target: string | undefined;
    if ('building' in d.binding) target = d.binding.building;
    else {
      const f = ctx.twin.features.get(d.binding.feature)?.feature;
      target = typeof f?.properties.building === 'string' ? f.properties.building : d.binding.feature;
    }
    const list = metersOf.get(target) ?? [];
    list.push(d.id);
    metersOf.set(target, list);
  }
  const latest = latestByDevice(ctx.catalog, ctx.community, 'energy');
  const since = ctx.now - LIVE_WINDOW_MS;
  const metered: string[] = [];
  const unmetered: { id: string; kind: string; name?: unknown; why: string; meters?: string[]; lastSample?: string }[] = [];
  for (const t of targets) {
    const meters = metersOf.get(t.id) ?? [];
    if (meters.length === 0) { unmetered.push({ ...t, why: 'no energy meter bound in the device registry' }); continue; }
    const last = Math.max(...meters.map((m) => latest.get(m) ?? -Infinity));
    if (last >= since) { metered.push(t.id); continue; }
    unmetered.push({
      ...t, meters,
      why: last === -Infinity ? 'its meter has never reported' : 'its meter has not reported in the last 15 min',
      ...(last > -Infinity ? { lastSample: new Date(last).toISOString() } : {}),
    });
  }
  const share = (100 * metered.length) / targets.length;
  const buildings = manifest.buildings.length;
  return {
    ...base, value: round(share, 1), met: metered.length === targets.length,
    ...(unmetered.length ? { reason: `${unmetered.length} of ${targets.length} without live energy metering` } : {}),
    evidence: {
      counted: metered.length, total: targets.length, buildings, utilities: targets.length - buildings,
      liveWindowMin: LIVE_WINDOW_MS / 60_000, unmetered,
    },
  };
}
