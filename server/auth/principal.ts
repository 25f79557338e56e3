/**
 * Who is asking: a signed-in person, a wall screen's display token, an ingest gateway's token, or
 * the server itself (the in-process simulator). Every request and socket carries one after sign-in
 * is resolved; the permission table (server/access) decides what it may do, and scopes say where.
 */

import type { Role } from '../../streams/roles.ts';

export { USER_ROLES, TOKEN_ROLES, ROLES, ROLE_LABELS, type UserRole, type TokenRole, type Role } from '../../streams/roles.ts';

export interface Principal {
  kind: 'user' | 'display' | 'gateway' | 'system';
  /** User id or token id ('system' for the server itself). */
  id: string;
  /** Username or token name: what the audit log and alert histories show. */
  name: string;
  /** Shown in the UI (a person's full name); equals `name` for tokens. */
  displayName: string;
  roles: readonly Role[];
  /** Hierarchy node ids; each includes its subtree. */
  scopes: readonly string[];
  /** The session this request came with (cookie sign-in); revoking it closes the principal's sockets. */
  sessionId?: string;
}

export const SYSTEM_PRINCIPAL: Principal = Object.freeze({
  kind: 'system', id: 'system', name: 'system', displayName: 'system', roles: Object.freeze(['admin'] as Role[]), scopes: Object.freeze([] as string[]),
});
