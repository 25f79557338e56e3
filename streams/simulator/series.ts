/**
 * The tags of every simulated series, built in one place so the simulator's points and the
 * `seriesOf()` listing (for checking a config against the twin manifest) always agree.
 * Tag objects are frozen: the simulator shares one per series between its points.
 */
import { MEASUREMENTS, type Family } from '../families/index.ts';
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

/** Fields each pipe network reports (drainage has no pressure; supply and gas have no level). */
export const PIPE_FIELDS = {
  water_supply: ['pressure_kpa', 'flow_m3h', 'status'],
  gas: ['pressure_kpa', 'flow_m3h', 'status'],
  drainage: ['level_m', 'flow_m3h', 'status'],
} as const;

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
    out.push({ measurement: 'energy', tags: energyTags(c, b), fields: ['load_kw', 'energy_kwh', 'pv_kw', 'ev_kw'], intervalS: MEASUREMENTS.energy.intervalS });
  }
  for (const l of c.parkingLots) {
    out.push({ measurement: 'parking', tags: lotTags(c, l), fields: ['occupied', 'capacity'], intervalS: MEASUREMENTS.parking.intervalS });
    for (const s of l.spaces) out.push({ measurement: 'parking_space', tags: spaceTags(c, l, s), fields: ['occupied'], intervalS: MEASUREMENTS.parking_space.intervalS });
  }
  for (const p of c.pipeSensors) out.push({ measurement: 'pipe', tags: pipeTags(c, p), fields: PIPE_FIELDS[p.network], intervalS: MEASUREMENTS.pipe.intervalS });
  for (const e of c.envSensors) {
    out.push({ measurement: 'env', tags: envTags(c, e), fields: ['temperature_c', 'humidity_pct', 'pm25_ugm3', 'noise_db'], intervalS: MEASUREMENTS.env.intervalS });
  }
  out.push(...serviceSeriesOf(c));
  return out;
}
