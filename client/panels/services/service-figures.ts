/**
 * The figures of the building-services block, from the families' `cockpit` declarations: totals
 * of the node's summary by each field's rollup (the lowest fire tank, the fullest bin, water and
 * gas flows), and counts of devices in a state or past a threshold level (lifts with a passenger
 * trapped, bins 80 % full) from the node's live telemetry. Pure, no DOM.
 */
import {
  ACCESS_CONTROL, CHILDCARE_SECURITY, ELEVATOR, FIRE_WATER, UTILITY_METER, WASTE_BIN,
  fieldDef, fieldDigits, stateOf, type CockpitFigure, type FamilyDescriptor, type ThresholdLevel,
} from '../../../streams/families/index.ts';
import { levelOf, thresholdOf } from '../../../streams/families/thresholds.ts';
import type { LiveData } from '../../live/live-store.ts';
import { summarySeries, summaryValue } from '../../live/summary-values.ts';

/** The block's families, most urgent first: a trapped passenger before a water flow. */
export const SERVICE_FAMILIES: readonly FamilyDescriptor[] = [ELEVATOR, FIRE_WATER, WASTE_BIN, CHILDCARE_SECURITY, ACCESS_CONTROL, UTILITY_METER];

export interface ServiceFigure {
  /** `measurement.field`, or `measurement.field=state` / `measurement.field>=level` for counts. */
  id: string;
  family: FamilyDescriptor;
  figure: CockpitFigure;
  /** NaN when the node has no such devices (or, for counts, no telemetry). */
  value: number;
  /** Devices the figure is over (counted ones, or those the total rolls up). */
  of: number;
  digits: number;
  /** How the value reads against the family's thresholds or states: what the wall colours it. */
  level: ThresholdLevel;
}

const RANK: Readonly<Record<ThresholdLevel, number>> = { ok: 0, warn: 1, alarm: 2 };

const idOf = (d: FamilyDescriptor, f: CockpitFigure) =>
  `${d.measurement}.${f.field}${f.count ? ('state' in f.count ? `=${f.count.state}` : `>=${f.count.level}`) : ''}`;

/** Devices of a family whose field is in a state, or at or past a level, among those reporting it. */
function countDevices(data: LiveData, d: FamilyDescriptor, f: CockpitFigure, ms: number): { n: number; of: number } {
  const def = fieldDef(d.measurement, f.field)!;
  const threshold = thresholdOf(d.measurement, f.field);
  let n = 0;
  let of = 0;
  for (const s of data.schema.values()) {
    if (s.measurement !== d.measurement || s.field !== f.field) continue;
    let hit: boolean;
    if (def.type === 'string') {
      const text = data.latestText.get(s.id);
      if (text === undefined) continue;
      hit = 'state' in f.count! && text === f.count.state;
    } else {
      const v = data.latestValue(s.id);
      if (Number.isNaN(v)) continue;
      if ('state' in f.count!) hit = (def.type === 'boolean' ? String(v >= 0.5) : String(v)) === f.count.state;
      else hit = threshold !== undefined && RANK[levelOf(threshold, v, ms)] >= RANK[f.count!.level];
    }
    of++;
    if (hit) n++;
  }
  return { n, of };
}

/** Every figure of the block, in order, for the node the live data is about. */
export function serviceFigures(data: LiveData, ms = Date.now(), families: readonly FamilyDescriptor[] = SERVICE_FAMILIES): ServiceFigure[] {
  const out: ServiceFigure[] = [];
  for (const d of families) {
    for (const f of d.cockpit ?? []) {
      const def = fieldDef(d.measurement, f.field)!;
      const digits = f.digits ?? fieldDigits(def);
      if (f.count) {
        const { n, of } = countDevices(data, d, f, ms);
        // A count of an `ok` state (lifts in service) is bad when short of all; of a bad one, when any.
        const bad: ThresholdLevel = 'state' in f.count ? stateOf(d.measurement, f.field, f.count.state)?.level ?? 'warn' : f.count.level;
        const level: ThresholdLevel = of === 0 ? 'ok' : bad === 'ok' ? (n < of ? 'warn' : 'ok') : n > 0 ? bad : 'ok';
        out.push({ id: idOf(d, f), family: d, figure: f, value: of === 0 ? NaN : n, of, digits: 0, level });
      } else {
        const value = summaryValue(data, d.measurement, f.field);
        const threshold = thresholdOf(d.measurement, f.field);
        let level: ThresholdLevel = threshold && Number.isFinite(value) ? levelOf(threshold, value, ms) : 'ok';
        // A sum of a boolean with an `ok` true state (panels armed) is short when below its devices.
        const trueState = def.type === 'boolean' ? stateOf(d.measurement, f.field, true) : undefined;
        const of = summarySeries(data, d.measurement, f.field);
        if (trueState?.level === 'ok' && Number.isFinite(value) && value < of) level = stateOf(d.measurement, f.field, false)?.level ?? 'warn';
        out.push({ id: idOf(d, f), family: d, figure: f, value, of, digits, level });
      }
    }
  }
  return out;
}
