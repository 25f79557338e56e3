/**
 * Typed reads of the server's HTTP API (server/api/query-routes.ts, documented in docs/api.md).
 * Errors name the endpoint and carry the server's own message.
 */
import type { ClientConfig } from '../../streams/client-config.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import type { FieldType } from '../../streams/families/index.ts';

/** A series as /api/series, /api/latest and /api/query describe it. */
export interface ApiSeries {
  id: number;
  measurement: string;
  tags: Record<string, string>;
  field: string;
  type: FieldType;
  /** Unit symbol from the family's descriptor (streams/families/; '' for counts and states). */
  unit: string;
}

export interface ApiLatest extends ApiSeries {
  /** Epoch ms of the newest sample, null when none. */
  t: number | null;
  v: number | string | null;
}

export interface ApiQueryResult {
  from: number;
  to: number;
  windowMs: number;
  source: 'raw' | '1m' | '1h';
  truncated: boolean;
  series: (ApiSeries & { t: number[]; v: number[] })[];
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly status: number, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, `api: GET ${path}: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) {
    let detail = res.statusText;
    try {
      detail = ((await res.json()) as { error?: string }).error ?? detail;
    } catch {
      // Not JSON (a proxy's error page): the status text will do.
    }
    throw new ApiError(res.status, `api: GET ${path}: ${res.status} ${detail}`);
  }
  return (await res.json()) as T;
}

export function fetchHierarchy(signal?: AbortSignal): Promise<HierarchyNode[]> {
  return getJson<{ nodes: HierarchyNode[] }>('/api/hierarchy', signal).then((r) => r.nodes);
}

/** Settings the server's configuration gives pages (links to other hosts among them). */
export function fetchClientConfig(signal?: AbortSignal): Promise<ClientConfig> {
  return getJson<ClientConfig>('/api/client-config', signal);
}

/** Query string of the tag filters that pick a node's series (`community` or `neighbourhood`). */
export function nodeFilter(node: HierarchyNode): string {
  return node.level === 'neighbourhood' ? `neighbourhood=${encodeURIComponent(node.id)}` : `community=${encodeURIComponent(node.id)}`;
}

export function tagFilter(tags: Record<string, string>): string {
  return Object.entries(tags).map(([k, v]) => `tag.${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}
