/**
 * A node's figures from the latest values a replay has reached, by each field's rollup rule (sum,
 * mean, min, max), as the server totals the live ones: what the summary frame of a community or
 * neighbourhood would have said at the replay's clock.
 */
import { fieldDef, inSummary } from '../../streams/families/index.ts';
import type { SummaryFrame } from '../../streams/live-protocol.ts';
import type { LiveData } from '../live/live-store.ts';

export function summaryOf(data: LiveData, node: string, time: number): SummaryFrame {
  const acc = new Map<string, { rule: string; sum: number; n: number; extreme: number }>();
  for (const s of data.schema.values()) {
    if (s.type === 'string' || !inSummary(s.measurement)) continue;
    const rule = fieldDef(s.measurement, s.field)?.rollup;
    if (rule === undefined || rule === 'none') continue;
    const v = data.latestValue(s.id);
    if (Number.isNaN(v)) continue;
    const key = `${s.measurement}.${s.field}`;
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { rule, sum: 0, n: 0, extreme: rule === 'min' ? Infinity : -Infinity }));
    a.sum += v;
    a.n++;
    if (rule === 'max' ? v > a.extreme : v < a.extreme) a.extreme = v;
  }
  const values: SummaryFrame['values'] = {};
  for (const [key, a] of acc) {
    const value = a.rule === 'sum' ? a.sum : a.rule === 'mean' ? a.sum / a.n : a.extreme;
    values[key] = { value, series: a.n };
  }
  return { room: `${node}/summary`, epoch: 'replay', seq: 0, node, time, values };
}

/** The recorded figures (roll-up history) as they stood at the clock: the newest value of each key. */
export function figuresAt(keys: Readonly<Record<number, string>>, latest: ReadonlyMap<number, number>, node: string, time: number): SummaryFrame {
  const values: SummaryFrame['values'] = {};
  for (const [sid, v] of latest) {
    const key = keys[sid];
    if (key !== undefined) values[key] = { value: v, series: 1 };
  }
  return { room: `${node}/summary`, epoch: 'replay', seq: 0, node, time, values };
}
