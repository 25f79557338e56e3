/**
 * The routing rules as an administrator replaces them (`PUT /api/admin/notify/rules`): the whole
 * list at once, each refusal a NotifyError (400) naming the field (`body field "rules.2.node": …`).
 */
import { z } from 'zod';
import { SEVERITIES } from '../../streams/alerts.ts';
import { RULE_ALERT_TYPES } from '../../streams/alert-rules.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import { CHANNEL_ROLES, type RoutingRule } from '../../streams/notify.ts';
import { parseBody } from './channel-input.ts';
import { NotifyError } from './notify-error.ts';

export const MAX_RULES = 500;

const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1 to 64 lower-case letters, digits or dashes'),
  node: z.string().min(1).max(200),
  roles: z.array(z.enum(CHANNEL_ROLES as [string, ...string[]])).min(1, 'name at least one role to tell').max(CHANNEL_ROLES.length),
  types: z.array(z.enum(RULE_ALERT_TYPES, { message: `must be an alert type: ${RULE_ALERT_TYPES.join(', ')}` })).max(100).optional(),
  severities: z.array(z.enum(SEVERITIES)).max(SEVERITIES.length).optional(),
  immediate: z.boolean().optional(),
});
const RulesBody = z.strictObject({ rules: z.array(Rule).max(MAX_RULES, `at most ${MAX_RULES} rules`) });

export function parseRules(body: unknown, tree: Hierarchy): RoutingRule[] {
  const b = parseBody(RulesBody, body);
  const seen = new Set<string>();
  return b.rules.map((r, i) => {
    if (seen.has(r.id)) throw new NotifyError(400, `body field "rules.${i}.id": "${r.id}" is used by an earlier rule`);
    seen.add(r.id);
    if (!tree.has(r.node)) throw new NotifyError(400, `body field "rules.${i}.node": ${JSON.stringify(r.node.slice(0, 40))} is not in the sites tree`);
    return { id: r.id, node: r.node, roles: r.roles as RoutingRule['roles'], types: r.types ?? [], severities: r.severities ?? [], immediate: r.immediate ?? false };
  });
}
