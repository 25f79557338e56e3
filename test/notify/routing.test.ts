/**
 * Who is told about an alert, and at which step of the escalation ladder: rules by place, type,
 * severity and role, the default rule while none is configured, `immediate`, and one entry per
 * channel at its earliest step.
 */
import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../streams/hierarchy.ts';
import type { NotifyChannel, RoutingRule } from '../../streams/notify.ts';
import { recipients, rulesInForce } from '../../server/notify/routing.ts';
import { TEST_HIERARCHY } from '../support/test-app.ts';

const tree = new Hierarchy(TEST_HIERARCHY);
const ch = (id: string, node: string, role: NotifyChannel['role'], enabled = true): NotifyChannel => ({
  id, name: id, node, role, enabled, settings: { kind: 'webhook', url: 'https://hook.example.cn', secret: 's' }, createdAt: 0, updatedAt: 0,
});
const CHANNELS = [
  ch('prop-a1', 'n-a1', 'property_operator'), ch('prop-a2', 'n-a2', 'property_operator'), ch('prop-ca', 'c-a', 'property_operator'),
  ch('centre-s1', 's-1', 'centre_operator'), ch('leader-s1', 's-1', 'leader'), ch('centre-d', 'd-yz', 'centre_operator'),
  ch('centre-cq', 'cq', 'centre_operator'), ch('off-a1', 'n-a1', 'property_operator', false),
];
const channelsAt = (node: string) => CHANNELS.filter((c) => c.node === node);
const rule = (r: Partial<RoutingRule> & Pick<RoutingRule, 'id' | 'node'>): RoutingRule => ({ roles: ['property_operator', 'centre_operator'], types: [], severities: [], immediate: false, ...r });
const fire = { community: 'c-a', neighbourhood: 'n-a1', type: 'fire', severity: 'critical' } as const;

describe('routing', () => {
  it.each([
    ['the default rule: the ladder up the whole tree, every role, disabled channels left out', [], fire,
      { 'prop-a1': 0, 'prop-ca': 0, 'centre-s1': 1, 'leader-s1': 1, 'centre-d': 2, 'centre-cq': 3 }],
    ['a street rule stops at its street', [rule({ id: 'r', node: 's-1' })], fire, { 'prop-a1': 0, 'prop-ca': 0, 'centre-s1': 1 }],
    ['only the roles named', [rule({ id: 'r', node: 'd-yz', roles: ['centre_operator'] })], fire, { 'centre-s1': 1, 'centre-d': 2 }],
    ['a rule elsewhere in the tree does not apply', [rule({ id: 'r', node: 'c-b' })], fire, {}],
    ['a type it does not name', [rule({ id: 'r', node: 's-1', types: ['pipe_leak'] })], fire, {}],
    ['a severity it does not name', [rule({ id: 'r', node: 's-1', severities: ['info', 'warning'] })], fire, {}],
    ['immediate tells every channel at raise; the earliest step wins when rules overlap',
      [rule({ id: 'ladder', node: 'd-yz' }), rule({ id: 'fire', node: 's-1', types: ['fire'], immediate: true })], fire,
      { 'prop-a1': 0, 'prop-ca': 0, 'centre-s1': 0, 'centre-d': 2 }],
    ['a community-wide rule alert (no neighbourhood) starts at its community', [], { ...fire, neighbourhood: '' },
      { 'prop-ca': 0, 'centre-s1': 1, 'leader-s1': 1, 'centre-d': 2, 'centre-cq': 3 }],
  ] as const)('%s', (_name, configured, alert, want) => {
    const got = recipients(alert, tree, rulesInForce(configured as readonly RoutingRule[], tree), channelsAt);
    expect(Object.fromEntries(got.map((r) => [r.channel.id, r.step]))).toEqual(want);
  });
});
