/**
 * Node totals from the summary frame, and the spread of a field over the node's own series.
 *
 * Totals come from the summary frame. The server rolls every field up by its rule in
 * its family descriptor (streams/families/: sum, mean, max or min of the latest values), at every level of the hierarchy, so
 * the cards work the same for a neighbourhood, a community or a whole street.
 */
import type { LiveData } from './live-store.ts';

/** Total of `measurement.field` under the node (NaN when no series reported it yet). */
export function summaryValue(data: LiveData, measurement: string, field: string): number {
  return data.summary?.values[`${measurement}.${field}`]?.value ?? NaN;
}

/** How many series contributed to a total (0 when none). */
export function summarySeries(data: LiveData, measurement: string, field: string): number {
  return data.summary?.values[`${measurement}.${field}`]?.series ?? 0;
}

export interface FieldSpread {
  min: number;
  max: number;
  /** Series with a latest value. */
  count: number;
}

/**
 * Lowest and highest latest value of a field over the series the node's telemetry rooms announced
 * (none above the community level, which has no telemetry).
 */
export function fieldSpread(data: LiveData, measurement: string, field: string): FieldSpread {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (const d of data.schema.values()) {
    if (d.measurement !== measurement || d.field !== field) continue;
    const v = data.latestValue(d.id);
    if (Number.isNaN(v)) continue;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, count };
}
