/**
 * One channel's queue on the test's clock (fake timers): the first alert goes at once and the
 * rest of a burst as one digest; the minute's request limit holds under a steady stream; a full
 * queue counts what it could not hold; an escalation acknowledged meanwhile is dropped; dispose
 * leaves no timer behind, even in the middle of a retry wait.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelOutbox, type Attempt, type OutboxOptions } from '../../server/notify/channel-outbox.ts';
import type { MessageAlert, OutgoingMessage, SendResult } from '../../server/notify/senders/outgoing.ts';

const alert = (id: number, step = 0): MessageAlert => ({
  id, type: 'fire', severity: 'critical', community: 'c-a', neighbourhood: 'n-a1', location: '', message: '', raisedAt: 0, step,
});

function outbox(opts: Partial<OutboxOptions> = {}, answer: () => SendResult = () => ({ ok: true, status: 200, answer: '' }), wanted: (a: MessageAlert) => boolean = () => true) {
  const sent: { at: number; ids: number[]; unheld: number }[] = [];
  const attempts: Attempt[] = [];
  const o = new ChannelOutbox({
    build: (alerts, unheld) => ({ title: '', markdown: '', plain: '', alerts, unheld } as OutgoingMessage & { unheld: number }),
    send: (m) => {
      sent.push({ at: Date.now(), ids: m.alerts.map((a) => a.id), unheld: (m as OutgoingMessage & { unheld: number }).unheld });
      return Promise.resolve(answer());
    },
    stillWanted: wanted,
    report: (a) => attempts.push(a),
    now: () => Date.now(),
  }, { groupMs: 10_000, maxPerMinute: 10, maxPending: 1000, attempts: 4, retryBaseMs: 2000, ...opts });
  return { o, sent, attempts };
}

beforeEach(() => { vi.useFakeTimers({ now: Date.UTC(2026, 11, 3) }); });
afterEach(() => { vi.useRealTimers(); });

describe('a channel outbox', () => {
  it('sends the first alert at once and a burst after it as one digest when the window ends', async () => {
    const { o, sent } = outbox();
    o.enqueue(alert(1));
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 2; i <= 50; i++) { o.enqueue(alert(i)); await vi.advanceTimersByTimeAsync(100); }
    expect(sent.map((s) => s.ids.length)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent.map((s) => s.ids.length)).toEqual([1, 49]);
    o.dispose();
  });

  it('keeps to the minute’s request limit under a steady stream', async () => {
    const { o, sent } = outbox({ groupMs: 1000, maxPerMinute: 3 });
    for (let i = 1; i <= 240; i++) { o.enqueue(alert(i)); await vi.advanceTimersByTimeAsync(500); }
    await vi.advanceTimersByTimeAsync(120_000);
    for (const s of sent) expect(sent.filter((x) => x.at > s.at - 60_000 && x.at <= s.at).length).toBeLessThanOrEqual(3);
    expect(sent.flatMap((s) => s.ids)).toHaveLength(240);
    o.dispose();
  });

  it('holds at most maxPending alerts and counts the rest in the digest', async () => {
    const { o, sent } = outbox({ maxPending: 5 });
    o.enqueue(alert(1));
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 2; i <= 21; i++) o.enqueue(alert(i));
    // The same alert again (its next step) takes no second place.
    o.enqueue(alert(3, 1));
    expect(o.waiting).toBe(20);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent[1]).toMatchObject({ ids: [2, 3, 4, 5, 6], unheld: 15 });
    o.dispose();
  });

  it('drops an escalation acknowledged while it waited', async () => {
    const acked = new Set([2]);
    const { o, sent } = outbox({}, undefined, (a) => a.step === 0 || !acked.has(a.id));
    o.enqueue(alert(1));
    await vi.advanceTimersByTimeAsync(0);
    o.enqueue(alert(2, 1));
    o.enqueue(alert(3, 1));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent.map((s) => s.ids)).toEqual([[1], [3]]);
    o.dispose();
  });

  it('retries with doubling waits, reports every attempt, and leaves no timer when disposed mid-wait', async () => {
    const { o, sent, attempts } = outbox({}, () => ({ ok: false, status: 500, answer: 'down' }));
    o.enqueue(alert(1));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(4000);
    expect(sent).toHaveLength(3);
    expect(attempts.map((a) => [a.outcome, a.attempt, a.retryInMs])).toEqual([['retry', 1, 2000], ['retry', 2, 4000], ['retry', 3, 8000]]);
    o.enqueue(alert(2));
    o.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(3);
  });
});
