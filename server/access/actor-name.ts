/**
 * The name an action is recorded under (alert histories, rule sets, assessments): the signed-in
 * person's full name with the unique username, so a history stays readable and accountable.
 */
import type { Principal } from '../auth/principal.ts';

/** Alert histories and assessments keep at most this many characters of a name. */
const MAX_ACTOR_CHARS = 64;

export function actorName(p: Principal): string {
  const full = p.displayName && p.displayName !== p.name ? `${p.displayName} (${p.name})` : p.name;
  return full.length > MAX_ACTOR_CHARS ? `${full.slice(0, MAX_ACTOR_CHARS - 1)}…` : full;
}
