/**
 * The demo community as the simulator sees it: built from the plan, so every simulated series is
 * tagged with the id of an object the twin draws (checked by `npm run twin -- check`). Whoever
 * starts the simulator (server/simulation, tests) passes it in; streams/ never imports it.
 */
import type { AlertDeviceConfig, AlertDeviceKind, CommunityConfig } from '../../streams/simulator/community-config.ts';
import type { BimDeviceKind, DemoPlan } from './plan/plan-types.ts';
import { servicesOf } from './demo-services.ts';
import { planDemoCommunity } from './plan/plan-demo-community.ts';
import { DEMO_COMMUNITY_ID } from './demo-id.ts';

export { DEMO_COMMUNITY_ID };

/** BIM devices that report alerts; the others (meters, lifts, tanks, panels) report readings (demo-services.ts). */
const BIM_ALERT_KIND: Partial<Record<BimDeviceKind, AlertDeviceKind>> = { smoke_detector: 'smoke_detector', emergency_button: 'emergency_button' };

export function communityConfigOf(plan: DemoPlan): CommunityConfig {
  const alertDevices: AlertDeviceConfig[] = plan.cameras.map((c) => ({ id: c.id, neighbourhood: c.neighbourhood, kind: c.kind, location: c.name }));
  for (const b of plan.buildings) {
    for (const d of b.devices) {
      const kind = BIM_ALERT_KIND[d.kind];
      if (kind) alertDevices.push({ id: d.id, neighbourhood: b.neighbourhood, kind, location: d.name });
    }
  }
  return {
    id: DEMO_COMMUNITY_ID,
    name: { zh: '鹅岭社区', en: 'Eling Community' },
    // The official codes, as the sites registry's ids (GB/T 2260, the statistics bureau's street code).
    city: { id: '500000', name: { zh: '重庆市', en: 'Chongqing' } },
    district: { id: '500103', name: { zh: '渝中区', en: 'Yuzhong District' } },
    street: { id: '500103004000', name: { zh: '两路口街道', en: 'Lianglukou Subdistrict' } },
    neighbourhoods: plan.neighbourhoods.map((n) => ({ id: n.id, name: n.name })),
    buildings: plan.buildings.map((b) => ({
      id: b.id, neighbourhood: b.neighbourhood, name: b.name, category: b.use, floorAreaM2: b.floorAreaM2,
      households: b.households, pvKwp: b.pvKwp, meter: `m-${b.id}`,
      chargers: Array.from({ length: b.evChargers }, (_, i) => `chg-${b.id}-${i + 1}`),
    })),
    parkingLots: plan.lots.map((l) => ({ id: l.id, neighbourhood: l.neighbourhood, name: l.name, kind: l.kind, capacity: l.spaces.length, spaces: l.spaces.map((s) => s.id) })),
    pipeSensors: plan.pipes.nodes.filter((n) => n.sensor).map((n) => ({ id: n.id, neighbourhood: n.neighbourhood, network: n.network, ...n.sensor! })),
    walkways: plan.walkways.map((w) => ({ id: w.id, neighbourhood: w.neighbourhood, name: w.name })),
    envSensors: plan.envSensors.map((e) => ({ id: e.id, walkway: e.walkway, neighbourhood: e.neighbourhood, location: e.name, trafficExposure: e.trafficExposure, plaza: e.plaza })),
    alertDevices,
    services: servicesOf(plan),
  };
}

/** 鹅岭社区: about 5,000 households on a 60 m slope in 两路口街道, 渝中区. */
export const DEMO_PLAN = planDemoCommunity();
export const DEMO_COMMUNITY: CommunityConfig = deepFreeze(communityConfigOf(DEMO_PLAN));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
