import { describe, expect, it } from 'vitest';
import { severitiesBySeriousness, tallyAlerts, typesByCount, type TalliedAlert } from '../../../client/panels/alert-stats/alert-tally.ts';

let ids = 0;
const e = (type: string, severity: string, raisedAt: number, id = ++ids): TalliedAlert => ({ id, type, severity, raisedAt });
const plain = (t: ReturnType<typeof tallyAlerts>) => ({
  total: t.total,
  bySeverity: Object.fromEntries(t.bySeverity),
  byType: Object.fromEntries([...t.byType].map(([k, v]) => [k, Object.fromEntries(v)])),
});

describe('tallyAlerts', () => {
  it.each<[string, TalliedAlert[], number, ReturnType<typeof plain>]>([
    ['counts by type and severity', [e('fire', 'critical', 10), e('fire', 'major', 11), e('gas_leak', 'major', 12)], 0,
      { total: 3, bySeverity: { critical: 1, major: 2 }, byType: { fire: { critical: 1, major: 1 }, gas_leak: { major: 1 } } }],
    ['a record seen twice (listed and live) counts once', [e('fire', 'critical', 10, 7), e('fire', 'critical', 10, 7)], 0,
      { total: 1, bySeverity: { critical: 1 }, byType: { fire: { critical: 1 } } }],
    ['two records raised at the same moment are two alerts', [e('fire', 'critical', 10), e('fire', 'critical', 10)], 0,
      { total: 2, bySeverity: { critical: 2 }, byType: { fire: { critical: 2 } } }],
    ['records raised before the window are left out', [e('fire', 'critical', 5), e('fire', 'critical', 15)], 10,
      { total: 1, bySeverity: { critical: 1 }, byType: { fire: { critical: 1 } } }],
    ['nothing', [], 0, { total: 0, bySeverity: {}, byType: {} }],
    ['a tour\'s staged incident is never counted', [e('fire', 'critical', 10), { ...e('fire', 'critical', 11, -1), demo: true }], 0,
      { total: 1, bySeverity: { critical: 1 }, byType: { fire: { critical: 1 } } }],
  ])('%s', (_name, events, from, want) => {
    expect(plain(tallyAlerts(events, from))).toEqual(want);
  });

  it('orders types by count and severities by seriousness', () => {
    const t = tallyAlerts([e('b', 'info', 1), e('a', 'major', 2), e('a', 'info', 3), e('c', 'info', 4)], 0);
    expect(typesByCount(t)).toEqual(['a', 'b', 'c']);
    expect(severitiesBySeriousness(['info', 'odd', 'critical'])).toEqual(['critical', 'major', 'warning', 'info', 'odd']);
  });
});
