/**
 * Water supply, drainage and gas as node/segment graphs: a main along the inner road, risers up
 * and down the slope at four columns, and a service pipe to every building. Sensor nodes are the
 * ones the simulator reports from (ws-*, dr-*, gas-*).
 */
import type { PipeNetwork } from '../../../streams/families/index.ts';
import type { PipeNode, PipeSegment, PlannedBuilding, XY } from './plan-types.ts';
import { neighbourhoodAt } from './buildings.ts';
import { along, dist, round1 } from './geometry.ts';

const OFFSET: Record<PipeNetwork, number> = { water_supply: 26, drainage: 33, gas: 8 };
const PREFIX: Record<PipeNetwork, string> = { water_supply: 'ws', drainage: 'dr', gas: 'gas' };
const MAIN_DN: Record<PipeNetwork, number> = { water_supply: 200, drainage: 400, gas: 110 };
const RISER_X = [-300, -100, 100, 300];

/** Where each network's sensors sit and what they read; order gives their ids (ws-1, ws-2 …). */
const SENSORS: Record<PipeNetwork, { at: XY; location: string; nominalPressureKpa: number; peakFlowM3h: number; alertLevelM?: number; runoffFactor?: number }[]> = {
  water_supply: [
    { at: [-300, 20], location: '鹅岭正街供水干管 DN200', nominalPressureKpa: 330, peakFlowM3h: 60 },
    { at: [-100, 20], location: '佛图关二次供水泵房出口', nominalPressureKpa: 420, peakFlowM3h: 110 },
    { at: [300, 20], location: '李子坝供水支管 DN150', nominalPressureKpa: 380, peakFlowM3h: 45 },
    { at: [-100, -60], location: '养老服务站进水管 DN100', nominalPressureKpa: 300, peakFlowM3h: 12 },
    { at: [100, 200], location: '佛图关低区供水立管', nominalPressureKpa: 450, peakFlowM3h: 30 },
  ],
  drainage: [
    { at: [300, 260], location: '李子坝下穿通道雨水井', nominalPressureKpa: 0, peakFlowM3h: 25, alertLevelM: 0.5, runoffFactor: 1.5 },
    { at: [-300, 20], location: '鹅岭正街雨水检查井', nominalPressureKpa: 0, peakFlowM3h: 35, alertLevelM: 0.8, runoffFactor: 1.0 },
    { at: [-100, 200], location: '佛图关小区污水检查井', nominalPressureKpa: 0, peakFlowM3h: 50, alertLevelM: 0.9, runoffFactor: 0.7 },
    { at: [300, 20], location: '李子坝停车场雨水口', nominalPressureKpa: 0, peakFlowM3h: 20, alertLevelM: 0.8, runoffFactor: 1.2 },
    { at: [-300, 260], location: '嘉滨路排水出口', nominalPressureKpa: 0, peakFlowM3h: 80, alertLevelM: 1.0, runoffFactor: 1.1 },
  ],
  gas: [
    { at: [-300, 20], location: '鹅岭正街燃气调压箱', nominalPressureKpa: 2.8, peakFlowM3h: 40 },
    { at: [-100, 20], location: '佛图关小区燃气调压箱', nominalPressureKpa: 2.8, peakFlowM3h: 50 },
    { at: [300, 20], location: '李子坝燃气引入管', nominalPressureKpa: 3.0, peakFlowM3h: 30 },
  ],
};

export function planPipes(buildings: PlannedBuilding[]): { nodes: PipeNode[]; segments: PipeSegment[] } {
  const nodes: PipeNode[] = [];
  const segments: PipeSegment[] = [];
  for (const network of ['water_supply', 'drainage', 'gas'] as PipeNetwork[]) {
    const p = PREFIX[network];
    const dy = OFFSET[network];
    let k = 0;
    const node = (at: XY, kind: PipeNode['kind']): PipeNode => {
      const n: PipeNode = { id: `${p}-n${++k}`, network, kind, neighbourhood: neighbourhoodAt(at[0]), at: [round1(at[0]), round1(at[1])] };
      nodes.push(n);
      return n;
    };
    const link = (a: PipeNode, b: PipeNode, diameterMm: number) => {
      segments.push({ id: `${p}-s${segments.filter((s) => s.network === network).length + 1}`, network, neighbourhood: a.neighbourhood, from: a.id, to: b.id, diameterMm, lengthM: round1(dist(a.at, b.at)) });
    };
    const mine: PipeNode[] = [];
    // The main along the inner road, a node every 30 m.
    let prev: PipeNode | undefined;
    for (const at of along([[-440, dy], [440, dy]], 30)) {
      const n = node([at[0], dy], prev ? (network === 'drainage' ? 'manhole' : 'junction') : 'source');
      if (prev) link(prev, n, MAIN_DN[network]);
      mine.push(n);
      prev = n;
    }
    // Risers up and down the slope from the main.
    for (const x of RISER_X) {
      const start = nearest(mine, [x, dy]);
      for (const dir of [-1, 1]) {
        let last = start;
        for (const at of along([[x + 4, dy], [x + 4, dir * 280]], 30).slice(1)) {
          const n = node(at, network === 'drainage' ? 'manhole' : 'junction');
          link(last, n, Math.round(MAIN_DN[network] * 0.6));
          mine.push(n);
          last = n;
        }
      }
    }
    // A service pipe to every building.
    for (const b of buildings) {
      const at: XY = [b.position.x, b.position.y + (network === 'gas' ? -4 : 4)];
      const svc = node(at, 'service');
      link(nearest(mine, at), svc, network === 'drainage' ? 200 : network === 'gas' ? 40 : 65);
    }
    // Sensors: the nearest main node becomes a sensor node with the simulator's ids.
    SENSORS[network].forEach((s, i) => {
      const n = nearest(mine.filter((m) => m.kind !== 'sensor'), s.at);
      n.kind = 'sensor';
      n.sensor = { location: s.location, nominalPressureKpa: s.nominalPressureKpa, peakFlowM3h: s.peakFlowM3h, alertLevelM: s.alertLevelM, runoffFactor: s.runoffFactor };
      // Sensor nodes take the device id the series are tagged with.
      const old = n.id;
      n.id = `${p}-${i + 1}`;
      for (const seg of segments) {
        if (seg.from === old) seg.from = n.id;
        if (seg.to === old) seg.to = n.id;
      }
    });
  }
  return { nodes, segments };
}

function nearest<T extends { at: XY }>(items: T[], at: XY): T {
  let best = items[0];
  for (const it of items) if (dist(it.at, at) < dist(best.at, at)) best = it;
  return best;
}
