/**
 * A deterministic simulator of whole communities: energy, parking, pipes, walkways, alerts and the
 * service devices (lifts, water and gas meters, waste bins, fire water, childcare panels, gates).
 *
 * Same seed + same start + same communities (+ same incidents) ⇒ the same points, however the
 * simulated time is stepped: every device runs on its own schedule with its own random stream,
 * and shared conditions (weather) are pure functions of time. Points are returned in time order;
 * points at the same instant keep device order (community by community, then meters, lots and
 * their spaces, pipe sensors, walkway sensors, alert devices, service devices).
 *
 * Tag objects are shared between the points of one series and frozen (alert tags excepted):
 * copy them before changing anything.
 */
import type { PointInput } from '../line-protocol/format.ts';
import type { AlertType, Severity } from '../alerts.ts';
import { validateCommunity, type AlertDeviceKind, type CommunityConfig } from './community-config.ts';
import type { Device, DeviceContext } from './device.ts';
import { EnergyMeter } from './energy-device.ts';
import { ParkingLot } from './parking-device.ts';
import { DrainageSensor, GasSensor, WaterSupplySensor } from './pipe-device.ts';
import { EnvSensor } from './env-device.ts';
import { AlertSource, ScriptedAlerts, type ScriptedAlert } from './alert-device.ts';
import { faultProblem, serviceDevices, type ScriptedFault, type ServiceFault } from './service-devices.ts';
import { Weather, type StormSpec } from './weather.ts';
import { hashFloat, hashString } from './random.ts';
import { sortByTime } from './sort-by-time.ts';

/** Scripted events, e.g. the staged incident of a demo tour. */
export type Incident =
  /** A leak starting at `at` on a water-supply or gas sensor (a gas one is always major). */
  | { kind: 'leak'; community: string; sensor: string; at: number }
  /** City-wide rain added to the weather. */
  | ({ kind: 'storm' } & StormSpec)
  /** One alert from an alert device (type, severity, message and value default to the device kind's). */
  | { kind: 'alert'; community: string; device: string; at: number; type?: AlertType; severity?: Severity; message?: string; value?: number }
  /** A fault of a service device at `at`: a lift trapping its passengers, a fire pump failing… (service-devices.ts). */
  | { kind: 'device_fault'; community: string; device: string; at: number; fault: ServiceFault };

export interface SimulatorOptions {
  communities: readonly CommunityConfig[];
  seed: number;
  /** Epoch ms of the simulated start; the first points come strictly after it. */
  start: number;
  incidents?: readonly Incident[];
}

export class CommunitySimulator {
  readonly seed: number;
  readonly start: number;
  readonly communities: readonly CommunityConfig[];
  /** The weather all communities share (for showing it, or checking the data against it). */
  readonly weather: Weather;
  private readonly devices: Device[] = [];
  private reached: number;

  constructor(opts: SimulatorOptions) {
    const { communities, seed, start, incidents = [] } = opts;
    if (!Number.isFinite(seed)) throw new RangeError(`CommunitySimulator: seed must be a finite number, got ${seed}`);
    if (!Number.isFinite(start)) throw new RangeError(`CommunitySimulator: start must be epoch ms, got ${start}`);
    const ids = new Set<string>();
    for (const c of communities) {
      if (ids.has(c.id)) throw new Error(`CommunitySimulator: community "${c.id}" appears twice`);
      ids.add(c.id);
      const errors = validateCommunity(c);
      if (errors.length > 0) throw new Error(`CommunitySimulator: invalid community config: ${errors.slice(0, 5).join('; ')}`);
    }
    this.seed = seed;
    this.start = start;
    this.reached = start;
    this.communities = communities;

    const storms = incidents.filter((i): i is Extract<Incident, { kind: 'storm' }> => i.kind === 'storm');
    this.weather = new Weather(seed, storms);
    const leaks = new Map<string, number[]>();
    const scripted = new Map<string, ScriptedAlert[]>();
    const faults = new Map<string, ScriptedFault[]>();
    for (const inc of incidents) {
      if (inc.kind === 'storm') continue;
      const c = communities.find((x) => x.id === inc.community);
      if (!c) throw new Error(`CommunitySimulator: incident names unknown community "${inc.community}"`);
      if (inc.kind === 'leak') {
        const p = c.pipeSensors.find((x) => x.id === inc.sensor);
        if (!p || p.network === 'drainage') {
          throw new Error(`CommunitySimulator: leak incident needs a water_supply or gas sensor of "${c.id}", got "${inc.sensor}"`);
        }
        const key = `${c.id}/${p.id}`;
        leaks.set(key, [...(leaks.get(key) ?? []), inc.at]);
      } else if (inc.kind === 'device_fault') {
        const problem = faultProblem(c, inc.device, inc.fault);
        if (problem) throw new Error(`CommunitySimulator: device_fault incident: ${problem}`);
        faults.set(c.id, [...(faults.get(c.id) ?? []), { device: inc.device, fault: inc.fault, at: inc.at }]);
      } else {
        const d = c.alertDevices.find((x) => x.id === inc.device);
        if (!d) throw new Error(`CommunitySimulator: alert incident names unknown device "${inc.device}" of "${c.id}"`);
        scripted.set(c.id, [...(scripted.get(c.id) ?? []), { ...inc, device: d }]);
      }
    }

    for (const c of communities) {
      const ctx: DeviceContext = {
        seed, community: c, weather: this.weather, start,
        rainFactor: 0.75 + 0.5 * hashFloat(seed, hashString(c.id), 77),
      };
      for (const b of c.buildings) this.devices.push(new EnergyMeter(ctx, b));
      for (const l of c.parkingLots) this.devices.push(new ParkingLot(ctx, l));
      for (const p of c.pipeSensors) {
        const forced = leaks.get(`${c.id}/${p.id}`) ?? [];
        if (p.network === 'water_supply') this.devices.push(new WaterSupplySensor(ctx, p, forced));
        else if (p.network === 'gas') this.devices.push(new GasSensor(ctx, p, forced));
        else this.devices.push(new DrainageSensor(ctx, p));
      }
      for (const e of c.envSensors) this.devices.push(new EnvSensor(ctx, e));
      const kindCount = new Map<AlertDeviceKind, number>();
      for (const a of c.alertDevices) kindCount.set(a.kind, (kindCount.get(a.kind) ?? 0) + 1);
      for (const a of c.alertDevices) this.devices.push(new AlertSource(ctx, a, kindCount.get(a.kind)!));
      const script = scripted.get(c.id);
      if (script) this.devices.push(new ScriptedAlerts(ctx, script));
      this.devices.push(...serviceDevices(ctx, c, faults.get(c.id)));
    }
  }

  /** Simulated time reached so far (epoch ms). */
  get now(): number {
    return this.reached;
  }

  /**
   * All points with time in (now, toSimTime], in time order; then `now` becomes `toSimTime`.
   * A time at or before `now` returns no points.
   */
  advance(toSimTime: number): PointInput[] {
    if (!Number.isFinite(toSimTime)) throw new RangeError(`CommunitySimulator.advance: time must be epoch ms, got ${toSimTime}`);
    if (toSimTime <= this.reached) return [];
    const out: PointInput[] = [];
    for (const d of this.devices) d.advance(toSimTime, out);
    this.reached = toSimTime;
    // Stable: points at the same instant keep device order, so any stepping gives the same order.
    return sortByTime(out);
  }
}
