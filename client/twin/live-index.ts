/**
 * Finds the live series of each twin object: `measurement/device/field` → series id, rebuilt only
 * when the schema grows (new series), so the tick reads values by id with no string work.
 */
import type { LiveData } from '../live/live-store.ts';
import { deviceTagOf, type Family } from '../../streams/families/index.ts';

export class LiveIndex {
  private readonly byKey = new Map<string, number>();
  private seen = -1;

  /** Brings the index up to date with the schema; cheap when nothing is new. */
  refresh(data: LiveData): void {
    if (data.schema.size === this.seen) return;
    this.seen = data.schema.size;
    for (const s of data.schema.values()) {
      const tag = deviceTagOf(s.measurement);
      const device = tag ? s.tags[tag] : undefined;
      if (device !== undefined) this.byKey.set(`${s.measurement}/${device}/${s.field}`, s.id);
    }
  }

  /** Series id of a device's field, or -1. */
  sid(measurement: Family, device: string, field: string): number {
    return this.byKey.get(`${measurement}/${device}/${field}`) ?? -1;
  }

  /** Latest numeric value (NaN when none). */
  value(data: LiveData, measurement: Family, device: string, field: string): number {
    const id = this.sid(measurement, device, field);
    return id < 0 ? NaN : data.latestValue(id);
  }

  /** Latest text value (pipe status), or undefined. */
  text(data: LiveData, measurement: Family, device: string, field: string): string | undefined {
    const id = this.sid(measurement, device, field);
    return id < 0 ? undefined : data.latestText.get(id);
  }
}
