/**
 * The wall's carousel: the profile's views expanded into steps (a view with a `level` becomes one
 * step per node at that level under its node, so a street's wall goes through its communities)
 * and a timer that turns them. Expanded again at each turn, so a tree that loads late or changes
 * is followed. Owns one timer; `dispose` clears it.
 */
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import type { DisplayView } from '../../streams/displays.ts';

export interface CarouselStep {
  node: string;
  panel?: string;
  scene?: number;
  durationS: number;
}

/** The steps of `views` on `tree`; no views: the profile's node alone. */
export function carouselSteps(views: readonly DisplayView[], profileNode: string, tree: readonly HierarchyNode[]): CarouselStep[] {
  if (views.length === 0) return [{ node: profileNode, durationS: 0 }];
  const out: CarouselStep[] = [];
  for (const v of views) {
    const node = v.node ?? profileNode;
    const base = { panel: v.panel, scene: v.scene, durationS: v.durationS };
    const below = v.level ? nodesAtLevelUnder(tree, node, v.level) : [];
    if (below.length) for (const n of below) out.push({ ...base, node: n });
    // The tree not loaded yet (or nothing at that level): the view's node stands in.
    else out.push({ ...base, node });
  }
  return out;
}

/** Nodes of `level` below `root`, in the tree's order. */
function nodesAtLevelUnder(tree: readonly HierarchyNode[], root: string, level: string): string[] {
  const byId = new Map(tree.map((n) => [n.id, n]));
  const under = (n: HierarchyNode): boolean => {
    for (let p = n.parent === null ? undefined : byId.get(n.parent); p; p = p.parent === null ? undefined : byId.get(p.parent)) if (p.id === root) return true;
    return false;
  };
  return tree.filter((n) => n.level === level && under(n)).map((n) => n.id);
}

export interface CarouselOptions {
  views: readonly DisplayView[];
  profileNode: string;
  tree: () => readonly HierarchyNode[];
  /** Shows a step (navigates, sets the focus). */
  show(step: CarouselStep, index: number, count: number): void;
}

export function startCarousel(opts: CarouselOptions): { dispose(): void } {
  let index = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const turn = () => {
    const steps = carouselSteps(opts.views, opts.profileNode, opts.tree());
    index %= steps.length;
    const step = steps[index];
    opts.show(step, index, steps.length);
    if (steps.length > 1 || opts.views.length > 0) {
      timer = setTimeout(() => { index++; turn(); }, Math.max(1, step.durationS) * 1000);
    }
  };
  turn();
  return { dispose: () => clearTimeout(timer) };
}
