/**
 * When a new alert flies the camera. An alert is new by the alert model's arrival numbers
 * (client/live/alert-records.ts): each record is numbered when it is first held or reopened,
 * store-wide and increasing, so "arrivals above the last one this twin handled" is what is new,
 * however many records are held and whatever was resolved or dropped meanwhile. A count over the
 * held records would not do: it stops growing when one arrives as another leaves.
 *
 * History does not fly: records held when the twin loaded are marked handled, and records that
 * arrive later but were raised more than a minute ago (history and backfills, records read again
 * after a reconnect) are not news.
 */
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { AlertRecords } from '../../live/alert-records.ts';

/** A record raised longer ago than this (by its `raisedAt`) is history, not news, ms. */
export const NEWS_WINDOW_MS = 60_000;

/** What the decision reads of the alert records. */
export type ArrivingAlerts = Pick<AlertRecords, 'open' | 'arrivalOf' | 'lastArrival'>;

export class AlertFlights {
  /** The newest arrival handled; -1 until `arm` (nothing flies before the twin has loaded). */
  private handled = -1;

  /** Marks every record held now as history; until this is called, nothing flies. */
  arm(alerts: ArrivingAlerts): void {
    this.handled = alerts.lastArrival;
  }

  /**
   * The record to fly to among those that arrived since the last call: the newest raised open
   * critical one with a place in the twin (`placeable`), raised within the last minute before
   * `now` (epoch ms). Marks every arrival so far as handled.
   */
  next(alerts: ArrivingAlerts, now: number, placeable: (a: AlertRecord) => boolean): AlertRecord | undefined {
    if (this.handled < 0 || alerts.lastArrival <= this.handled) return undefined;
    const since = now - NEWS_WINDOW_MS;
    let pick: AlertRecord | undefined;
    // `open()` is newest raise first: the first match is the newest, and once one was raised
    // before the window, so were all after it.
    for (const a of alerts.open()) {
      if (a.raisedAt < since) break;
      if (a.severity === 'critical' && alerts.arrivalOf(a.id) > this.handled && placeable(a)) {
        pick = a;
        break;
      }
    }
    this.handled = alerts.lastArrival;
    return pick;
  }
}
