/**
 * The hierarchy the bench server runs with: the shape of test-app's TEST_HIERARCHY, larger — one
 * city, two districts, four streets, 20 communities (c-01 … c-20) of three neighbourhoods each
 * (n-01-1 … n-20-3). The line generator uses the same ids, so every line lands in a live room.
 */
import type { HierarchyNode } from '../../../streams/hierarchy.ts';

export const BENCH_COMMUNITIES = 20;
export const NEIGHBOURHOODS_PER_COMMUNITY = 3;

const pad = (n: number) => String(n).padStart(2, '0');
export const communityId = (c: number) => `c-${pad(c)}`;
export const neighbourhoodId = (c: number, n: number) => `n-${pad(c)}-${n}`;

export function benchHierarchy(): HierarchyNode[] {
  const nodes: HierarchyNode[] = [{ id: 'cq', level: 'city', name: { zh: '重庆市', en: 'Chongqing' }, parent: null }];
  for (let d = 1; d <= 2; d++) nodes.push({ id: `d-${d}`, level: 'district', name: { zh: `区${d}`, en: `District ${d}` }, parent: 'cq' });
  for (let s = 1; s <= 4; s++) nodes.push({ id: `s-${s}`, level: 'street', name: { zh: `街道${s}`, en: `Street ${s}` }, parent: `d-${Math.ceil(s / 2)}` });
  for (let c = 1; c <= BENCH_COMMUNITIES; c++) {
    const street = `s-${Math.ceil((c * 4) / BENCH_COMMUNITIES)}`;
    nodes.push({ id: communityId(c), level: 'community', name: { zh: `社区${c}`, en: `Community ${c}` }, parent: street });
    for (let n = 1; n <= NEIGHBOURHOODS_PER_COMMUNITY; n++) {
      nodes.push({ id: neighbourhoodId(c, n), level: 'neighbourhood', name: { zh: `小区${c}-${n}`, en: `Neighbourhood ${c}-${n}` }, parent: communityId(c) });
    }
  }
  return nodes;
}
