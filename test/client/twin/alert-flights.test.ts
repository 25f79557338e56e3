/**
 * When a new alert flies the twin's camera, against the real live store: it keeps at most 100
 * alerts in time order, so the decision must not depend on the list's length.
 */
import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../../client/live/live-store.ts';
import { AlertFlights, NEWS_WINDOW_MS } from '../../../client/twin/scene/alert-flights.ts';
import type { AlertEvent } from '../../../streams/alerts.ts';

const alert = (device: string, time: number, severity = 'critical'): AlertEvent =>
  ({ community: 'c-a', neighbourhood: 'n-a1', type: 'fire', severity, device, location: device, message: 'm', time });
/** Every device has a place in the twin but `nowhere`. */
const placeable = (a: AlertEvent) => a.device !== 'nowhere';

/** A store already holding `n` earlier alerts, and flights armed on them (the twin has loaded). */
function loaded(n: number, now: number) {
  const store = new LiveStore();
  store.addAlerts(Array.from({ length: n }, (_, i) => alert(`old-${i}`, now - 30_000 + i)));
  const flights = new AlertFlights();
  flights.arm(store.data.alerts);
  return { store, flights };
}

describe('AlertFlights', () => {
  it('a new critical alert flies the camera after more than 100 alerts are held', () => {
    const now = Date.now();
    const { store, flights } = loaded(150, now);
    expect(store.data.alerts.length).toBe(100); // the list is full: its length no longer grows
    expect(flights.next(store.data.alerts, now, placeable)).toBeUndefined();
    for (let k = 0; k < 30; k++) {
      const a = alert(`new-${k}`, now + k * 1000);
      store.applyAlert(a);
      expect(store.data.alerts.length).toBe(100);
      expect(flights.next(store.data.alerts, now + k * 1000, placeable)).toBe(a);
      // Once flown to, the same alert does not fly again on the next tick.
      expect(flights.next(store.data.alerts, now + k * 1000 + 250, placeable)).toBeUndefined();
    }
  });

  it.each([
    { case: 'a warning', add: (now: number) => [alert('w', now, 'warning')], flies: undefined },
    { case: 'a critical alert with no place in the twin', add: (now: number) => [alert('nowhere', now)], flies: undefined },
    { case: 'history added after load (a backfill, older than a minute)', add: (now: number) => [alert('h1', now - NEWS_WINDOW_MS - 1), alert('h2', now - 3_600_000)], flies: undefined },
    { case: 'several at once: the newest critical one', add: (now: number) => [alert('a', now - 2000), alert('b', now - 1000), alert('c', now, 'major')], flies: 'b' },
  ])('$case', ({ add, flies }) => {
    const now = Date.now();
    const { store, flights } = loaded(120, now);
    store.addAlerts(add(now));
    expect(flights.next(store.data.alerts, now, placeable)?.device).toBe(flies);
  });

  it('alerts held when the twin loads do not fly, and nothing flies before it has loaded', () => {
    const now = Date.now();
    const store = new LiveStore();
    const flights = new AlertFlights();
    store.applyAlert(alert('early', now));
    expect(flights.next(store.data.alerts, now, placeable)).toBeUndefined();
    flights.arm(store.data.alerts);
    expect(flights.next(store.data.alerts, now + 250, placeable)).toBeUndefined();
  });
});
