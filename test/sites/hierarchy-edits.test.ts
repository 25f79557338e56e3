import { describe, expect, it } from 'vitest';
import { Hierarchy, type HierarchyNode } from '../../streams/hierarchy.ts';

const node = (id: string, level: HierarchyNode['level'], parent: string | null): HierarchyNode => ({ id, level, parent, name: { zh: id, en: id } });
const tree = (): Hierarchy => new Hierarchy([
  node('cq', 'city', null), node('d1', 'district', 'cq'), node('d2', 'district', 'cq'),
  node('s1', 'street', 'd1'), node('c1', 'community', 's1'), node('n1', 'neighbourhood', 'c1'), node('c2', 'community', 's1'),
]);

describe('Hierarchy edited in place', () => {
  it('answers whether a node is within a scope, and lists a subtree parents first', () => {
    const h = tree();
    expect(h.contains('d1', 'n1')).toBe(true);
    expect(h.contains('n1', 'n1')).toBe(true);
    expect(h.contains('d2', 'n1')).toBe(false);
    expect(h.contains('d1', 'unknown')).toBe(false);
    expect(h.subtreeIds('d1')).toEqual(['d1', 's1', 'c1', 'n1', 'c2']);
    expect(h.subtreeIds('nope')).toEqual([]);
  });

  it('moves a subtree, renames, and refuses a move under itself', () => {
    const h = tree();
    const v = h.version;
    h.update('s1', { parent: 'd2', name: { zh: '新街道', en: 'New street' } });
    expect(h.version).toBeGreaterThan(v);
    expect(h.contains('d2', 'n1')).toBe(true);
    expect(h.childrenOf('d1')).toEqual([]);
    expect(h.communitiesUnder('d2')).toEqual(['c1', 'c2']);
    expect(h.get('s1')!.name.zh).toBe('新街道');
    expect(() => h.update('d2', { parent: 'c1' })).toThrow(/cannot move under its own subtree/);
    expect(() => h.update('s1', { parent: 'nowhere' })).toThrow(/unknown parent "nowhere"/);
  });

  it('removes leaves only, and replaces everything in place', () => {
    const h = tree();
    expect(() => h.remove('c1')).toThrow(/has 1 child node;/);
    h.remove('n1');
    h.remove('c1');
    expect(h.childrenOf('s1')).toEqual(['c2']);
    h.replaceAll([node('cq', 'city', null), node('d9', 'district', 'cq')]);
    expect([...h.nodes()].map((n) => n.id)).toEqual(['cq', 'd9']);
    expect(h.has('s1')).toBe(false);
  });
});
