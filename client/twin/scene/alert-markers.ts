/**
 * The alert markers' data: each held alert that has a place in the twin, with that place. The
 * array is rebuilt only when the list of held alerts changed, so the pulsing layer keeps the same
 * `data` between changes and deck.gl only moves its uniforms.
 */
import type { AlertEvent } from '../../../streams/alerts.ts';

export interface PlacedAlert { a: AlertEvent; position: [number, number, number] }

export class AlertMarkers {
  /** Held alerts with a place; the same array until the held list changes. */
  placed: PlacedAlert[] = [];
  /** Advances whenever `placed` is rebuilt. */
  revision = 0;
  /** The held list as last seen (the live store mutates its array in place, so a copy is kept). */
  private seen: AlertEvent[] = [];

  constructor(private readonly positionOf: (a: AlertEvent) => [number, number, number] | undefined) {}

  /** Rebuilds the markers if `alerts` differs from the list last seen; returns true when it did. */
  update(alerts: readonly AlertEvent[]): boolean {
    if (sameList(alerts, this.seen)) return false;
    this.seen = alerts.slice();
    const placed: PlacedAlert[] = [];
    for (const a of alerts) {
      const position = this.positionOf(a);
      if (position) placed.push({ a, position });
    }
    this.placed = placed;
    this.revision++;
    return true;
  }
}

function sameList(a: readonly AlertEvent[], b: readonly AlertEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
