/**
 * What each role may do. A route or event names one capability (route-table.ts); a principal has
 * it when one of its roles grants it. Where it may do it is the scope's business (scope.ts).
 */
import type { Principal, Role } from '../auth/principal.ts';

export const CAPABILITIES = ['read', 'alerts.act', 'rules.edit', 'assess', 'ingest', 'demo.stage', 'drills.run', 'admin'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  admin: CAPABILITIES,
  // Staging a tour's incident (server/tours) touches no real record: whoever gives inspection visits
  // may, within their scope. Not property control rooms (they handle real alerts) nor wall screens.
  leader: ['read', 'demo.stage'],
  centre_operator: ['read', 'alerts.act', 'rules.edit', 'assess', 'demo.stage', 'drills.run'],
  // Property control rooms handle the alerts of their own neighbourhoods (their scope), and drill
  // their emergency plans there.
  property_operator: ['read', 'alerts.act', 'drills.run'],
  display: ['read'],
  gateway: ['ingest'],
  demo_guest: ['read', 'demo.stage'],
};

/** What a refusal says the caller lacked. */
export const CAPABILITY_WORDS: Readonly<Record<Capability, string>> = {
  read: 'read data',
  'alerts.act': 'act on alerts',
  'rules.edit': 'change alert rules',
  assess: 'sign off indicator items',
  ingest: 'write data',
  'demo.stage': 'stage the incidents of a demo tour',
  'drills.run': 'start or finish a drill of an emergency plan',
  admin: 'administer users, tokens, sites and the audit log',
};

export function hasCapability(p: Principal, c: Capability): boolean {
  return p.roles.some((r) => ROLE_CAPABILITIES[r]?.includes(c));
}
