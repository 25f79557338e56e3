import { describe, expect, it } from 'vitest';
import { networkDensity, polygonAreaM2, shortestWalk, type WalkEdge, type WalkGraph, type WalkNode } from '../../streams/indicators/walkability.ts';

/*
 * A hillside by hand. The bus stop B sits on a terrace 20 m above the entrance E, 63 m away in a
 * straight line, but a retaining wall lies between them:
 *
 *   P1 (0,100,0) ──stairs 45 m──► P2 (30,100,20)
 *    │ path 100 m                  │ path 105 m
 *   E (0,0,0)                     B (60,0,20)     stairs route: 100 + 45 + 105 = 250 m
 *    └── path 170 m ── R (150,-50,10) ── path 130 m ──┘      ramp route: 170 + 130 = 300 m
 *
 * A second entrance E2 far away reaches B by 600 m and a second stop B2 by 50 m; X is cut off.
 */
const N = (id: string, x: number, y: number, z: number): WalkNode => ({ id, x, y, z });
const E_ = (id: string, from: string, to: string, kind: WalkEdge['kind'], lengthM: number, climbM = 0): WalkEdge => ({ id, from, to, kind, lengthM, climbM });
const HILL: WalkGraph = {
  nodes: [N('E', 0, 0, 0), N('P1', 0, 100, 0), N('P2', 30, 100, 20), N('B', 60, 0, 20), N('R', 150, -50, 10),
    N('E2', 500, 500, 0), N('B2', 520, 520, 0), N('X', 1000, 1000, 0)],
  edges: [
    E_('e-p1', 'E', 'P1', 'path', 100), E_('st', 'P1', 'P2', 'stairs', 45, 20), E_('p2-b', 'P2', 'B', 'path', 105),
    E_('e-r', 'E', 'R', 'path', 170, 10), E_('r-b', 'R', 'B', 'path', 130, 10),
    E_('e2-b', 'E2', 'B', 'path', 600), E_('e2-b2', 'E2', 'B2', 'path', 50),
  ],
};

describe('shortest walking route', () => {
  it('goes round by the stairs when the straight line is blocked, and the route is drawable', () => {
    const r = shortestWalk(HILL, ['E'], ['B']);
    expect(r.reachable).toBe(true);
    if (!r.reachable) return;
    expect(r.distanceM).toBe(250);
    expect(r.costM).toBe(250);
    expect(Math.hypot(60, 20)).toBeLessThan(70); // the straight line the guideline does not measure
    expect(r.points).toEqual([N('E', 0, 0, 0), N('P1', 0, 100, 0), N('P2', 30, 100, 20), N('B', 60, 0, 20)]);
    expect(r.edges).toEqual(['e-p1', 'st', 'p2-b']);
    expect([r.from, r.to]).toEqual(['E', 'B']);
  });

  it.each([
    ['plain length (default)', {}, 250, 250, ['e-p1', 'st', 'p2-b']],
    ['stairs counted double: still shorter than the ramp', { stairsFactor: 2 }, 250, 295, ['e-p1', 'st', 'p2-b']],
    ['stairs counted triple: the ramp wins', { stairsFactor: 3 }, 300, 300, ['e-r', 'r-b']],
    ['step-free route', { avoid: ['stairs'] as const }, 300, 300, ['e-r', 'r-b']],
    ['climb cost: both routes climb 20 m', { climbCostPerM: 2 }, 250, 290, ['e-p1', 'st', 'p2-b']],
  ])('options: %s', (_name, opts, distanceM, costM, edges) => {
    const r = shortestWalk(HILL, ['E'], ['B'], opts);
    expect(r).toMatchObject({ reachable: true, distanceM, costM, edges });
  });

  it('starts at the entrance nearest to the nearest target', () => {
    expect(shortestWalk(HILL, ['E', 'E2'], ['B', 'B2'])).toMatchObject({ reachable: true, from: 'E2', to: 'B2', distanceM: 50 });
    expect(shortestWalk(HILL, ['E2'], ['B'])).toMatchObject({ reachable: true, from: 'E2', to: 'B', distanceM: 600 });
    expect(shortestWalk(HILL, ['B'], ['B'])).toMatchObject({ reachable: true, distanceM: 0, edges: [] });
  });

  it('says plainly when no target can be reached', () => {
    const r = shortestWalk(HILL, ['E'], ['X']);
    expect(r.reachable).toBe(false);
    expect(r.distanceM).toBeNull();
    if (!r.reachable) expect(r.reason).toBe('no walkway connects the entrances (E) to any target (X)');
    const noLift = { nodes: [N('a', 0, 0, 0), N('b', 0, 0, 30)], edges: [E_('lift', 'a', 'b', 'elevator', 30, 30)] };
    expect(shortestWalk(noLift, ['a'], ['b'], { avoid: ['elevator'] })).toMatchObject({ reachable: false, reason: expect.stringContaining('without elevator') });
  });

  it.each([
    [() => shortestWalk(HILL, ['E'], ['nope']), 'walkability: target "nope" is not a node of the network'],
    [() => shortestWalk(HILL, [], ['B']), 'walkability: no entrance given'],
    [() => shortestWalk({ nodes: [N('a', 0, 0, 0)], edges: [E_('x', 'a', 'zz', 'path', 1)] }, ['a'], ['a']), 'walkability: edge "x" ends at unknown node "zz"'],
    [() => shortestWalk({ nodes: [N('a', 0, 0, 0), N('b', 1, 0, 0)], edges: [E_('x', 'a', 'b', 'path', -5)] }, ['a'], ['b']), 'walkability: edge "x" has length -5 m; lengths are finite and ≥ 0'],
    [() => shortestWalk(HILL, ['E'], ['B'], { stairsFactor: 0.5 }), 'walkability: stairsFactor 0.5 must be a finite number ≥ 1'],
  ])('refuses bad input %#', (run, message) => {
    expect(run).toThrow(message);
  });

  it('finds the shortest route on a larger grid, equal to the Manhattan distance', () => {
    const size = 60;
    const nodes: WalkNode[] = [], edges: WalkEdge[] = [];
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) nodes.push(N(`${i},${j}`, i * 10, j * 10, 0));
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) {
      if (i + 1 < size) edges.push(E_(`h${i},${j}`, `${i},${j}`, `${i + 1},${j}`, 'path', 10));
      if (j + 1 < size) edges.push(E_(`v${i},${j}`, `${i},${j}`, `${i},${j + 1}`, 'path', 10));
    }
    const r = shortestWalk({ nodes, edges }, ['0,0'], ['59,59', '30,12']);
    expect(r).toMatchObject({ reachable: true, to: '30,12', distanceM: 420 });
    if (r.reachable) expect(r.points).toHaveLength(43);
  });
});

