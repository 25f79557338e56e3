import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, compareAlerts, filterQuery, matchesFilter, visibleAlerts, type AlertFilter } from '../../client/console/model/alert-filter.ts';
import { isNewer } from '../../client/live/alert-records.ts';
import { alertRecord } from './alert-record.ts';

const f = (over: Partial<AlertFilter>): AlertFilter => ({ ...DEFAULT_FILTER, ...over });

describe('console alert filter', () => {
  it.each([
    ['default shows raised', alertRecord(), DEFAULT_FILTER, true],
    ['default shows resolved (still to close)', alertRecord({ state: 'resolved' }), DEFAULT_FILTER, true],
    ['default hides closed', alertRecord({ state: 'closed' }), DEFAULT_FILTER, false],
    ['empty states show closed', alertRecord({ state: 'closed' }), f({ states: [] }), true],
    ['type match', alertRecord({ type: 'gas_leak' }), f({ types: ['gas_leak', 'fire'] }), true],
    ['type mismatch', alertRecord({ type: 'gas_leak' }), f({ types: ['fire'] }), false],
    ['severity mismatch', alertRecord({ severity: 'warning' }), f({ severities: ['critical', 'major'] }), false],
    ['severity match', alertRecord({ severity: 'major' }), f({ severities: ['critical', 'major'] }), true],
    ['other neighbourhood', alertRecord({ neighbourhood: 'n-a2' }), f({ neighbourhood: 'n-a1' }), false],
    ['same neighbourhood', alertRecord({ neighbourhood: 'n-a1' }), f({ neighbourhood: 'n-a1' }), true],
  ] as const)('%s', (_name, a, filter, shown) => {
    expect(matchesFilter(a, filter)).toBe(shown);
  });

  it('asks the server for the same filter, under the neighbourhood when one is chosen', () => {
    const q = new URLSearchParams(filterQuery(f({ types: ['fire'], severities: ['critical'], neighbourhood: 'n-a2' }), 'c-a', 500));
    expect(Object.fromEntries(q)).toEqual({ node: 'n-a2', limit: '500', state: 'raised,acknowledged,dispatched,resolved', type: 'fire', severity: 'critical' });
    expect(new URLSearchParams(filterQuery(f({ states: [] }), 'c-a', 10)).has('state')).toBe(false);
    expect(new URLSearchParams(filterQuery(f({ states: [] }), 'c-a', 10)).get('node')).toBe('c-a');
  });

  it('lists waiting alerts first, then by severity, then newest first', () => {
    const list = [
      alertRecord({ id: 1, state: 'acknowledged', severity: 'critical', raisedAt: 5 }),
      alertRecord({ id: 2, state: 'raised', severity: 'warning', raisedAt: 9 }),
      alertRecord({ id: 3, state: 'raised', severity: 'critical', raisedAt: 1 }),
      alertRecord({ id: 4, state: 'raised', severity: 'critical', raisedAt: 2 }),
      alertRecord({ id: 5, state: 'resolved', severity: 'critical', raisedAt: 10 }),
      alertRecord({ id: 6, state: 'closed', severity: 'critical', raisedAt: 10 }),
    ];
    expect(visibleAlerts(list, DEFAULT_FILTER).map((a) => a.id)).toEqual([4, 3, 2, 1, 5]);
    expect([...list].sort(compareAlerts).map((a) => a.id)).toEqual([4, 3, 2, 1, 5, 6]);
  });

  it('keeps the newest record: later updatedAt wins, a tie goes to the higher revision', () => {
    const held = alertRecord({ updatedAt: 100, revision: 2 });
    expect(isNewer(alertRecord({ updatedAt: 101, revision: 2 }), held)).toBe(true);
    expect(isNewer(alertRecord({ updatedAt: 99, revision: 3 }), held)).toBe(false);
    expect(isNewer(alertRecord({ updatedAt: 100, revision: 1 }), held)).toBe(false);
    expect(isNewer(alertRecord({ updatedAt: 100, revision: 2 }), held)).toBe(true);
    expect(isNewer(held, undefined)).toBe(true);
  });
});
