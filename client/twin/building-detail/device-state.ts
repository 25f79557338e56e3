/**
 * What the detail shows about a bound device: its open alert (the worst one), its latest reading.
 * Built from the alert list and the latest values the caller already has, so the detail does not
 * subscribe to anything itself.
 */
import { SEVERITIES } from '../../../streams/alerts.ts';
import { ENERGY, deviceTagOf } from '../../../streams/families/index.ts';

/** The live state of one device, by device id (the registry's `id`, the series' device tag). */
export interface DeviceLiveState {
  /** The most severe open alert raised by the device (latest first among equals). */
  alert?: { type: string; severity: string; message: string; time: number };
  /** Every live row of a service device as one line (a lift: 运行状态 正常运行 · 所在楼层 12 · …), shown before `reading`. */
  text?: string;
  /** Latest reading to show with its unit, e.g. the meter's load in kW. */
  reading?: { field: string; value: number; unit: string; time: number };
}

/** An open alert as `GET /api/alerts` or the live socket gives it (only the fields used here). */
export interface AlertLike {
  device: string;
  type: string;
  severity: string;
  message: string;
  /** Epoch ms: `raisedAt` of a record, `time` of a live event. */
  raisedAt?: number;
  time?: number;
}

/** A latest value as `GET /api/latest` gives it. */
export interface LatestLike {
  tags: Record<string, string>;
  field: string;
  unit: string;
  t: number | null;
  v: number | string | null;
}

const rank = (severity: string) => SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);

/** BIM devices with readings are the buildings' meters: their headline field is the energy card's sparkline field. */
const METER_TAG = deviceTagOf(ENERGY.measurement)!;
const METER_FIELDS: readonly string[] = ENERGY.card.spark;

/**
 * Device states from open alerts and latest readings. `deviceTag` names the tag that holds the
 * device id in each latest series (default: energy's device tag, `meter`); readings of one device
 * keep the field listed first in `fields` (default: the energy card's headline, `['load_kw']`).
 */
export function deviceStates(
  alerts: readonly AlertLike[],
  latest: readonly LatestLike[] = [],
  { deviceTag = METER_TAG, fields = METER_FIELDS }: { deviceTag?: string; fields?: readonly string[] } = {},
): Map<string, DeviceLiveState> {
  const out = new Map<string, DeviceLiveState>();
  const entry = (id: string) => { let s = out.get(id); if (!s) out.set(id, (s = {})); return s; };
  for (const a of alerts) {
    const time = a.raisedAt ?? a.time ?? 0;
    const s = entry(a.device);
    const cur = s.alert;
    if (!cur || rank(a.severity) > rank(cur.severity) || (rank(a.severity) === rank(cur.severity) && time > cur.time)) {
      s.alert = { type: a.type, severity: a.severity, message: a.message, time };
    }
  }
  for (const l of latest) {
    const id = l.tags[deviceTag];
    if (!id || typeof l.v !== 'number' || l.t === null || !fields.includes(l.field)) continue;
    const s = entry(id);
    if (!s.reading || fields.indexOf(l.field) < fields.indexOf(s.reading.field)) s.reading = { field: l.field, value: l.v, unit: l.unit, time: l.t };
  }
  return out;
}
