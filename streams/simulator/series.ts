/**
 * The tags of every simulated series, built in one place so the simulator's points and the
 * `seriesOf()` listing (for checking a config against the twin manifest) always agree.
 * Tag objects are frozen: the simulator shares one per series between its points.
 */
import { MEASUREMENTS, fieldKeys, fieldsOfDevice, type Family } from '../families/index.ts';
import type {
  BuildingConfig, CommunityConfig, EnvSensorConfig, ParkingLotConfig, PipeSensorConfig,
} from './community-config.ts';
import { serviceSeriesOf } from './service-series.ts';

export type Tags = Readonly<Record<string, string>>;

export const energyTags = (c: CommunityConfig, b: BuildingConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: b.neighbourhood, building: b.id, meter: b.meter, category: b.category });

export const lotTags = (c: CommunityConfig, l: ParkingLotConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: l.neighbourhood, lot: l.id, kind: l.kind });

export const spaceTags = (c: CommunityConfig, l: ParkingLotConfig, space: string): Tags =>
  Object.freeze({ community: c.id, neighbourhood: l.neighbourhood, lot: l.id, space });

export const pipeTags = (c: CommunityConfig, p: PipeSensorConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: p.neighbourhood, network: p.network, sensor: p.id });

export const envTags = (c: CommunityConfig, e: EnvSensorConfig): Tags =>
  Object.freeze({ community: c.id, neighbourhood: e.neighbourhood, walkway: e.walkway, sensor: e.id });


export interface SeriesSpec {
  measurement: Family;
  tags: Tags;
  fields: readonly string[];
  /** Regular reporting interval, simulated seconds. */
  intervalS: number;
}

/**
 * Every periodic series a community produces (alerts excluded: their series appear with events,
 * one per device, type and severity). Parking spaces also report on every change.
 */
export function seriesOf(c: CommunityConfig): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  for (const b of c.buildings) {
    const tags = energyTags(c, b);
    out.push({ measurement: 'energy', tags, fields: fieldsOfDevice('energy', tags), intervalS: MEASUREMENTS.energy.intervalS });
  }
  for (const l of c.parkingLots) {
    out.push({ measurement: 'parking', tags: lotTags(c, l), fields: fieldKeys('parking'), intervalS: MEASUREMENTS.parking.intervalS });
    for (const s of l.spaces) out.push({ measurement: 'parking_space', tags: spaceTags(c, l, s), fields: fieldKeys('parking_space'), intervalS: MEASUREMENTS.parking_space.intervalS });
  }
  // Which fields a sensor reports follows from its network (the pipe family's tag values).
  for (const p of c.pipeSensors) {
    const tags = pipeTags(c, p);
    out.push({ measurement: 'pipe', tags, fields: fieldsOfDevice('pipe', tags), intervalS: MEASUREMENTS.pipe.intervalS });
  }
  for (const e of c.envSensors) {
    out.push({ measurement: 'env', tags: envTags(c, e), fields: fieldKeys('env'), intervalS: MEASUREMENTS.env.intervalS });
  }
  out.push(...serviceSeriesOf(c));
  return out;
}
