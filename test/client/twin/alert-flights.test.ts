/**
 * When a new alert flies the twin's camera, against the real live store and its alert records:
 * the decision rides on arrival numbers, so it holds however many records are held (more than
 * the 100 alerts the old list kept), whatever was resolved meanwhile, and after a reconnect's
 * list read.
 */
import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../../client/live/live-store.ts';
import { AlertFlights, NEWS_WINDOW_MS } from '../../../client/twin/scene/alert-flights.ts';
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { Severity } from '../../../streams/alerts.ts';
import { alertRecord } from '../../console/alert-record.ts';

let nextId = 1;
/** A fresh open record of `device`, raised at `raisedAt` (epoch ms). */
const record = (device: string, raisedAt: number, severity: Severity = 'critical'): AlertRecord =>
  alertRecord({ id: nextId++, device, severity, raisedAt, clockFrom: raisedAt, lastSeen: raisedAt, updatedAt: raisedAt });
/** Every device has a place in the twin but `nowhere`. */
const placeable = (a: AlertRecord) => a.device !== 'nowhere';

/** Applies records as `alertUpdate` frames do. */
function arrive(store: LiveStore, records: AlertRecord[]): void {
  for (const alert of records) store.applyAlertUpdate({ room: 'c-a/alert', epoch: 'e1', afterSeq: 0, action: 'raise', alert });
}

/** A store already holding `n` open warning records from the list read at load, and flights armed on them (the twin has loaded). */
function loaded(n: number, now: number) {
  const store = new LiveStore();
  store.applyAlertList(Array.from({ length: n }, (_, i) => record(`old-${i}`, now - 30_000 + i, 'warning')), n, 0);
  const flights = new AlertFlights();
  flights.arm(store.data.alerts);
  return { store, flights };
}

describe('AlertFlights', () => {
  it('a new critical alert flies the camera with more than 100 open records held, each once', () => {
    const now = Date.now();
    const { store, flights } = loaded(150, now);
    expect(store.data.alerts.open().length).toBe(150);
    expect(flights.next(store.data.alerts, now, placeable)).toBeUndefined();
    for (let k = 0; k < 30; k++) {
      const a = record(`new-${k}`, now + k * 1000);
      arrive(store, [a]);
      expect(flights.next(store.data.alerts, now + k * 1000, placeable)).toBe(a);
      // Once flown to, the same record does not fly again on the next frame, nor when it repeats.
      expect(flights.next(store.data.alerts, now + k * 1000 + 250, placeable)).toBeUndefined();
      arrive(store, [{ ...a, count: 2, updatedAt: a.updatedAt + 1 }]);
      expect(flights.next(store.data.alerts, now + k * 1000 + 500, placeable)).toBeUndefined();
    }
    expect(store.data.alerts.open().length).toBe(180);
  });

  it('a new critical alert flies while as many records are resolved as arrive (the number open stays the same)', () => {
    const now = Date.now();
    const { store, flights } = loaded(110, now);
    const held = store.data.alerts.open().length;
    const oldest = [...store.data.alerts.open()].pop()!;
    const fresh = record('cam-9', now);
    arrive(store, [{ ...oldest, state: 'resolved', revision: 2, updatedAt: now }, fresh]);
    expect(store.data.alerts.open().length).toBe(held);
    expect(flights.next(store.data.alerts, now, placeable)).toBe(fresh);
  });

  it.each([
    { case: 'a warning', add: (now: number) => [record('w', now, 'warning')], flies: undefined },
    { case: 'a critical alert with no place in the twin', add: (now: number) => [record('nowhere', now)], flies: undefined },
    { case: 'history arriving after load (raised more than a minute ago)', add: (now: number) => [record('h1', now - NEWS_WINDOW_MS - 1), record('h2', now - 3_600_000)], flies: undefined },
    { case: 'a critical alert resolved before the frame', add: (now: number) => { const a = record('gone', now); return [a, { ...a, state: 'resolved' as const, revision: 2, updatedAt: now + 1 }]; }, flies: undefined },
    { case: 'several at once: the newest raised critical one', add: (now: number) => [record('a', now - 2000), record('b', now - 1000), record('c', now, 'major')], flies: 'b' },
  ])('$case', ({ add, flies }) => {
    const now = Date.now();
    const { store, flights } = loaded(120, now);
    arrive(store, add(now));
    expect(flights.next(store.data.alerts, now, placeable)?.device).toBe(flies);
  });

  it('records read again after a reconnect fly only when raised within the last minute', () => {
    const now = Date.now();
    const { store, flights } = loaded(105, now);
    const held = [...store.data.alerts.open()];
    // While the socket was down, an old incident and a fresh one were raised elsewhere.
    const backfill = record('old-incident', now - 5 * 60_000);
    const fresh = record('fresh', now - 5_000);
    store.applyAlertList([...held, backfill], held.length + 1, store.data.alerts.revision);
    expect(flights.next(store.data.alerts, now, placeable)).toBeUndefined();
    store.applyAlertList([...held, backfill, fresh], held.length + 2, store.data.alerts.revision);
    expect(flights.next(store.data.alerts, now, placeable)).toBe(fresh);
  });

  it('records held when the twin loads do not fly, and nothing flies before it has loaded', () => {
    const now = Date.now();
    const store = new LiveStore();
    const flights = new AlertFlights();
    arrive(store, [record('early', now)]);
    expect(flights.next(store.data.alerts, now, placeable)).toBeUndefined();
    flights.arm(store.data.alerts);
    expect(flights.next(store.data.alerts, now + 250, placeable)).toBeUndefined();
  });
});
