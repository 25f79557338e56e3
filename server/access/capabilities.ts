/**
 * What each role may do. A route or event names one capability (route-table.ts); a principal has
 * it when one of its roles grants it. Where it may do it is the scope's business (scope.ts).
 */
import type { Principal, Role } from '../auth/principal.ts';

export const CAPABILITIES = ['read', 'alerts.act', 'rules.edit', 'assess', 'ingest', 'admin'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  admin: CAPABILITIES,
  leader: ['read'],
  centre_operator: ['read', 'alerts.act', 'rules.edit', 'assess'],
  // Property control rooms handle the alerts of their own neighbourhoods (their scope), nothing else.
  property_operator: ['read', 'alerts.act'],
  display: ['read'],
  gateway: ['ingest'],
  demo_guest: ['read'],
};

/** What a refusal says the caller lacked. */
export const CAPABILITY_WORDS: Readonly<Record<Capability, string>> = {
  read: 'read data',
  'alerts.act': 'act on alerts',
  'rules.edit': 'change alert rules',
  assess: 'sign off indicator items',
  ingest: 'write data',
  admin: 'administer users, tokens, sites and the audit log',
};

export function hasCapability(p: Principal, c: Capability): boolean {
  return p.roles.some((r) => ROLE_CAPABILITIES[r]?.includes(c));
}
