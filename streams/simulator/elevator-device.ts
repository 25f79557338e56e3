/**
 * A lift's IoT terminal, every 60 s: state, floor, car door and running hours.
 *
 * Traffic follows the building's day (service-profiles.ts): at a report the car is running with
 * the probability of the hour's utilisation, on its way between landings (half the trips start or
 * end at the lobby), or stands at a landing, doors open while people board. Running hours grow at
 * the utilisation, so their slope is the day's traffic.
 * Maintenance (维保) comes every 15 days (TSG T5002-2017) for 1–2 h between 9 and 16 h: the car
 * waits at the lobby, doors open. Faults come about every 90 days per lift; one that strikes a
 * running car traps its passengers (困人) until rescue, 10–40 min later (around the usual 30-minute
 * arrival target), and leaves the lift out of order (故障停梯) until repaired, 1–4 h in all.
 */
import type { PointInput } from '../line-protocol/format.ts';
import { ELEVATOR, type ElevatorState } from '../families/index.ts';
import { PeriodicDevice, round1, type DeviceContext } from './device.ts';
import { DAY_MS, HOUR_MS, chinaDay, chinaHour } from '../china-time.ts';
import { rngFor, hashInt, type Rng } from './random.ts';
import { liftPeakUtilisation, liftTraffic } from './service-profiles.ts';
import type { LiftConfig } from './service-config.ts';
import { ALL_DAY, MINUTE_MS, Onsets } from './onsets.ts';
import { liftTags, type Tags } from './service-series.ts';

/** Mean time between faults of one lift. */
export const LIFT_FAULT_MEAN_GAP_MS = 90 * DAY_MS;
/** Days between scheduled maintenance visits (半月维护保养). */
export const LIFT_MAINTENANCE_DAYS = 15;

export class ElevatorDevice extends PeriodicDevice {
  private readonly tags: Tags;
  private readonly rng: Rng;
  private readonly peak: number;
  private readonly faults: Onsets;
  private readonly forcedTrap: Set<number>;
  /** Day of the 15-day cycle and hour of this lift's maintenance visit. */
  private readonly maintenanceDay: number;
  private readonly maintenanceHour: number;
  private readonly maintenanceH: number;
  private state: ElevatorState = 'normal';
  private stateEnd = 0;
  /** When a trapped episode ends, the lift stays out of order until this time. */
  private repairEnd = 0;
  private floor = 1;
  private runningH: number;
  private readonly floorValues: { int: number }[];

  /** `forced`: scripted faults, epoch ms; `trapped` ones trap passengers whatever the traffic. */
  constructor(ctx: DeviceContext, private readonly l: LiftConfig, forced: readonly { at: number; trapped: boolean }[] = []) {
    super(ctx, l.id, ELEVATOR.intervalS * 1000);
    this.tags = liftTags(ctx.community, l);
    this.rng = rngFor(ctx.seed, 'elevator', ctx.community.id, l.id);
    this.peak = liftPeakUtilisation(l.category, l.households);
    this.faults = new Onsets(this.rng, LIFT_FAULT_MEAN_GAP_MS, ALL_DAY, ctx.start, forced.map((f) => f.at));
    this.forcedTrap = new Set(forced.filter((f) => f.trapped).map((f) => f.at));
    this.maintenanceDay = hashInt(LIFT_MAINTENANCE_DAYS, ctx.seed, 'lift-maintenance', ctx.community.id, l.id);
    this.maintenanceHour = 9 + hashInt(6, ctx.seed, 'lift-maintenance-hour', ctx.community.id, l.id);
    this.maintenanceH = 1 + hashInt(2, ctx.seed, 'lift-maintenance-length', ctx.community.id, l.id);
    // A lift some years in service, a few hours of running a day.
    this.runningH = Math.round(this.rng.uniform(2000, 20000));
    this.floorValues = Array.from({ length: l.floors + 1 }, (_, i) => Object.freeze({ int: i }));
    this.floor = 1 + this.rng.int(l.floors);
  }

  private inMaintenanceWindow(t: number): boolean {
    if (((chinaDay(t) % LIFT_MAINTENANCE_DAYS) + LIFT_MAINTENANCE_DAYS) % LIFT_MAINTENANCE_DAYS !== this.maintenanceDay) return false;
    const h = chinaHour(t);
    return h >= this.maintenanceHour && h < this.maintenanceHour + this.maintenanceH;
  }

  protected tick(t: number, out: PointInput[]): void {
    const { rng, l } = this;
    const dtH = this.intervalMs / HOUR_MS;
    const u = Math.min(0.95, this.peak * liftTraffic(l.category, t));
    const onset = this.faults.due(t);
    if (onset && (this.state === 'normal' || this.state === 'maintenance')) {
      const forcedTrap = onset === 'forced' && [...this.forcedTrap].some((at) => at <= t);
      if (forcedTrap) for (const at of this.forcedTrap) if (at <= t) this.forcedTrap.delete(at);
      const repairMs = rng.uniform(1, 4) * HOUR_MS;
      // A fault strikes a running car (and traps whoever is in it) as often as the car is running.
      if (forcedTrap || (onset === 'natural' && this.state === 'normal' && rng.next() < u)) {
        this.state = 'trapped';
        this.stateEnd = t + rng.uniform(10, 40) * MINUTE_MS;
        this.repairEnd = t + repairMs;
      } else {
        this.state = 'fault';
        this.stateEnd = t + repairMs;
      }
    }
    if (this.state === 'trapped' && t >= this.stateEnd) {
      this.state = 'fault';
      this.stateEnd = this.repairEnd;
    }
    if (this.state === 'fault' && t >= this.stateEnd) this.state = 'normal';
    if (this.state === 'normal' && this.inMaintenanceWindow(t)) this.state = 'maintenance';
    if (this.state === 'maintenance' && !this.inMaintenanceWindow(t)) this.state = 'normal';

    let floor = this.floor;
    let door = false;
    switch (this.state) {
      case 'normal': {
        if (rng.next() < u) {
          // Running: half the trips start or end at the lobby; the report catches the car on its way.
          const target = this.floor !== 1 && rng.next() < 0.5 ? 1 : 2 + rng.int(Math.max(1, l.floors - 1));
          floor = Math.round(this.floor + (target - this.floor) * rng.next());
          this.floor = Math.min(l.floors, Math.max(1, target));
          this.runningH += dtH * (0.6 + 0.4 * rng.next());
        } else {
          // Standing at a landing: doors open while people board, more often when it is busy.
          door = rng.next() < 0.1 + 0.5 * u;
          // Idle cars return to the lobby (主楼层) now and then.
          if (this.floor !== 1 && rng.next() < 0.1) this.floor = 1;
          floor = this.floor;
        }
        break;
      }
      case 'maintenance':
        // The engineer runs the car a little on inspection speed; otherwise it waits, open, at the lobby.
        if (rng.next() < 0.15) this.runningH += dtH * 0.5;
        this.floor = floor = 1;
        door = true;
        break;
      default:
        // Stopped: between floors or at a landing, doors shut.
        break;
    }
    out.push({
      measurement: 'elevator',
      tags: this.tags,
      fields: { state: this.state, floor: this.floorValues[Math.min(l.floors, Math.max(1, floor))], door_open: door, running_h: round1(this.runningH) },
      time: t,
    });
  }
}
