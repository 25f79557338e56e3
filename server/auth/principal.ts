/**
 * Who is asking: a signed-in person, a wall screen's display token, an ingest gateway's token, or
 * the server itself (the in-process simulator). Every request and socket carries one after sign-in
 * is resolved; the permission table (server/access) decides what it may do, and scopes say where.
 */

/** People's roles (users), then the two token kinds. */
export const USER_ROLES = ['admin', 'leader', 'centre_operator', 'property_operator', 'demo_guest'] as const;
export const TOKEN_ROLES = ['display', 'gateway'] as const;
export const ROLES = [...USER_ROLES, ...TOKEN_ROLES] as const;
export type UserRole = (typeof USER_ROLES)[number];
export type TokenRole = (typeof TOKEN_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, { zh: string; en: string }>> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  leader: { zh: '领导', en: 'Leader' },
  centre_operator: { zh: '治理中心值班员', en: 'Centre operator' },
  property_operator: { zh: '物业值班员', en: 'Property operator' },
  demo_guest: { zh: '演示访客', en: 'Demo guest' },
  display: { zh: '大屏', en: 'Display' },
  gateway: { zh: '采集网关', en: 'Ingest gateway' },
};

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
