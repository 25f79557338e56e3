import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../client/live/live-store.ts';
import { packColumns, type AlertUpdateFrame, type SeriesDescriptor, type TelemetryFrame } from '../../streams/live-protocol.ts';
import type { AlertAction, AlertRecord } from '../../streams/alert-lifecycle.ts';
import { alertRecord } from '../console/alert-record.ts';

const desc = (id: number, building: string, field = 'load_kw', type: SeriesDescriptor['type'] = 'float'): SeriesDescriptor =>
  ({ id, measurement: 'energy', tags: { community: 'c-a', neighbourhood: 'n-a1', building }, field, type });

function frame(seq: number, rows: [sid: number, t: number, v: number][], schema?: SeriesDescriptor[]): TelemetryFrame {
  return {
    room: 'c-a/energy', epoch: 'e1', seq, schema,
    samples: packColumns(rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])),
  };
}

const update = (action: AlertAction, alert: AlertRecord): AlertUpdateFrame => ({ room: 'c-a/alert', epoch: 'e1', afterSeq: 0, action, alert });

describe('LiveStore', () => {
  it('keeps latest values and rings in place, and publishes to React only on the tick', () => {
    const store = new LiveStore();
    let renders = 0;
    store.api.subscribe(() => renders++);
    const now = Date.now();
    store.applyTelemetry(frame(1, [[3, now - 2000, 10], [4, now - 2000, 20]], [desc(3, 'b-1'), desc(4, 'b-2')]));
    store.applyTelemetry(frame(2, [[3, now - 1000, 11], [3, now, 12]]));
    // A late sample does not move the latest value back.
    store.applyTelemetry(frame(3, [[3, now - 5000, 99]]));
    expect(renders).toBe(0);
    expect(store.data.latestValue(3)).toBe(12);
    expect(store.data.latestValue(4)).toBe(20);
    expect(store.data.rings.get(3)!.length).toBe(3);
    store.publish(now);
    expect(renders).toBe(1);
    expect(store.api.getState()).toMatchObject({ rev: store.data.revision, stale: false });
    store.publish(now);
    expect(renders).toBe(1);
  });

  it('grows the latest-value arrays for large series ids', () => {
    const store = new LiveStore();
    store.applyTelemetry(frame(1, [[5000, 1, 7]], [desc(5000, 'far')]));
    expect(store.data.latestValue(5000)).toBe(7);
    expect(store.findSeries('energy', 'load_kw', { building: 'far' }).map((d) => d.id)).toEqual([5000]);
  });

  it('calls data stale when nothing arrived for a while, or a snapshot is old', () => {
    const store = new LiveStore({ staleAfterMs: 60_000 });
    store.publish();
    expect(store.api.getState().stale).toBe(true);
    const old = Date.now() - 10 * 60_000;
    store.applyTelemetry(frame(1, [[1, old, 5]], [desc(1, 'b-1')]), true);
    store.publish();
    expect(store.api.getState().stale).toBe(true);
    store.applyTelemetry(frame(2, [[1, Date.now(), 6]]));
    store.publish();
    expect(store.api.getState().stale).toBe(false);
    store.publish(Date.now() + 61_000);
    expect(store.api.getState().stale).toBe(true);
  });

  it('holds alert records: a resolved one leaves the open list (the twin stops pulsing it), a repeat updates its one record', () => {
    const store = new LiveStore();
    const now = Date.now();
    const raised = alertRecord({ id: 7, raisedAt: now - 1000, updatedAt: now - 1000 });
    store.applyAlertUpdate(update('raise', raised));
    store.applyAlertUpdate(update('raise', alertRecord({ id: 8, device: 'btn-1', type: 'emergency_button', raisedAt: now - 500, updatedAt: now - 500 })));
    expect(store.data.alerts.open().map((a) => a.id)).toEqual([8, 7]);
    // The device fires again: the same record, counted, not a second entry.
    store.applyAlertUpdate(update('repeat', { ...raised, count: 2, lastSeen: now - 100, updatedAt: now - 100 }));
    expect(store.data.alerts.size).toBe(2);
    expect(store.data.alerts.get(7)).toMatchObject({ count: 2, state: 'raised' });
    // Acknowledged, then resolved at a desk: out of the open list, still counted in the window.
    store.applyAlertUpdate(update('ack', { ...raised, count: 2, state: 'acknowledged', revision: 2, updatedAt: now - 50 }));
    expect(store.data.alerts.open().map((a) => a.id)).toEqual([8, 7]);
    const rev = store.data.revision;
    store.applyAlertUpdate(update('resolve', { ...raised, count: 2, state: 'resolved', revision: 3, updatedAt: now - 10 }));
    expect(store.data.revision).toBeGreaterThan(rev);
    expect(store.data.alerts.open().map((a) => a.id)).toEqual([8]);
    expect(store.data.alerts.get(7)?.state).toBe('resolved');
    // An older frame arriving late changes nothing.
    store.applyAlertUpdate(update('ack', { ...raised, state: 'acknowledged', revision: 2, updatedAt: now - 50 }));
    expect(store.data.alerts.get(7)?.state).toBe('resolved');
    // Records carry no series ids: an epoch change keeps them.
    store.applyTelemetry(frame(1, [[1, 1, 1]], [desc(1, 'b-1')]));
    store.resetData();
    expect(store.data.schema.size).toBe(0);
    expect(store.data.alerts.size).toBe(2);
  });

  it('keeps open records of any age and closed ones within the window', () => {
    const store = new LiveStore({ alertWindowMs: 3_600_000 });
    const now = Date.now();
    const old = now - 2 * 3_600_000;
    store.applyAlertList([
      alertRecord({ id: 1, raisedAt: old, updatedAt: old }),
      alertRecord({ id: 2, raisedAt: old, state: 'closed', updatedAt: old }),
      alertRecord({ id: 3, raisedAt: now - 60_000, state: 'closed', updatedAt: now - 60_000 }),
    ], 3, store.data.alerts.revision);
    expect([...store.data.alerts.values()].map((a) => a.id).sort()).toEqual([1, 3]);
    expect(store.api.getState().alertList).toEqual({ status: 'ok', error: '', total: 3 });
    // Closing the old open one lets it go.
    store.applyAlertUpdate(update('close', alertRecord({ id: 1, raisedAt: old, state: 'closed', revision: 4, updatedAt: now })));
    expect([...store.data.alerts.values()].map((a) => a.id)).toEqual([3]);
  });

  it('fails loudly on a frame whose columns do not fit together', () => {
    const store = new LiveStore();
    const bad: TelemetryFrame = { room: 'c-a/energy', epoch: 'e1', seq: 9, samples: Buffer.alloc(30).toString('base64') };
    expect(() => store.applyTelemetry(bad)).toThrow(/30 bytes are not a whole number of 20-byte samples/);
    expect(() => store.applyTelemetry({ ...bad, samples: '<not base64>' })).toThrow(/not base64/);
  });
});
