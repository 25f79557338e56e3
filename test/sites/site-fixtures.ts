/** Site records for the registry's tests: a small valid tree, and a generated one the size of Chongqing's. */
import type { SiteRecord } from '../../streams/sites/site-record.ts';

export const CITY: SiteRecord = { id: '500000', level: 'city', parent: null, code: '500000', name: { zh: '重庆市', en: 'Chongqing' } };

/** City → 2 districts → 1 street each → 2 communities in the first street. */
export function smallTree(): SiteRecord[] {
  return [
    CITY,
    { id: '500103', level: 'district', parent: '500000', code: '500103', name: { zh: '渝中区', en: 'Yuzhong' } },
    { id: '500106', level: 'district', parent: '500000', code: '500106', name: { zh: '沙坪坝区', en: 'Shapingba' } },
    { id: '500103001000', level: 'street', parent: '500103', code: '500103001000', name: { zh: '七星岗街道', en: 'Qixinggang' } },
    { id: '500106001000', level: 'street', parent: '500106', code: '500106001000', name: { zh: '小龙坎街道', en: 'Xiaolongkan' } },
    { id: '500103001001', level: 'community', parent: '500103001000', code: '500103001001', name: { zh: '金汤街社区', en: 'Jintangjie' }, urban: true },
    { id: '500103001002', level: 'community', parent: '500103001000', code: '500103001002', name: { zh: '领事巷社区', en: 'Lingshixiang' }, urban: true },
  ];
}

/** A tree of about `communities` + streets + districts records with consistent codes. */
export function largeTree({ districts = 38, streetsPerDistrict = 27, communitiesPerStreet = 11 } = {}): SiteRecord[] {
  const out: SiteRecord[] = [CITY];
  for (let d = 1; d <= districts; d++) {
    const dc = `5001${String(d).padStart(2, '0')}`;
    out.push({ id: dc, level: 'district', parent: CITY.id, code: dc, name: { zh: `区${d}`, en: `District ${d}` } });
    for (let s = 1; s <= streetsPerDistrict; s++) {
      const sc = `${dc}${String(s).padStart(3, '0')}000`;
      out.push({ id: sc, level: 'street', parent: dc, code: sc, name: { zh: `街道${d}-${s}`, en: `Street ${d}-${s}` } });
      for (let c = 1; c <= communitiesPerStreet; c++) {
        const cc = `${sc.slice(0, 9)}${String(c).padStart(3, '0')}`;
        out.push({ id: cc, level: 'community', parent: sc, code: cc, name: { zh: `社区${d}-${s}-${c}`, en: `Community ${d}-${s}-${c}` }, urban: c % 3 === 0 });
      }
    }
  }
  return out;
}
