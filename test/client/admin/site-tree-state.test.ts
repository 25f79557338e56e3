import { describe, expect, it } from 'vitest';
import type { SiteSummary } from '../../../client/admin/admin-api.ts';
import { EMPTY_TREE, levelLoaded, loadFailed, siteDeleted, siteSaved, startLoading, toggle, visibleRows, type TreeState } from '../../../client/admin/site-tree-state.ts';

const site = (id: string, level: SiteSummary['level'], parent: string | null, zh = id): SiteSummary => ({ id, level, parent, code: null, name: { zh, en: id } });
const CITY = site('500000', 'city', null, '重庆市');
const DISTRICTS = [site('500103', 'district', '500000', '渝中区'), site('500112', 'district', '500000', '渝北区')];
const STREETS = [site('500103001', 'street', '500103', '七星岗街道'), site('500103002', 'street', '500103', '解放碑街道')];

/** The rows as `indent:id` (sites) or `indent:<kind>` (notes), easy to read in a failure. */
const shown = (s: TreeState) => visibleRows(s).map((r) => `${' '.repeat(r.depth)}${r.kind === 'site' ? r.site.id : `<${r.kind}>`}`);

function topLoaded(): TreeState {
  return levelLoaded(startLoading(EMPTY_TREE, null), null, { revision: 7, sites: [CITY, ...DISTRICTS] });
}

describe('the sites tree, loaded level by level', () => {
  it('shows the top level first, the city open-able and its districts already known', () => {
    let s = startLoading(EMPTY_TREE, null);
    expect(shown(s)).toEqual(['<loading>']);
    s = levelLoaded(s, null, { revision: 7, sites: [CITY, ...DISTRICTS] });
    expect(shown(s)).toEqual(['500000']);
    expect(s.revision).toBe(7);
    // The districts came with the city: opening it asks for nothing.
    const opened = toggle(s, '500000');
    expect(opened.load).toBe(false);
    expect(shown(opened.state)).toEqual(['500000', ' 500103', ' 500112']);
  });

  it('asks for a district’s streets the first time only, showing loading meanwhile', () => {
    let s = toggle(topLoaded(), '500000').state;
    const first = toggle(s, '500103');
    expect(first.load).toBe(true);
    expect(shown(first.state)).toEqual(['500000', ' 500103', '  <loading>', ' 500112']);
    s = levelLoaded(first.state, '500103', { revision: 8, sites: STREETS });
    expect(shown(s)).toEqual(['500000', ' 500103', '  500103001', '  500103002', ' 500112']);
    const closed = toggle(s, '500103');
    expect(closed.load).toBe(false);
    expect(shown(closed.state)).toEqual(['500000', ' 500103', ' 500112']);
    const again = toggle(closed.state, '500103');
    expect(again.load).toBe(false);
    expect(shown(again.state)).toContain('  500103001');
  });

  it('takes an answer that repeats the parent itself without misplacing it', () => {
    let s = toggle(toggle(topLoaded(), '500000').state, '500103').state;
    s = levelLoaded(s, '500103', { revision: 8, sites: [DISTRICTS[0]!, ...STREETS] });
    expect(shown(s)).toEqual(['500000', ' 500103', '  500103001', '  500103002', ' 500112']);
  });

  it('says when a level is empty, and retries a failed one when opened again', () => {
    let s = toggle(topLoaded(), '500000').state;
    s = levelLoaded(toggle(s, '500112').state, '500112', { revision: 7, sites: [] });
    expect(shown(s)).toEqual(['500000', ' 500103', ' 500112', '  <empty>']);
    s = loadFailed(toggle(s, '500103').state, '500103', 'api: 500');
    expect(visibleRows(s).find((r) => r.kind === 'failed')).toMatchObject({ parent: '500103', error: 'api: 500' });
    s = toggle(s, '500103').state;
    const retry = toggle(s, '500103');
    expect(retry.load).toBe(true);
  });

  it('never offers to open a neighbourhood', () => {
    const s = levelLoaded(EMPTY_TREE, null, { revision: 1, sites: [site('c-1', 'community', null), site('n-1', 'neighbourhood', 'c-1')] });
    const rows = visibleRows(toggle(s, 'c-1').state);
    expect(rows.map((r) => (r.kind === 'site' ? [r.site.id, r.leaf] : r.kind))).toEqual([['c-1', false], ['n-1', true]]);
  });

  it('renames in place, moves a place to its new parent and removes a deleted one', () => {
    let s = toggle(topLoaded(), '500000').state;
    s = levelLoaded(toggle(s, '500103').state, '500103', { revision: 8, sites: STREETS });
    s = levelLoaded(toggle(s, '500112').state, '500112', { revision: 8, sites: [] });
    s = siteSaved(s, { ...STREETS[0]!, name: { zh: '新名', en: 'New' } }, 9);
    expect(s.sites.get('500103001')!.name.zh).toBe('新名');
    expect(s.revision).toBe(9);
    s = siteSaved(s, { ...STREETS[1]!, parent: '500112' });
    expect(shown(s)).toEqual(['500000', ' 500103', '  500103001', ' 500112', '  500103002']);
    s = siteDeleted(s, '500103001');
    expect(shown(s)).toEqual(['500000', ' 500103', '  <empty>', ' 500112', '  500103002']);
  });
});
