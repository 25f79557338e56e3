/**
 * The pedestrian network of a hillside community: roads' pavements, contour paths along the tower
 * rows, three stair walkways (山城步道) up the slope, and the middle walkway's skybridge and public
 * lift, down to the bus stops and the rail station outside the gates.
 */
import type { PlannedGate, PlannedTransit, PlannedWalkway, WalkEdge, WalkEdgeKind, WalkNode, XY } from './plan-types.ts';
import { round1 } from './geometry.ts';
import type { Terrain } from './terrain.ts';

/** Steeper than this (rise over run) a walkway is built as steps. */
const STAIR_SLOPE = 0.08;
const RIDGE_Y = -320;
const RIVER_Y = 320;
const INNER_Y = 20;
export const TOWER_ROWS = [-245, -175, -100, 95, 170, 245];

export class WalkNetwork {
  readonly nodes: WalkNode[] = [];
  readonly edges: WalkEdge[] = [];
  private readonly byKey = new Map<string, WalkNode>();

  constructor(private readonly terrain: Terrain) {}

  /** The node at (x, y) on the ground (or at height z), created once. */
  node(x: number, y: number, kind: WalkNode['kind'] = 'junction', z?: number): WalkNode {
    const key = `${Math.round(x * 2)}|${Math.round(y * 2)}|${z === undefined ? 'g' : Math.round(z)}`;
    let n = this.byKey.get(key);
    if (!n) {
      n = { id: `wk-${this.nodes.length + 1}`, at: [round1(x), round1(y), round1(z ?? this.terrain.heightAt(x, y))], kind };
      this.nodes.push(n);
      this.byKey.set(key, n);
    } else if (kind !== 'junction') {
      n.kind = kind;
    }
    return n;
  }

  link(a: WalkNode, b: WalkNode, kind?: WalkEdgeKind, walkway?: string, lengthM?: number): WalkEdge {
    const run = Math.hypot(b.at[0] - a.at[0], b.at[1] - a.at[1]);
    const climb = b.at[2] - a.at[2];
    const k = kind ?? (walkway && run > 0 && Math.abs(climb) / run > STAIR_SLOPE ? 'stairs' : 'path');
    const e: WalkEdge = { id: `we-${this.edges.length + 1}`, from: a.id, to: b.id, kind: k, lengthM: round1(lengthM ?? Math.hypot(run, climb)), climbM: round1(climb), ...(walkway ? { walkway } : {}) };
    this.edges.push(e);
    return e;
  }

  /** A polyline through the given points, a node at each. */
  line(points: XY[], walkway?: string): WalkNode[] {
    const ns = points.map(([x, y]) => this.node(x, y));
    for (let i = 1; i < ns.length; i++) if (ns[i] !== ns[i - 1]) this.link(ns[i - 1], ns[i], undefined, walkway);
    return ns;
  }

  nearest(at: XY, filter: (n: WalkNode) => boolean = () => true): WalkNode {
    let best: WalkNode | undefined;
    let bestD = Infinity;
    for (const n of this.nodes) {
      if (!filter(n)) continue;
      const d = Math.hypot(n.at[0] - at[0], n.at[1] - at[1]);
      if (d < bestD) { best = n; bestD = d; }
    }
    return best!;
  }
}

const range = (a: number, b: number, step: number) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step);

export const WALKWAYS: PlannedWalkway[] = [
  { id: 'w-1', name: { zh: '鹅岭山城步道', en: 'Eling hillside walkway' }, neighbourhood: 'n-eling-1' },
  { id: 'w-2', name: { zh: '佛图关步道（含连廊与公共电梯）', en: 'Fotuguan walkway with skybridge and lift' }, neighbourhood: 'n-eling-2' },
  { id: 'w-3', name: { zh: '李子坝步道', en: 'Liziba walkway' }, neighbourhood: 'n-eling-3' },
];

