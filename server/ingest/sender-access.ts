/**
 * A dead letter's sender as it is now, for replay: its token or account must still be in force and
 * still allowed to write, and its lines are judged against its scope of today (a scope widened to
 * fix a refusal lets them in; a revoked token's lines stay where they are).
 */
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { Access } from '../access/guard.ts';
import { hasCapability } from '../access/capabilities.ts';
import { Scope } from '../access/scope.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { Principal } from '../auth/principal.ts';
import type { DeadLetterSource } from './dead-letters.ts';

export function currentAccess(source: DeadLetterSource, auth: Pick<AuthService, 'listTokens' | 'listUsers'>, hierarchy: Hierarchy): Access | undefined {
  const principal = currentPrincipal(source, auth);
  if (!principal || !hasCapability(principal, 'ingest')) return undefined;
  return { principal, scope: new Scope(principal, hierarchy) };
}

function currentPrincipal(source: DeadLetterSource, auth: Pick<AuthService, 'listTokens' | 'listUsers'>): Principal | undefined {
  if (source.kind === 'gateway' || source.kind === 'display') {
    const t = auth.listTokens().find((x) => x.id === source.id && x.revokedAt === null);
    return t && { kind: t.kind, id: t.id, name: t.name, displayName: t.name, roles: [t.kind], scopes: t.scopes };
  }
  if (source.kind === 'user') {
    const u = auth.listUsers().find((x) => x.id === source.id && !x.disabled);
    return u && { kind: 'user', id: u.id, name: u.username, displayName: u.displayName, roles: u.roles, scopes: u.scopes };
  }
  return undefined;
}
