/**
 * The simulated service devices of one community (lifts, water and gas meters, waste bins,
 * fire-water tanks, childcare alarm panels, gate controllers), and the scripted faults the demo's
 * staged incidents put on them.
 */
import type { CommunityConfig } from './community-config.ts';
import type { Device, DeviceContext } from './device.ts';
import { ElevatorDevice } from './elevator-device.ts';
import { UtilityMeterDevice } from './utility-meter-device.ts';
import { WasteBinDevice } from './waste-bin-device.ts';
import { FireWaterDevice } from './fire-water-device.ts';
import { ChildcareAlarmDevice, type ChildcareFault } from './childcare-device.ts';
import { AccessControlDevice } from './access-control-device.ts';

/**
 * What a scripted fault does, by device: a lift traps its passengers (`trapped`) or stops
 * (`fault`); a fire-water tank's pump fails (`pump`) or its refill stops with a drain open
 * (`refill`); a childcare panel is left `disarmed`, or raises an `intrusion` or an `emergency`; a
 * waste bin is skipped by the collection rounds of the next 24 h (`missed_collection`).
 */
export const SERVICE_FAULTS = {
  lift: ['trapped', 'fault'],
  tank: ['pump', 'refill'],
  childcare: ['disarmed', 'intrusion', 'emergency'],
  bin: ['missed_collection'],
} as const;
export type ServiceFault = (typeof SERVICE_FAULTS)[keyof typeof SERVICE_FAULTS][number];

export interface ScriptedFault {
  device: string;
  fault: ServiceFault;
  at: number;
}

/** Why a scripted fault cannot apply to a community's device, or undefined when it can. */
export function faultProblem(c: CommunityConfig, device: string, fault: string): string | undefined {
  const s = c.services;
  const kind = s.lifts.some((d) => d.id === device) ? 'lift'
    : s.fireWater.some((d) => d.id === device) ? 'tank'
      : s.childcareAlarms.some((d) => d.id === device) ? 'childcare'
        : s.wasteBins.some((d) => d.id === device) ? 'bin' : undefined;
  if (!kind) return `"${device}" is not a lift, fire-water tank, childcare panel or waste bin of "${c.id}"`;
  const allowed: readonly string[] = SERVICE_FAULTS[kind];
  return allowed.includes(fault) ? undefined : `a ${kind} fault is one of ${allowed.join(', ')}, got "${fault}"`;
}

/** The community's service devices, in a fixed order (lifts, meters, bins, tanks, panels, gates). */
export function serviceDevices(ctx: DeviceContext, c: CommunityConfig, faults: readonly ScriptedFault[] = []): Device[] {
  const s = c.services;
  const of = (device: string, ...kinds: ServiceFault[]) => faults.filter((f) => f.device === device && kinds.includes(f.fault)).map((f) => f.at);
  const out: Device[] = [];
  for (const l of s.lifts) {
    const forced = faults.filter((f) => f.device === l.id).map((f) => ({ at: f.at, trapped: f.fault === 'trapped' }));
    out.push(new ElevatorDevice(ctx, l, forced));
  }
  for (const m of s.utilityMeters) out.push(new UtilityMeterDevice(ctx, m));
  for (const b of s.wasteBins) out.push(new WasteBinDevice(ctx, b, of(b.id, 'missed_collection')));
  for (const f of s.fireWater) out.push(new FireWaterDevice(ctx, f, { pump: of(f.id, 'pump'), refill: of(f.id, 'refill') }));
  for (const a of s.childcareAlarms) {
    const forced: Partial<Record<ChildcareFault, number[]>> = { disarmed: of(a.id, 'disarmed'), intrusion: of(a.id, 'intrusion'), emergency: of(a.id, 'emergency') };
    out.push(new ChildcareAlarmDevice(ctx, a, forced));
  }
  for (const g of s.gates) out.push(new AccessControlDevice(ctx, g));
  return out;
}
