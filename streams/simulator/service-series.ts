/**
 * The tags of the service devices' series, built in one place (like series.ts) so their points and
 * `serviceSeriesOf()` always agree. Tag objects are frozen and shared between a series' points.
 */
import { MEASUREMENTS, fieldsOfDevice, type Family } from '../families/index.ts';
import type { CommunityConfig } from './community-config.ts';
import type { ChildcareAlarmConfig, FireWaterConfig, GateConfig, LiftConfig, UtilityMeterConfig, WasteBinConfig } from './service-config.ts';
import type { SeriesSpec, Tags } from './series.ts';

export type { Tags };

export const liftTags = (c: CommunityConfig, l: LiftConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: l.neighbourhood, building: l.building, lift: l.id });

export const utilityTags = (c: CommunityConfig, m: UtilityMeterConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: m.neighbourhood, building: m.building, meter: m.id, utility: m.utility });

export const binTags = (c: CommunityConfig, b: WasteBinConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: b.neighbourhood, point: b.point, bin: b.id, category: b.category });

export const fireWaterTags = (c: CommunityConfig, f: FireWaterConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: f.neighbourhood, building: f.building, tank: f.id });

export const childcareTags = (c: CommunityConfig, a: ChildcareAlarmConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: a.neighbourhood, building: a.building, panel: a.id });

export const gateTags = (c: CommunityConfig, g: GateConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: g.neighbourhood, gate: g.id });

/** Every periodic series of a community's service devices. */
export function serviceSeriesOf(c: CommunityConfig): SeriesSpec[] {
  const s = c.services;
  const spec = (measurement: Family, tags: Tags): SeriesSpec => ({ measurement, tags, fields: fieldsOfDevice(measurement, tags), intervalS: MEASUREMENTS[measurement].intervalS });
  return [
    ...s.lifts.map((l) => spec('elevator', liftTags(c, l))),
    ...s.utilityMeters.map((m) => spec('utility_meter', utilityTags(c, m))),
    ...s.wasteBins.map((b) => spec('waste_bin', binTags(c, b))),
    ...s.fireWater.map((f) => spec('fire_water', fireWaterTags(c, f))),
    ...s.childcareAlarms.map((a) => spec('childcare_security', childcareTags(c, a))),
    ...s.gates.map((g) => spec('access_control', gateTags(c, g))),
  ];
}
