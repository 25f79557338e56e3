/**
 * When a new alert flies the camera. An alert is new when this twin has not seen it before (by
 * identity: the live store keeps each alert as one object from its arrival until it drops off the
 * held list), not by a count over the list: that list is capped (100 by default) and kept in time
 * order, so once it is full its length stops growing and a count would miss every new alert.
 *
 * History does not fly: alerts held when the twin loaded are marked seen, and alerts added later
 * but stamped more than a minute ago (the list seeded from /api/latest after a restart, a
 * backfill) are not news.
 */
import type { AlertEvent } from '../../../streams/alerts.ts';

/** An alert older than this (by its own time) is history, not news, ms. */
export const NEWS_WINDOW_MS = 60_000;

export class AlertFlights {
  private readonly seen = new WeakSet<AlertEvent>();
  private armed = false;

  /** Marks every held alert as history; until this is called, nothing flies. */
  arm(held: readonly AlertEvent[]): void {
    for (const a of held) this.seen.add(a);
    this.armed = true;
  }

  /**
   * The alert to fly to among those not seen before: the newest critical one with a place in the
   * twin (`placeable`), stamped within the last minute. Marks every held alert as seen.
   */
  next(held: readonly AlertEvent[], now: number, placeable: (a: AlertEvent) => boolean): AlertEvent | undefined {
    if (!this.armed) return undefined;
    const since = now - NEWS_WINDOW_MS;
    let pick: AlertEvent | undefined;
    for (const a of held) {
      if (this.seen.has(a)) continue;
      this.seen.add(a);
      if (a.severity === 'critical' && a.time >= since && (!pick || a.time >= pick.time) && placeable(a)) pick = a;
    }
    return pick;
  }
}
