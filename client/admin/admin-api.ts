/** The administrator's calls under `/api/admin/…` (docs/api.md, "Administration"). */
import type { Level } from '../../streams/hierarchy.ts';
import type { Role, UserRole } from '../../streams/roles.ts';
import type { SiteBoundary } from '../../streams/sites/site-record.ts';
import { getJson, sendJson } from '../api/api-client.ts';
import type { DisplayProfile, DisplayStatus } from '../../streams/displays.ts';
import type { NotifyChannel, RoutingRule } from '../../streams/notify.ts';

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  scopes: string[];
  disabled: boolean;
  /** Epoch ms, null when not locked. */
  lockedUntil: number | null;
  mustChangePassword: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}

export interface NewUser { username: string; displayName: string; password: string; roles: UserRole[]; scopes: string[] }
export type UserChange = Partial<{ displayName: string; roles: UserRole[]; scopes: string[]; disabled: boolean; password: string }>;

export interface AdminToken {
  id: string;
  kind: 'display' | 'gateway';
  name: string;
  scopes: string[];
  createdAt: number;
  createdBy: string;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface AuditEntry {
  id: string;
  at: number;
  actor: { kind: string; id: string; name: string };
  action: string;
  target: string;
  detail: unknown;
  address: string;
}

/** A place as the sites list answers it. */
export interface SiteSummary {
  id: string;
  level: Level;
  parent: string | null;
  code: string | null;
  name: { zh: string; en: string };
  twin?: string | null;
  urban?: boolean;
  source?: string;
}

export interface SiteDetail extends SiteSummary {
  boundary?: SiteBoundary | null;
  /** From the root down to the place's parent. */
  path?: SiteSummary[];
  /** How many places lie directly below it. */
  childCount?: number;
  revision?: number;
}

/** What the sites routes answer for one place. */
interface SiteAnswer { revision: number; site: SiteSummary & { boundary?: SiteBoundary | null }; children?: number; path?: SiteSummary[] }

const toDetail = (a: SiteAnswer): SiteDetail => ({
  ...a.site, revision: a.revision, childCount: a.children,
  // The server's path ends with the place itself.
  path: a.path?.filter((p) => p.id !== a.site.id),
});

export interface SiteList { revision: number; sites: SiteSummary[] }
export type SiteChange = Partial<{ name: { zh: string; en: string }; code: string | null; parent: string; twin: string | null }>;
export interface ImportResult { imported: number; created: number; updated: number; revision: number }

const enc = encodeURIComponent;

export const listUsers = () => getJson<{ users: AdminUser[] }>('/api/admin/users').then((r) => r.users);
export const createUser = (u: NewUser) => sendJson<{ user: AdminUser }>('POST', '/api/admin/users', u).then((r) => r.user);
export const updateUser = (id: string, change: UserChange) => sendJson<{ user: AdminUser }>('PATCH', `/api/admin/users/${enc(id)}`, change).then((r) => r.user);
export const deleteUser = (id: string) => sendJson('DELETE', `/api/admin/users/${enc(id)}`);
export const unlockUser = (id: string) => sendJson<{ user: AdminUser }>('POST', `/api/admin/users/${enc(id)}/unlock`).then((r) => r.user);

export const listDisplays = () => getJson<{ displays: DisplayStatus[] }>('/api/admin/displays').then((r) => r.displays);
export const createDisplay = (body: unknown) => sendJson<{ display: DisplayProfile }>('POST', '/api/admin/displays', body).then((r) => r.display);
export const updateDisplay = (id: string, body: unknown) => sendJson<{ display: DisplayProfile }>('PATCH', `/api/admin/displays/${enc(id)}`, body).then((r) => r.display);
export const deleteDisplay = (id: string) => sendJson('DELETE', `/api/admin/displays/${enc(id)}`);

export const listTokens = () => getJson<{ tokens: AdminToken[] }>('/api/admin/tokens').then((r) => r.tokens);
export const createToken = (t: { kind: AdminToken['kind']; name: string; scopes: string[] }) => sendJson<{ token: AdminToken; secret: string }>('POST', '/api/admin/tokens', t);
export const revokeToken = (id: string) => sendJson('DELETE', `/api/admin/tokens/${enc(id)}`);

export function auditPage(query: string): Promise<{ entries: AuditEntry[]; next?: string }> {
  return getJson(`/api/admin/audit${query ? `?${query}` : ''}`);
}

/** One level of the tree (`under` null: from the top) or a search (`q`); never the whole tree. */
export function listSites(opts: { under?: string | null; depth?: number; q?: string }, signal?: AbortSignal): Promise<SiteList> {
  const p = new URLSearchParams();
  if (opts.under) p.set('under', opts.under);
  if (opts.depth !== undefined) p.set('depth', String(opts.depth));
  if (opts.q) p.set('q', opts.q);
  return getJson(`/api/admin/sites?${p}`, signal);
}
export const getSite = (id: string, signal?: AbortSignal) => getJson<SiteAnswer>(`/api/admin/sites/${enc(id)}`, signal).then(toDetail);
export const createSite = (s: SiteSummary) => sendJson<SiteAnswer>('POST', '/api/admin/sites', s).then(toDetail);
export const updateSite = (id: string, change: SiteChange, expectedRevision: number) =>
  sendJson<SiteAnswer>('PATCH', `/api/admin/sites/${enc(id)}`, { ...change, expectedRevision }).then(toDetail);
export const deleteSite = (id: string, expectedRevision: number) => sendJson('DELETE', `/api/admin/sites/${enc(id)}?expectedRevision=${expectedRevision}`);

/** A sites file as it is (CSV or JSON); 400 answers `problems`, every one. */
export function importSites(text: string, format: 'csv' | 'json', mode: 'merge' | 'replace-subtree', under: string | null): Promise<ImportResult> {
  const p = new URLSearchParams({ mode });
  if (under) p.set('under', under);
  return sendJson('POST', `/api/admin/sites/import?${p}`, text, { contentType: format === 'csv' ? 'text/csv' : 'application/json' });
}

import type { DeadLetter, DeadLetterReason } from '../../streams/dead-letters.ts';
export { DEAD_LETTER_REASONS, type DeadLetter, type DeadLetterReason } from '../../streams/dead-letters.ts';

export interface DeadLetterSourceCount {
  /** `kind:id`, what the list filters on. */
  key: string;
  kind: string;
  name: string;
  address: string;
  lines: number;
  byReason: Record<DeadLetterReason, number>;
  lastAt: number;
}

export interface DeadLetterListing {
  stats: { kept: number; bytes: number; dropped: number; replayed: number; refused: number; byReason: Record<DeadLetterReason, number>; limits: { maxRecords: number; maxBytes: number } };
  sources: DeadLetterSourceCount[];
  /** Letters matching the filter (the list holds the newest of them). */
  matching: number;
  letters: DeadLetter[];
}

export type ReplayRequest = { ids: number[] } | { all: true; source?: string; reason?: DeadLetterReason };
export interface ReplayResult { selected: number; accepted: number; refused: number; skipped: number; errors: string[]; remaining: number }

export const listDeadLetters = (query: string, signal?: AbortSignal) => getJson<DeadLetterListing>(`/api/admin/dead-letters${query ? `?${query}` : ''}`, signal);
export const replayDeadLetters = (req: ReplayRequest) => sendJson<ReplayResult>('POST', '/api/admin/dead-letters/replay', req);
/** A channel as the server answers it: secrets masked, with how many alerts wait in its queue. */
export type AdminChannel = NotifyChannel & { waiting: number };
export interface RoutingAnswer { rules: RoutingRule[]; inForce: RoutingRule[]; isDefault: boolean }

export const listChannels = (node?: string) => getJson<{ channels: AdminChannel[] }>(`/api/admin/notify/channels${node ? `?node=${enc(node)}` : ''}`).then((r) => r.channels);
export const createChannel = (body: unknown) => sendJson<{ channel: NotifyChannel }>('POST', '/api/admin/notify/channels', body).then((r) => r.channel);
export const updateChannel = (id: string, body: unknown) => sendJson<{ channel: NotifyChannel }>('PATCH', `/api/admin/notify/channels/${enc(id)}`, body).then((r) => r.channel);
export const deleteChannel = (id: string) => sendJson('DELETE', `/api/admin/notify/channels/${enc(id)}`);
export const testChannel = (id: string) =>
  sendJson<{ result: { ok: boolean; status: number | null; answer: string } }>('POST', `/api/admin/notify/channels/${enc(id)}/test`).then((r) => r.result);
export const getRouting = () => getJson<RoutingAnswer>('/api/admin/notify/rules');
export const putRouting = (rules: unknown) => sendJson<RoutingAnswer>('PUT', '/api/admin/notify/rules', { rules });
