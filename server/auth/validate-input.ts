/**
 * Rules for what administrators may name and grant: usernames, display names, roles, scopes and
 * token names. Each refusal is an AuthError (400) naming the field and what is wrong with it.
 */
import { AuthError, quote } from './auth-error.ts';
import { USER_ROLES, type UserRole } from './principal.ts';

/** What the auth service needs of the sites registry. */
export interface AuthSites {
  /** Whether a node of the tree has this id. */
  has(id: string): boolean;
  /** The tree's root (the city), the first administrator's scope; undefined while the tree is empty. */
  rootId(): string | undefined;
}

const USERNAME = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{1,63}$/u;
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
export const MAX_DISPLAY_NAME = 100;
export const MAX_TOKEN_NAME = 100;
const MAX_SCOPES = 1000;

export function checkUsername(username: string): string {
  if (!USERNAME.test(username)) {
    throw new AuthError(400, `username ${quote(username)} must be 2 to 64 letters, digits or the characters . _ @ -, starting with a letter or digit`);
  }
  return username;
}

/** A name shown to people: any text but control characters, 1 to `max` characters once trimmed. */
export function checkName(field: string, name: string, max: number): string {
  const v = name.trim();
  if (v.length === 0) throw new AuthError(400, `${field} must not be empty`);
  if ([...v].length > max) throw new AuthError(400, `${field} ${quote(v)} is longer than ${max} characters`);
  if (CONTROL.test(v)) throw new AuthError(400, `${field} ${quote(v)} contains a control character`);
  return v;
}

export function checkRoles(roles: readonly string[]): UserRole[] {
  if (roles.length === 0) throw new AuthError(400, `roles must name at least one of ${USER_ROLES.join(', ')}`);
  const bad = roles.find((r) => !(USER_ROLES as readonly string[]).includes(r));
  if (bad !== undefined) throw new AuthError(400, `role ${quote(bad)} is not one of ${USER_ROLES.join(', ')}`);
  return [...new Set(roles)] as UserRole[];
}

/** Node ids that exist; `required` says whether an empty list is refused (everyone but administrators needs a scope). */
export function checkScopes(scopes: readonly string[], sites: AuthSites, required: boolean, what: string): string[] {
  if (required && scopes.length === 0) throw new AuthError(400, `${what} needs at least one scope (a node of the sites tree)`);
  if (scopes.length > MAX_SCOPES) throw new AuthError(400, `${what} has ${scopes.length} scopes; at most ${MAX_SCOPES}`);
  const unknown = scopes.filter((s) => !sites.has(s));
  if (unknown.length) {
    throw new AuthError(400, `scope${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 5).map((s) => quote(s)).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} ${unknown.length > 1 ? 'are' : 'is'} not in the sites tree`);
  }
  return [...new Set(scopes)];
}
