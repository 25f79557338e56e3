/**
 * Typed calls of the server's HTTP API (documented in docs/api.md). Errors name the endpoint and
 * carry the server's own message. Every state-changing request goes through `sendJson`, which adds
 * the session's CSRF token; a 401 on any call sends the page to the sign-in page.
 */
import { csrfHeaders } from '../auth/csrf-token.ts';
import { redirectOn401 } from '../auth/login-redirect.ts';
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
  constructor(
    readonly status: number,
    message: string,
    /** The server's own words (`error` of its JSON answer), for showing to the user as they are. */
    readonly serverMessage: string = message,
    /** The whole JSON answer of a failed request (`lockedUntil`, `retryAfterS`, `problems`…), {} when none. */
    readonly body: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** The sign-in and display pages handle 401 themselves instead of being sent to sign in. */
  noLoginRedirect?: boolean;
}

export type StateChangingMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SendOptions extends RequestOptions {
  /** A body sent as it is (a CSV or JSON file) with this content type, instead of JSON-encoding `body`. */
  contentType?: string;
}

async function request(method: string, path: string, init: RequestInit, opts: RequestOptions): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, method, signal: opts.signal });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new ApiError(0, `api: ${method} ${path}: ${(e as Error).message}`, (e as Error).message, {}, { cause: e });
  }
  if (res.ok) return res;
  let body: Record<string, unknown> = {};
  try {
    const json: unknown = await res.json();
    if (json && typeof json === 'object') body = json as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): the status text will do.
  }
  const detail = typeof body.error === 'string' ? body.error : res.statusText || String(res.status);
  if (res.status === 401 && !opts.noLoginRedirect) redirectOn401(res.status);
  throw new ApiError(res.status, `api: ${method} ${path}: ${res.status} ${detail}`, detail, body);
}

export async function getJson<T>(path: string, signal?: AbortSignal, opts: Omit<RequestOptions, 'signal'> = {}): Promise<T> {
  const res = await request('GET', path, { headers: { accept: 'application/json' } }, { ...opts, signal });
  return (await res.json()) as T;
}

/**
 * A state-changing request with the session's CSRF token. Resolves to the JSON answer, or
 * undefined for 204; rejects with an ApiError carrying the status and the server's answer.
 */
export async function sendJson<T = void>(method: StateChangingMethod, path: string, body?: unknown, opts: SendOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...csrfHeaders() };
  let payload: string | undefined;
  if (opts.contentType !== undefined) {
    headers['content-type'] = opts.contentType;
    payload = String(body ?? '');
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await request(method, path, { headers, body: payload, credentials: 'same-origin' }, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The places the caller may see, and `home`: where a page opened without ?node= starts. */
export function fetchHierarchy(signal?: AbortSignal): Promise<{ nodes: HierarchyNode[]; home: string | null }> {
  return getJson<{ nodes: HierarchyNode[]; home?: string | null }>('/api/hierarchy', signal).then((r) => ({ nodes: r.nodes, home: r.home ?? null }));
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