/** Lays out roads, paths and walkways; returns gates and transit stops. */
export function planWalkways(net: WalkNetwork): { gates: PlannedGate[]; transit: PlannedTransit[] } {
  const xs = range(-420, 420, 60);
  // Pavements of the ridge road, the riverside road (extended east to the rail station) and the inner road.
  net.line([[-450, RIDGE_Y], ...xs.map((x): XY => [x, RIDGE_Y]), [450, RIDGE_Y]]);
  net.line([[-450, RIVER_Y], ...xs.map((x): XY => [x, RIVER_Y]), [450, RIVER_Y], [520, RIVER_Y], [600, RIVER_Y]]);
  net.line([[-450, INNER_Y], ...xs.map((x): XY => [x, INNER_Y]), [450, INNER_Y]]);
  // Contour paths along the tower rows (the towers' doors join them).
  for (const y of TOWER_ROWS) net.line(xs.map((x): XY => [x, y]));
  // The west and east stair walkways, ridge to river, a node every 20 m and at every path they cross.
  const stops = [...new Set([...range(RIDGE_Y, RIVER_Y, 20), ...TOWER_ROWS, INNER_Y])].sort((a, b) => a - b);
  net.line(stops.map((y): XY => [-300, y]), 'w-1');
  net.line(stops.map((y): XY => [300, y]), 'w-3');
  // The middle walkway: steps from the ridge to the inner road and on to the garage roof, a skybridge
  // over the lower slope, a public lift down to street level, then the pavement to the river road.
  net.line(stops.filter((y) => y <= 120).map((y): XY => [0, y]), 'w-2');
  const bridgeStart = net.node(0, 120);
  const liftTop = net.node(0, 250, 'junction', bridgeStart.at[2]);
  net.link(bridgeStart, liftTop, 'skybridge', 'w-2');
  const liftBottom = net.node(0, 250);
  net.link(liftTop, liftBottom, 'elevator', 'w-2', 10);
  net.line([[0, 250], [0, RIVER_Y]], 'w-2');
  // Every edge can be walked both ways; edges are stored once and read as undirected.

  const gate = (id: string, zh: string, en: string, neighbourhood: string, at: XY, main: boolean): PlannedGate => {
    const n = net.node(at[0], at[1], 'gate');
    return { id, name: { zh, en }, neighbourhood, node: n.id, main };
  };
  const gates = [
    gate('gate-1', '鹅岭正街小区北门', 'Eling Zhengjie north gate', 'n-eling-1', [-300, 300], true),
    gate('gate-2', '佛图关小区南门', 'Fotuguan south gate', 'n-eling-2', [0, -300], true),
    gate('gate-3', '李子坝小区北门', 'Liziba north gate', 'n-eling-3', [300, 300], true),
    gate('gate-4', '鹅岭正街小区西门', 'Eling Zhengjie west gate', 'n-eling-1', [-450, INNER_Y], false),
    gate('gate-5', '李子坝小区东门', 'Liziba east gate', 'n-eling-3', [450, INNER_Y], false),
  ];
  const stop = (id: string, kind: PlannedTransit['kind'], zh: string, en: string, at: XY, from: XY): PlannedTransit => {
    const n = net.node(at[0], at[1], kind === 'bus_stop' ? 'stop' : 'station');
    net.link(net.node(from[0], from[1]), n, 'crossing');
    return { id, kind, name: { zh, en }, node: n.id, at };
  };
  const transit = [
    stop('bus-1', 'bus_stop', '鹅岭公园站', 'Eling Park bus stop', [-60, RIDGE_Y - 25], [-60, RIDGE_Y]),
    stop('bus-2', 'bus_stop', '嘉滨路佛图关站', 'Jiabin Road Fotuguan bus stop', [-180, RIVER_Y + 25], [-180, RIVER_Y]),
    stop('bus-3', 'bus_stop', '李子坝正街站', 'Liziba Zhengjie bus stop', [420, RIVER_Y + 25], [420, RIVER_Y]),
    stop('rail-1', 'rail_station', '轨道交通2号线 李子坝站', 'Metro Line 2 Liziba station', [600, RIVER_Y + 40], [600, RIVER_Y]),
  ];
  return { gates, transit };
}
