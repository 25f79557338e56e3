/**
 * The roles a principal can hold, with their zh/en labels: shared by the server's permission
 * table and the pages that show or edit them (the user menu, the admin pages).
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
