import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../client/live/live-store.ts';
import { packColumns, type SeriesDescriptor, type TelemetryFrame } from '../../streams/live-protocol.ts';
import type { AlertEvent } from '../../streams/alerts.ts';

const desc = (id: number, building: string, field = 'load_kw', type: SeriesDescriptor['type'] = 'float'): SeriesDescriptor =>
  ({ id, measurement: 'energy', tags: { community: 'c-a', neighbourhood: 'n-a1', building }, field, type });

function frame(seq: number, rows: [sid: number, t: number, v: number][], schema?: SeriesDescriptor[]): TelemetryFrame {
  return {
    room: 'c-a/energy', epoch: 'e1', seq, schema,
    samples: packColumns(rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])),
  };
}

const alert = (time: number, device = 'd'): AlertEvent =>
  ({ community: 'c-a', neighbourhood: 'n-a1', type: 'fire', severity: 'critical', device, location: 'x', message: 'm', time });

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

  it('keeps alerts in time order, bounded, without repeats, across an epoch reset', () => {
    const store = new LiveStore({ maxAlerts: 3 });
    store.addAlerts([alert(300), alert(100)]);
    store.applyAlert(alert(200));
    store.applyAlert(alert(200));
    expect(store.data.alerts.map((a) => a.time)).toEqual([100, 200, 300]);
    store.applyAlert(alert(400));
    expect(store.data.alerts.map((a) => a.time)).toEqual([200, 300, 400]);
    store.applyTelemetry(frame(1, [[1, 1, 1]], [desc(1, 'b-1')]));
    store.resetData();
    expect(store.data.schema.size).toBe(0);
    expect(store.data.rings.size).toBe(0);
    expect(store.data.alerts.length).toBe(3);
  });

  it('fails loudly on a frame whose columns do not fit together', () => {
    const store = new LiveStore();
    const bad: TelemetryFrame = { room: 'c-a/energy', epoch: 'e1', seq: 9, samples: new Uint8Array(30) };
    expect(() => store.applyTelemetry(bad)).toThrow(/30 bytes are not a whole number of 20-byte samples/);
  });
});
