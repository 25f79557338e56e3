/**
 * The alert markers' data: each open alert record (`data.alerts.open()`) that has a place in the
 * twin, with that place. A record resolved or closed leaves `open()`, so its marker stops pulsing
 * on the next frame. The array is rebuilt only when the open records changed, so the pulsing
 * layer keeps the same `data` between changes and deck.gl only moves its uniforms.
 */
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';

export interface PlacedAlert { a: AlertRecord; position: [number, number, number] }

export class AlertMarkers {
  /** Open records with a place; the same array until the open records change. */
  placed: PlacedAlert[] = [];
  /** Advances whenever `placed` is rebuilt. */
  revision = 0;
  /** The open records as last seen. */
  private seen: readonly AlertRecord[] = [];

  constructor(private readonly positionOf: (a: AlertRecord) => [number, number, number] | undefined) {}

  /**
   * Rebuilds the markers if `open` (the open records, `AlertRecords.open()`) differs from the list
   * last seen; returns true when it did. Records are replaced whole on every change (a repeat, a
   * severity raised), so comparing them by identity sees each change.
   */
  update(open: readonly AlertRecord[]): boolean {
    if (sameList(open, this.seen)) return false;
    this.seen = open.slice();
    const placed: PlacedAlert[] = [];
    for (const a of open) {
      const position = this.positionOf(a);
      if (position) placed.push({ a, position });
    }
    this.placed = placed;
    this.revision++;
    return true;
  }
}

function sameList(a: readonly AlertRecord[], b: readonly AlertRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
