/**
 * Latest values the catalog takes without a publish (records of a spool replayed after a restart)
 * reach the figures through the sweep, within one sweep period; a tree edit rebuilds them.
 */
import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../streams/hierarchy.ts';
import { SeriesCatalog } from '../../server/catalog/series-catalog.ts';
import { NodeRollups } from '../../server/rollups/node-rollups.ts';
import { TEST_HIERARCHY } from '../support/test-app.ts';

function meters(catalog: SeriesCatalog, n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const tags = { community: 'c-a', neighbourhood: 'n-a1', building: `b${i}`, meter: `m${i}`, category: 'residential' };
    return catalog.resolve({ measurement: 'energy', tags, key: `energy,meter=m${i}` }, 'load_kw', 'float');
  });
}

describe('node roll-ups: the sweep', () => {
  it('takes in values set behind its back within one sweep period, a slice per read', () => {
    const catalog = new SeriesCatalog();
    const ids = meters(catalog, 100);
    for (const id of ids) catalog.setLatest(id, 1000, 1);
    let clock = 0;
    const rollups = new NodeRollups(catalog, new Hierarchy(TEST_HIERARCHY), { sweepEveryMs: 10_000, now: () => clock });
    expect(rollups.values('cq')['energy.load_kw']).toEqual({ value: 100, series: 100 });
    // Replayed records: every meter now reads 2, and the roll-ups were not told.
    for (const id of ids) catalog.setLatest(id, 2000, 2);
    expect(rollups.values('cq')['energy.load_kw'].value).toBe(100);
    clock += 1000;
    const tenth = rollups.values('cq')['energy.load_kw'].value;
    expect(tenth).toBeGreaterThan(100);
    expect(tenth).toBeLessThan(200);
    for (let s = 0; s < 9; s++) { clock += 1000; rollups.values('c-a'); }
    expect(rollups.values('n-a1')['energy.load_kw']).toEqual({ value: 200, series: 100 });
  });

  it('rebuilds when the tree changes: a moved neighbourhood takes its figures along', () => {
    const catalog = new SeriesCatalog();
    for (const id of meters(catalog, 3)) catalog.setLatest(id, 1000, 5);
    const hierarchy = new Hierarchy(TEST_HIERARCHY);
    const rollups = new NodeRollups(catalog, hierarchy, { sweepEveryMs: 0 });
    expect(rollups.values('c-a')['energy.load_kw']).toEqual({ value: 15, series: 3 });
    hierarchy.update('n-a1', { parent: 'c-b' });
    // The series still name c-a: under c-b, n-a1 is not their neighbourhood, so they count at c-a only.
    expect(rollups.values('n-a1')).toEqual({});
    expect(rollups.values('c-a')['energy.load_kw']).toEqual({ value: 15, series: 3 });
    expect(rollups.values('c-b')).toEqual({});
    expect(rollups.rebuilds).toBe(2);
  });
});
