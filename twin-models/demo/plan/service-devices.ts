/**
 * The service devices inside each building of the plan: its lifts (in the lift core), its water
 * and gas meters (at the service entrance) and, in the kindergarten, the alarm panels of the
 * childcare sites. Pure: no randomness, so the rest of the plan does not change with them.
 */
import type { PlannedBimDevice, PlannedBuilding } from './plan-types.ts';

/**
 * Lifts of a building: two in every tower (GB 50096-2011 6.4.2: 十二层及以上的住宅每栋不应少于两台),
 * one in a service or shop building of three or more storeys (the guideline: 3楼以上应设电梯).
 */
export function liftCount(b: Pick<PlannedBuilding, 'use' | 'floors'>): number {
  if (b.use === 'residential') return b.floors >= 12 ? 2 : b.floors >= 7 ? 1 : 0;
  return b.floors >= 3 ? 1 : 0;
}

/** Buildings with a gas supply: homes, kitchens (the canteen, the kindergarten) and the shops. */
export function hasGas(b: Pick<PlannedBuilding, 'use' | 'name'>): boolean {
  return b.use !== 'public_service' || /食堂|幼儿园/.test(b.name.zh);
}

/** Whether the building houses the childcare sites (幼儿园, 托育驿站). */
export const housesChildcare = (b: Pick<PlannedBuilding, 'name'>): boolean => b.name.zh.includes('托育');

export function serviceBimDevices(b: Pick<PlannedBuilding, 'id' | 'name' | 'use' | 'floors'>): PlannedBimDevice[] {
  const out: PlannedBimDevice[] = [];
  for (let i = 1; i <= liftCount(b); i++) out.push({ id: `lift-${b.id}-${i}`, kind: 'elevator', floor: 1, name: `${b.name.zh} ${i}号电梯` });
  out.push({ id: `wm-${b.id}`, kind: 'water_meter', floor: 1, name: `${b.name.zh} 总水表` });
  if (hasGas(b)) out.push({ id: `gm-${b.id}`, kind: 'gas_meter', floor: 1, name: `${b.name.zh} 燃气表` });
  if (housesChildcare(b)) {
    out.push({ id: 'cs-1', kind: 'childcare_alarm', floor: 1, name: `普惠性幼儿园 入侵报警主机` });
    out.push({ id: 'cs-2', kind: 'childcare_alarm', floor: 1, name: `托育照护驿站 入侵报警主机` });
  }
  return out;
}
