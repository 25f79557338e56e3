/**
 * Who is told about an alert, and at which escalation step: the routing rules that cover the
 * alert's place, type and severity, and the channels of their roles on the way from the place up
 * to each rule's node. A channel named by several rules is told at its earliest step.
 */
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import { DEFAULT_ROUTING_RULE, ESCALATION_STEP, type NotifyChannel, type RoutingRule } from '../../streams/notify.ts';

export interface Recipient {
  channel: NotifyChannel;
  /** 0: at raise; k: once the acknowledgement target has passed k times unacknowledged. */
  step: number;
}

/** The rules in force: the configured ones, or the default rule at the root while there are none. */
export function rulesInForce(configured: readonly RoutingRule[], tree: Hierarchy): RoutingRule[] {
  if (configured.length) return [...configured];
  const root = [...tree.nodes()].find((n) => n.parent === null);
  return root ? [{ ...DEFAULT_ROUTING_RULE, node: root.id }] : [];
}

export function recipients(
  alert: Pick<AlertRecord, 'community' | 'neighbourhood' | 'type' | 'severity'>,
  tree: Hierarchy,
  rules: readonly RoutingRule[],
  channelsAt: (node: string) => readonly NotifyChannel[],
): Recipient[] {
  // Nearest first: the neighbourhood (a community-wide rule alert has none), its community, the street …
  const path = tree.pathOf(alert.neighbourhood || alert.community);
  const best = new Map<string, Recipient>();
  for (const rule of rules) {
    const top = path.findIndex((n) => n.id === rule.node);
    if (top < 0) continue;
    if (rule.types.length && !rule.types.includes(alert.type)) continue;
    if (rule.severities.length && !rule.severities.includes(alert.severity)) continue;
    for (const node of path.slice(0, top + 1)) {
      const step = rule.immediate ? 0 : ESCALATION_STEP[node.level];
      for (const channel of channelsAt(node.id)) {
        if (!channel.enabled || !rule.roles.includes(channel.role)) continue;
        const had = best.get(channel.id);
        if (!had || step < had.step) best.set(channel.id, { channel, step });
      }
    }
  }
  return [...best.values()];
}
