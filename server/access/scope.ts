/**
 * Where a principal may read or act: its scope nodes and their subtrees. Administrators (and the
 * server itself) see the whole tree. Checked per request and per subscription, so every answer is
 * an O(depth) walk up the tree.
 */
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { Principal } from '../auth/principal.ts';

export class Scope {
  private readonly roots: ReadonlySet<string>;
  /** The whole tree: administrators, the server, or a scope at the root. */
  readonly all: boolean;

  constructor(readonly principal: Principal, private readonly hierarchy: Hierarchy) {
    this.roots = new Set(principal.scopes);
    this.all = principal.kind === 'system' || principal.roles.includes('admin')
      || principal.scopes.some((s) => hierarchy.get(s)?.parent === null);
  }

  /** The node is one of the scope nodes or below one. */
  includes(nodeId: string): boolean {
    if (this.all) return true;
    for (const n of this.hierarchy.pathOf(nodeId)) if (this.roots.has(n.id)) return true;
    return false;
  }

  /** The node is in scope or above a scope node: its name is shown so the tree can be walked down to the scope. */
  sees(nodeId: string): boolean {
    if (this.includes(nodeId)) return true;
    for (const r of this.roots) if (this.hierarchy.pathOf(r).some((n) => n.id === nodeId)) return true;
    return false;
  }

  /** A series is readable when its community or its neighbourhood is in scope. */
  readsSeries(tags: Readonly<Record<string, string>>): boolean {
    if (this.all) return true;
    const { community, neighbourhood } = tags;
    return (community !== undefined && this.includes(community)) || (neighbourhood !== undefined && this.includes(neighbourhood));
  }

  /** The scope nodes a list with no node filter is limited to; undefined when it is the whole tree. */
  limits(): string[] | undefined {
    return this.all ? undefined : [...this.roots];
  }

  /** Scope nodes and their names, for refusals that say what the caller may see instead. */
  describe(): string {
    if (this.all) return 'the whole tree';
    return [...this.roots].map((id) => {
      const n = this.hierarchy.get(id);
      return n ? `${n.name.zh} (${id})` : id;
    }).join(', ') || 'nothing';
  }
}
