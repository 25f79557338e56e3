import { describe, expect, it } from 'vitest';
import { eventsOfHistory, severitiesBySeriousness, tallyAlerts, typesByCount, type AlertEventKey } from '../../../client/panels/alert-stats/alert-tally.ts';

const e = (type: string, severity: string, time: number, device = 'd-1'): AlertEventKey => ({ type, severity, device, time });
const plain = (t: ReturnType<typeof tallyAlerts>) => ({
  total: t.total,
  bySeverity: Object.fromEntries(t.bySeverity),
  byType: Object.fromEntries([...t.byType].map(([k, v]) => [k, Object.fromEntries(v)])),
});

describe('tallyAlerts', () => {
  it.each<[string, AlertEventKey[], number, ReturnType<typeof plain>]>([
    ['counts by type and severity', [e('fire', 'critical', 10), e('fire', 'major', 11), e('gas_leak', 'major', 12)], 0,
      { total: 3, bySeverity: { critical: 1, major: 2 }, byType: { fire: { critical: 1, major: 1 }, gas_leak: { major: 1 } } }],
    ['an event seen in the history and live counts once', [e('fire', 'critical', 10), e('fire', 'critical', 10)], 0,
      { total: 1, bySeverity: { critical: 1 }, byType: { fire: { critical: 1 } } }],
    ['two devices at the same moment are two events', [e('fire', 'critical', 10, 'a'), e('fire', 'critical', 10, 'b')], 0,
      { total: 2, bySeverity: { critical: 2 }, byType: { fire: { critical: 2 } } }],
    ['events before the window are left out', [e('fire', 'critical', 5), e('fire', 'critical', 15)], 10,
      { total: 1, bySeverity: { critical: 1 }, byType: { fire: { critical: 1 } } }],
    ['nothing', [], 0, { total: 0, bySeverity: {}, byType: {} }],
  ])('%s', (_name, events, from, want) => {
    expect(plain(tallyAlerts(events, from))).toEqual(want);
  });

  it('reads one event per raw point of the history, with the tags of its series', () => {
    const events = eventsOfHistory([
      { tags: { type: 'fire', severity: 'critical', device: 'smk-1' }, t: [1, 2] },
      { tags: { type: 'pipe_leak', severity: 'major', device: 'ws-3' }, t: [3] },
    ]);
    expect(events).toEqual([e('fire', 'critical', 1, 'smk-1'), e('fire', 'critical', 2, 'smk-1'), e('pipe_leak', 'major', 3, 'ws-3')]);
  });

  it('orders types by count and severities by seriousness', () => {
    const t = tallyAlerts([e('b', 'info', 1), e('a', 'major', 2), e('a', 'info', 3), e('c', 'info', 4)], 0);
    expect(typesByCount(t)).toEqual(['a', 'b', 'c']);
    expect(severitiesBySeriousness(['info', 'odd', 'critical'])).toEqual(['critical', 'major', 'warning', 'info', 'odd']);
  });
});
