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

/**
 * A tree of nodes, indexed for the lookups the live hub does per tick. The sites registry edits it
 * in place (rename, move, remove, replace all), so everyone holding it sees the current tree.
 */
export class Hierarchy {
  private readonly byId = new Map<string, HierarchyNode>();
  private readonly children = new Map<string, string[]>();
  private changes = 0;

  constructor(nodes: Iterable<HierarchyNode>) {
    for (const n of nodes) this.add(n);
  }

  /** Counts every change, so a cache built from the tree can tell it is stale. */
  get version(): number {
    return this.changes;
  }

  add(node: HierarchyNode): void {
    if (this.byId.has(node.id)) throw new Error(`hierarchy: duplicate node id "${node.id}"`);
    if (node.parent !== null && !this.byId.has(node.parent)) {
      throw new Error(`hierarchy: node "${node.id}" names unknown parent "${node.parent}"`);
    }
    this.byId.set(node.id, node);
    this.children.set(node.id, []);
    if (node.parent !== null) this.children.get(node.parent)!.push(node.id);
    this.changes++;
  }

  /** Renames and/or moves a node (its level stays); a move under its own subtree is refused. */
  update(id: string, change: { name?: HierarchyNode['name']; parent?: string | null }): void {
    const node = this.byId.get(id);
    if (!node) throw new Error(`hierarchy: no node "${id}"`);
    const parent = change.parent === undefined ? node.parent : change.parent;
    if (parent !== node.parent) {
      if (parent !== null && !this.byId.has(parent)) throw new Error(`hierarchy: node "${id}" names unknown parent "${parent}"`);
      if (parent !== null && this.contains(id, parent)) throw new Error(`hierarchy: node "${id}" cannot move under its own subtree ("${parent}")`);
      if (node.parent !== null) this.detach(node.parent, id);
      if (parent !== null) this.children.get(parent)!.push(id);
    }
    // Nodes are replaced, not mutated: a caller may still hold the old object.
    this.byId.set(id, { ...node, name: change.name ?? node.name, parent });
    this.changes++;
  }

  /** Removes a leaf; a node with children is refused (remove them first). */
  remove(id: string): void {
    const node = this.byId.get(id);
    if (!node) return;
    const kids = this.children.get(id)!;
    if (kids.length > 0) throw new Error(`hierarchy: node "${id}" has ${kids.length} child node${kids.length === 1 ? '' : 's'}; remove them first`);
    if (node.parent !== null) this.detach(node.parent, id);
    this.byId.delete(id);
    this.children.delete(id);
    this.changes++;
  }

  /** Replaces every node at once, in place (parents must come before their children). */
  replaceAll(nodes: Iterable<HierarchyNode>): void {
    this.byId.clear();
    this.children.clear();
    for (const n of nodes) this.add(n);
  }

  get(id: string): HierarchyNode | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.byId.size;
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

  /**
   * Whether `id` is `ancestorId` or lies below it: the scope check of every request, so it walks up
   * the (at most five) ancestors instead of down the subtree.
   */
  contains(ancestorId: string, id: string): boolean {
    for (let n = this.byId.get(id); n; n = n.parent === null ? undefined : this.byId.get(n.parent)) {
      if (n.id === ancestorId) return true;
    }
    return false;
  }

  /** The node and every node below it, depth first (each parent before its children); empty for an unknown id. */
  subtreeIds(id: string): string[] {
    if (!this.byId.has(id)) return [];
    const out: string[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const next = stack.pop()!;
      out.push(next);
      const kids = this.childrenOf(next);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return out;
  }

  /** Community ids at or below a node. */
  communitiesUnder(id: string): string[] {
    const node = this.byId.get(id);
    if (!node) return [];
    if (node.level === 'community') return [id];
    if (node.level === 'neighbourhood') return node.parent ? [node.parent] : [];
    return this.childrenOf(id).flatMap((c) => this.communitiesUnder(c));
  }

  private detach(parent: string, id: string): void {
    const kids = this.children.get(parent);
    if (!kids) return;
    const i = kids.indexOf(id);
    if (i >= 0) kids.splice(i, 1);
  }
}
