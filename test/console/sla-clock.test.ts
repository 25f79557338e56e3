import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_TARGETS } from '../../streams/alert-lifecycle.ts';
import { alertClocks, formatDuration } from '../../client/console/model/sla-clock.ts';
import { alertRecord } from './alert-record.ts';

const T0 = 1_764_000_000_000;
const S = 1000;

describe('SLA clocks', () => {
  it.each([
    // severity, state and record fields, seconds after the raise → ack, resolve statuses and figures
    ['critical raised, 20 s in', { severity: 'critical' }, 20, { ack: ['running', 40 * S, null], resolve: ['running', (1800 - 20) * S, null], level: 0 }],
    ['critical raised, 75 s in: ack overdue', { severity: 'critical' }, 75, { ack: ['overdue', -15 * S, null], resolve: ['running', (1800 - 75) * S, null], level: 1 }],
    ['major acknowledged in 100 s, 10 min in', { severity: 'major', state: 'acknowledged', acknowledgedAt: T0 + 100 * S, ackSeconds: 100 }, 600, { ack: ['met', null, 100 * S], resolve: ['running', (7200 - 600) * S, null], level: 0 }],
    ['critical acknowledged late', { state: 'dispatched', acknowledgedAt: T0 + 90 * S, ackSeconds: 90 }, 120, { ack: ['missed', null, 90 * S], resolve: ['running', (1800 - 120) * S, null], level: 0 }],
    ['critical dispatched past resolve target', { state: 'dispatched', acknowledgedAt: T0 + 30 * S, ackSeconds: 30 }, 1900, { ack: ['met', null, 30 * S], resolve: ['overdue', -100 * S, null], level: 2 }],
    ['resolved in 20 min', { state: 'resolved', acknowledgedAt: T0 + 30 * S, ackSeconds: 30, resolveSeconds: 1200 }, 5000, { ack: ['met', null, 30 * S], resolve: ['met', null, 1200 * S], level: 0 }],
    ['closed, resolved late, escalated by the server', { state: 'closed', acknowledgedAt: T0 + 30 * S, ackSeconds: 30, resolveSeconds: 2000, escalationLevel: 2 }, 5000, { ack: ['met', null, 30 * S], resolve: ['missed', null, 2000 * S], level: 2 }],
  ] as const)('%s', (_name, over, seconds, want) => {
    const c = alertClocks(alertRecord({ raisedAt: T0, clockFrom: T0, ...over }), T0 + seconds * S);
    expect([c.ack.status, c.ack.remainingMs, c.ack.tookMs]).toEqual(want.ack);
    expect([c.resolve.status, c.resolve.remainingMs, c.resolve.tookMs]).toEqual(want.resolve);
    expect(c.escalationLevel).toBe(want.level);
    expect(c.sinceRaisedMs).toBe(seconds * S);
  });

  it('runs from the last reopen, not the first raise', () => {
    const reopened = alertRecord({ raisedAt: T0, clockFrom: T0 + 3600 * S, acknowledgedAt: T0 + 10 * S, ackSeconds: 10 });
    const c = alertClocks(reopened, T0 + 3630 * S);
    expect(c.ack).toMatchObject({ status: 'running', remainingMs: 30 * S });
    expect(c.sinceRaisedMs).toBe(3630 * S);
  });

  it('uses the targets of the severity, and custom targets when given', () => {
    const a = alertRecord({ severity: 'warning', raisedAt: T0, clockFrom: T0 });
    expect(alertClocks(a, T0).ack.targetMs).toBe(DEFAULT_RESPONSE_TARGETS.warning.ackSeconds * S);
    expect(alertClocks(a, T0, { ...DEFAULT_RESPONSE_TARGETS, warning: { ackSeconds: 5, resolveSeconds: 50 } }).ack.targetMs).toBe(5 * S);
  });

  it('never shows a negative age when the device clock is ahead', () => {
    expect(alertClocks(alertRecord({ raisedAt: T0 + 5 * S, clockFrom: T0 }), T0).sinceRaisedMs).toBe(0);
  });

  it.each([
    [0, '0秒', '0 s'], [45_900, '45秒', '45 s'], [65_000, '1分05秒', '1 min 05 s'], [-15_000, '15秒', '15 s'],
    [2 * 3600_000 + 4 * 60_000, '2小时04分', '2 h 04 min'], [27 * 3600_000, '1天3小时', '1 d 3 h'],
  ])('formats %i ms as %s / %s', (ms, zh, en) => {
    expect(formatDuration(ms, 'zh')).toBe(zh);
    expect(formatDuration(ms, 'en')).toBe(en);
  });
});
