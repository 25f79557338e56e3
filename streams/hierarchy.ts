/**
 * The administrative hierarchy the guideline calls 五级: 市 → 区县 → 街道 → 社区 → 小区.
 * Every series names its community and neighbourhood; the levels above come from this tree, so a
 * street centre can subscribe to the totals of all its communities.
 */

export const LEVELS = ['city', 'district', 'street', 'community', 'neighbourhood'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Readonly<Record<Level, { zh: string; en: string }>> = {
  city: { zh: '市', en: 'City' },
  district: { zh: '区县', en: 'District' },
  street: { zh: '街道', en: 'Street' },
  community: { zh: '社区', en: 'Community' },
  neighbourhood: { zh: '小区', en: 'Neighbourhood' },
};

export interface HierarchyNode {
  /** Unique across the tree; community and neighbourhood ids equal their series tag values. */
  id: string;
  level: Level;
  name: { zh: string; en: string };
  parent: string | null;
}

/** A tree of nodes, indexed for the lookups the live hub does per tick. */
export class Hierarchy {
  private readonly byId = new Map<string, HierarchyNode>();
  private readonly children = new Map<string, string[]>();

  constructor(nodes: Iterable<HierarchyNode>) {
    for (const n of nodes) this.add(n);
  }

  add(node: HierarchyNode): void {
    if (this.byId.has(node.id)) throw new Error(`hierarchy: duplicate node id "${node.id}"`);
    if (node.parent !== null && !this.byId.has(node.parent)) {
      throw new Error(`hierarchy: node "${node.id}" names unknown parent "${node.parent}"`);
    }
    this.byId.set(node.id, node);
    this.children.set(node.id, []);
    if (node.parent !== null) this.children.get(node.parent)!.push(node.id);
  }

  get(id: string): HierarchyNode | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  nodes(): IterableIterator<HierarchyNode> {
    return this.byId.values();
  }

  childrenOf(id: string): readonly string[] {
    return this.children.get(id) ?? [];
  }

  /** The node and its ancestors up to the root, nearest first. */
  pathOf(id: string): HierarchyNode[] {
    const path: HierarchyNode[] = [];
    for (let n = this.byId.get(id); n; n = n.parent === null ? undefined : this.byId.get(n.parent)) path.push(n);
    return path;
  }

  /** Community ids at or below a node. */
  communitiesUnder(id: string): string[] {
    const node = this.byId.get(id);
    if (!node) return [];
    if (node.level === 'community') return [id];
    if (node.level === 'neighbourhood') return node.parent ? [node.parent] : [];
    return this.childrenOf(id).flatMap((c) => this.communitiesUnder(c));
  }
}
