/**
 * History of one field over all the series under a node, for the panels' charts. `/api/query`
 * touches at most 200 series per request; a node with more (a large community's alert devices)
 * is read neighbourhood by neighbourhood.
 */
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { ApiError, getJson, nodeFilter, type ApiQueryResult } from './api-client.ts';

export interface NodeQuery {
  measurement: string;
  field: string;
  /** `from` and `to` as /api/query takes them (epoch ms, `now-24h`, …). */
  from: string | number;
  to?: string | number;
  /** Bucket width (`5m`, `1h`, `raw`). */
  window: string;
  agg?: 'mean' | 'min' | 'max' | 'last' | 'sum';
  /** Most points per series. Default 1000. */
  maxPoints?: number;
}

export type NodeQueryResult = Pick<ApiQueryResult, 'windowMs' | 'to' | 'series'>;

function queryString(q: NodeQuery, filter: string): string {
  const parts = [
    `measurement=${encodeURIComponent(q.measurement)}`, `field=${encodeURIComponent(q.field)}`, filter,
    `from=${encodeURIComponent(String(q.from))}`, `window=${encodeURIComponent(q.window)}`, `agg=${q.agg ?? 'mean'}`,
    `maxPoints=${q.maxPoints ?? 1000}`,
  ];
  if (q.to !== undefined) parts.push(`to=${encodeURIComponent(String(q.to))}`);
  return parts.join('&');
}

/**
 * The field's series under a community or neighbourhood (empty when none reported yet). Nodes
 * above the community level have no per-series history here; they answer empty.
 */
export async function queryNode(node: HierarchyNode, hierarchy: readonly HierarchyNode[], q: NodeQuery, signal: AbortSignal): Promise<NodeQueryResult> {
  if (node.level !== 'community' && node.level !== 'neighbourhood') return { windowMs: 0, to: Date.now(), series: [] };
  try {
    return await getJson<ApiQueryResult>(`/api/query?${queryString(q, nodeFilter(node))}`, signal);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { windowMs: 0, to: Date.now(), series: [] };
    // 400 "N series match": split by neighbourhood.
    if (!(e instanceof ApiError && e.status === 400 && /series match/.test(e.message)) || node.level !== 'community') throw e;
  }
  const parts = hierarchy.filter((n) => n.parent === node.id && n.level === 'neighbourhood');
  const results = await Promise.all(parts.map((n) => queryNode(n, hierarchy, q, signal)));
  return {
    windowMs: Math.max(0, ...results.map((r) => r.windowMs)),
    to: Math.max(0, ...results.map((r) => r.to)),
    series: results.flatMap((r) => r.series),
  };
}