describe('walkway network density', () => {
  // A 500 m square: 0.25 km².
  const SQUARE: [number, number][] = [[0, 0], [500, 0], [500, 500], [0, 500]];
  const lines = (extra: WalkEdge[] = [], extraNodes: WalkNode[] = []): WalkGraph => {
    const nodes: WalkNode[] = [...extraNodes], edges: WalkEdge[] = [...extra];
    for (const y of [100, 200, 300, 400]) {
      nodes.push(N(`w${y}`, 0, y, 0), N(`e${y}`, 500, y, 0));
      edges.push(E_(`l${y}`, `w${y}`, `e${y}`, 'path', 500));
    }
    return { nodes, edges };
  };

  it('is walkway km over area km²: four 500 m walkways across a 500 m square make 8 km/km²', () => {
    const d = networkDensity(lines(), SQUARE);
    expect(d.lengthKm).toBeCloseTo(2, 12);
    expect(d.areaKm2).toBeCloseTo(0.25, 12);
    expect(d.densityKmPerKm2).toBeCloseTo(8, 12);
  });

  it('counts only the part of a walkway inside the boundary, and no lift rides', () => {
    const g = lines(
      [E_('half', 'm', 'out', 'stairs', 600, 30), E_('lift', 'm', 'm2', 'elevator', 40, 40)],
      [N('m', 250, 250, 0), N('out', 750, 250, 30), N('m2', 250, 250, 40)],
    );
    const d = networkDensity(g, SQUARE);
    expect(d.lengthKm).toBeCloseTo(2 + 0.3, 12); // half of the 600 m flight lies inside
    expect(d.densityKmPerKm2).toBeCloseTo(9.2, 12);
    expect(networkDensity(g, SQUARE, { kinds: ['path', 'stairs', 'elevator'] }).lengthKm).toBeCloseTo(2.34, 12);
  });

  it.each([
    ['square, counter-clockwise', [[0, 0], [500, 0], [500, 500], [0, 500]], 250_000],
    ['square, clockwise', [[0, 0], [0, 500], [500, 500], [500, 0]], 250_000],
    ['right triangle', [[0, 0], [300, 0], [0, 400]], 60_000],
    ['L shape', [[0, 0], [200, 0], [200, 100], [100, 100], [100, 200], [0, 200]], 30_000],
  ] as const)('shoelace area of a %s', (_name, polygon, area) => {
    expect(polygonAreaM2(polygon)).toBe(area);
  });

  it('refuses a boundary without area', () => {
    expect(() => networkDensity(lines(), [[0, 0], [1, 1]])).toThrow('walkability: a polygon needs at least 3 vertices, got 2');
    expect(() => networkDensity(lines(), [[0, 0], [1, 1], [2, 2]])).toThrow('walkability: the boundary polygon has no area');
  });
});
