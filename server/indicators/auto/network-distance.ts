/**
 * Distance along an undirected network from the nearest of several source nodes, up to a limit:
 * Dijkstra from all sources at once, with a small binary heap. Used for pipe networks, where the
 * walk graph's node coordinates are not needed.
 */

export interface NetworkEdge { from: string; to: string; lengthM: number }

/**
 * Distance in metres from the nearest source to every node within `maxM` (nodes farther away, or
 * unreachable, are absent). Sources not on any edge are at distance 0 from themselves only.
 */
export function networkDistances(edges: readonly NetworkEdge[], sources: readonly string[], maxM = Infinity): Map<string, number> {
  const adj = new Map<string, [string, number][]>();
  const link = (a: string, b: string, m: number) => {
    let l = adj.get(a);
    if (!l) adj.set(a, (l = []));
    l.push([b, m]);
  };
  for (const e of edges) {
    if (!(e.lengthM >= 0)) continue;
    link(e.from, e.to, e.lengthM);
    link(e.to, e.from, e.lengthM);
  }
  const best = new Map<string, number>();
  const heap: [number, string][] = [];
  const push = (d: number, n: string) => {
    heap.push([d, n]);
    for (let i = heap.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (heap[p][0] <= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): [number, string] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  for (const s of sources) { best.set(s, 0); push(0, s); }
  while (heap.length) {
    const [d, u] = pop();
    if (d > best.get(u)!) continue;
    for (const [v, m] of adj.get(u) ?? []) {
      const nd = d + m;
      if (nd <= maxM && nd < (best.get(v) ?? Infinity)) { best.set(v, nd); push(nd, v); }
    }
  }
  return best;
}
