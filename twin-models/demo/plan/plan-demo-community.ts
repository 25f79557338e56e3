/**
 * 鹅岭社区, planned: a deterministic (seeded) Chongqing hillside community, the same for a given
 * seed on every machine. Everything the generator writes and the simulator reports comes from here.
 */
import { Rng } from '../../../streams/simulator/random.ts';
import type { DemoPlan, PlannedFacility, XY } from './plan-types.ts';
import { NEIGHBOURHOODS, RESERVED, planBuildings } from './buildings.ts';
import { planParking } from './parking.ts';
import { planPipes } from './pipes.ts';
import { WALKWAYS, WalkNetwork, planWalkways } from './walk-network.ts';
import { planCameras, planEnvSensors } from './sensors.ts';
import { planWastePoints } from './waste-points.ts';
import { EXTENT, Terrain } from './terrain.ts';
import { rect } from './geometry.ts';

export const DEMO_SEED = 1;

export function planDemoCommunity(seed = DEMO_SEED): DemoPlan {
  const rng = new Rng(`demo-community#${seed}`);
  const terrain = new Terrain(seed);
  const net = new WalkNetwork(terrain);
  const { gates, transit } = planWalkways(net);
  const { buildings, facilities } = planBuildings(rng, terrain, (_id, at) => {
    const door = net.node(at[0], at[1], 'door');
    net.link(door, net.nearest(at, (n) => n !== door && n.kind === 'junction'));
    return door.id;
  });
  const boundary: XY[] = [[EXTENT.minX, EXTENT.minY], [EXTENT.maxX, EXTENT.minY], [EXTENT.maxX, EXTENT.maxY], [EXTENT.minX, EXTENT.maxY]];
  const s = RESERVED.sports;
  const outdoor: PlannedFacility[] = [
    { id: 'f-sports_ground', category: 'sports_ground', name: { zh: '多功能运动场', en: 'Multi-purpose sports ground' }, neighbourhood: 'n-eling-3', at: [(s.minX + s.maxX) / 2, (s.minY + s.maxY) / 2], area: rect((s.minX + s.maxX) / 2, (s.minY + s.maxY) / 2, s.maxX - s.minX - 10, s.maxY - s.minY - 10) },
    { id: 'f-refuge_area', category: 'refuge_area', name: { zh: '社区应急避难场所（运动场）', en: 'Community refuge area (sports ground)' }, neighbourhood: 'n-eling-3', at: [245, -100] },
    { id: 'f-public_green', category: 'public_green', name: { zh: '鹅岭口袋公园', en: 'Eling pocket park' }, neighbourhood: 'n-eling-1', at: [-230, -40], area: rect(-230, -40, 60, 40) },
    ...[[-210, 30], [90, 30], [360, 30]].map(([x, y], i): PlannedFacility => ({ id: `f-shop-${i + 1}`, category: 'convenience_shop', name: { zh: `便利店 ${i + 1}`, en: `Convenience shop ${i + 1}` }, neighbourhood: NEIGHBOURHOODS[i].id, at: [x, y] })),
    ...[[-300, 285], [0, -285], [300, 285]].map(([x, y], i): PlannedFacility => ({ id: `f-lockers-${i + 1}`, category: 'parcel_lockers', name: { zh: `智能快递柜 ${i + 1}`, en: `Parcel lockers ${i + 1}` }, neighbourhood: NEIGHBOURHOODS[i].id, at: [x, y] })),
  ];
  return {
    seed,
    neighbourhoods: NEIGHBOURHOODS.map((n) => ({ id: n.id, name: n.name, polygon: [[n.minX, EXTENT.minY], [n.maxX, EXTENT.minY], [n.maxX, EXTENT.maxY], [n.minX, EXTENT.maxY]] })),
    boundary,
    roads: [
      { id: 'road-ridge', name: { zh: '鹅岭正街', en: 'Eling Zhengjie (ridge road)' }, path: [[-480, -320], [620, -320]], widthM: 12 },
      { id: 'road-river', name: { zh: '嘉滨路', en: 'Jiabin Road (riverside)' }, path: [[-480, 320], [640, 320]], widthM: 16 },
      { id: 'road-inner', name: { zh: '社区内环路', en: 'Inner community road' }, path: [[-450, 20], [450, 20]], widthM: 8 },
    ],
    buildings,
    facilities: [...facilities, ...outdoor],
    lots: planParking(),
    pipes: planPipes(buildings),
    walk: { nodes: net.nodes, edges: net.edges },
    walkways: WALKWAYS,
    gates,
    transit,
    cameras: planCameras(boundary),
    envSensors: planEnvSensors(),
    wasteBins: planWastePoints(),
    heightAt: (x, y) => terrain.heightAt(x, y),
  };
}
