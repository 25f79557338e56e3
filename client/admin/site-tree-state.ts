/**
 * The sites page's tree, loaded level by level: about 12,350 places are too many to fetch or
 * render at once, so a node's children are asked for (`under=ID&depth=1`) when it is first opened,
 * and only open nodes' children are rows. Pure state: the page does the fetching.
 */
import type { SiteList, SiteSummary } from './admin-api.ts';

export type Children =
  | { status: 'loading' }
  | { status: 'loaded'; ids: readonly string[] }
  | { status: 'failed'; error: string };

export interface TreeState {
  readonly sites: ReadonlyMap<string, SiteSummary>;
  /** By parent id; the top level under TOP. Absent: never asked for. */
  readonly children: ReadonlyMap<string, Children>;
  readonly expanded: ReadonlySet<string>;
  /** The registry's revision of the newest answer (edits send it as `expectedRevision`). */
  readonly revision: number | null;
}

/** Key of the top level in `children`: not a possible site id. */
export const TOP = '\u0000top';

export type TreeRow =
  | { kind: 'site'; site: SiteSummary; depth: number; expanded: boolean; leaf: boolean }
  | { kind: 'loading' | 'empty'; parent: string; depth: number }
  | { kind: 'failed'; parent: string; depth: number; error: string };

export const EMPTY_TREE: TreeState = { sites: new Map(), children: new Map(), expanded: new Set(), revision: null };

/** Neighbourhoods are the last level: they have nothing to open. */
export function isLeaf(site: SiteSummary): boolean {
  return site.level === 'neighbourhood';
}

const key = (under: string | null) => under ?? TOP;

export function startLoading(s: TreeState, under: string | null): TreeState {
  return { ...s, children: new Map(s.children).set(key(under), { status: 'loading' }) };
}

export function loadFailed(s: TreeState, under: string | null, error: string): TreeState {
  return { ...s, children: new Map(s.children).set(key(under), { status: 'failed', error }) };
}

/**
 * An answer of `GET /api/admin/sites?under=…&depth=N`. Whatever the answer includes, a parent's
 * children are marked known only when the parent is `under` or itself in the answer (so its
 * children up to the depth came with it); the top level is what has no parent in the answer.
 */
export function levelLoaded(s: TreeState, under: string | null, list: SiteList): TreeState {
  const sites = new Map(s.sites);
  const inAnswer = new Set(list.sites.map((x) => x.id));
  const groups = new Map<string, string[]>([[key(under), []]]);
  for (const site of list.sites) {
    sites.set(site.id, site);
    if (site.id === under) continue;
    const parentKey = under === null && (site.parent === null || !inAnswer.has(site.parent)) ? TOP : site.parent;
    if (parentKey === null) continue;
    if (parentKey !== key(under) && !inAnswer.has(parentKey)) continue;
    const g = groups.get(parentKey);
    if (g) g.push(site.id);
    else groups.set(parentKey, [site.id]);
  }
  const children = new Map(s.children);
  for (const [parent, ids] of groups) children.set(parent, { status: 'loaded', ids });
  return { ...s, sites, children, revision: list.revision };
}

/** Open or close a node; `load` says its children must be asked for (never asked, or the last try failed). */
export function toggle(s: TreeState, id: string): { state: TreeState; load: boolean } {
  const expanded = new Set(s.expanded);
  if (expanded.has(id)) {
    expanded.delete(id);
    return { state: { ...s, expanded }, load: false };
  }
  expanded.add(id);
  const c = s.children.get(id);
  const load = c === undefined || c.status === 'failed';
  const state = { ...s, expanded };
  return { state: load ? startLoading(state, id) : state, load };
}

/** The rows to draw: the top level, and below each open node its children (or why there are none yet). */
export function visibleRows(s: TreeState): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (parent: string, depth: number) => {
    const c = s.children.get(parent);
    if (!c) return;
    if (c.status === 'loading') { rows.push({ kind: 'loading', parent, depth }); return; }
    if (c.status === 'failed') { rows.push({ kind: 'failed', parent, depth, error: c.error }); return; }
    if (c.ids.length === 0 && parent !== TOP) { rows.push({ kind: 'empty', parent, depth }); return; }
    for (const id of c.ids) {
      const site = s.sites.get(id);
      if (!site) continue;
      const open = s.expanded.has(id);
      rows.push({ kind: 'site', site, depth, expanded: open, leaf: isLeaf(site) });
      if (open) walk(id, depth + 1);
    }
  };
  walk(TOP, 0);
  return rows;
}

/** After an edit: the new record in place, moved to its new parent's children when the parent changed. */
export function siteSaved(s: TreeState, site: SiteSummary, revision: number | null = s.revision): TreeState {
  const before = s.sites.get(site.id);
  const sites = new Map(s.sites).set(site.id, site);
  const children = new Map(s.children);
  if (!before || before.parent !== site.parent) {
    if (before) removeChild(children, before.parent ?? TOP, site.id);
    const target = children.get(site.parent ?? TOP);
    if (target?.status === 'loaded') children.set(site.parent ?? TOP, { status: 'loaded', ids: [...target.ids, site.id] });
  }
  return { ...s, sites, children, revision };
}

export function siteDeleted(s: TreeState, id: string, revision: number | null = s.revision): TreeState {
  const before = s.sites.get(id);
  const sites = new Map(s.sites);
  sites.delete(id);
  const children = new Map(s.children);
  if (before) removeChild(children, before.parent ?? TOP, id);
  children.delete(id);
  const expanded = new Set(s.expanded);
  expanded.delete(id);
  return { ...s, sites, children, expanded, revision };
}

function removeChild(children: Map<string, Children>, parent: string, id: string): void {
  const c = children.get(parent);
  if (c?.status === 'loaded') children.set(parent, { status: 'loaded', ids: c.ids.filter((x) => x !== id) });
}
