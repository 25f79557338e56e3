/**
 * Roll-ups as a property: for random trees and random streams of samples (the same series again and
 * again, values up and down, the holder of a max or min moving away from it, samples older than the
 * latest, the tree changing between batches), every node's figure equals the figure computed
 * naively from the latest value of each series under it, and a parent's figure is the sum,
 * count-weighted mean, max or min of its children's and of the series placed at it directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hierarchy, type HierarchyNode } from '../../streams/hierarchy.ts';
import { SeriesCatalog } from '../../server/catalog/series-catalog.ts';
import { NodeRollups, type RollupValues } from '../../server/rollups/node-rollups.ts';
import { fuzzParams } from '../support/fuzz.ts';

/** Fields of every rule, and two that no summary totals. */
const FIELDS = [
  { measurement: 'energy', field: 'load_kw', rule: 'sum' },
  { measurement: 'env', field: 'temperature_c', rule: 'mean' },
  { measurement: 'pipe', field: 'level_m', rule: 'max' },
  { measurement: 'fire_water', field: 'level_m', rule: 'min' },
  { measurement: 'alert', field: 'value', rule: 'none' },
  { measurement: 'parking_space', field: 'occupied', rule: 'none' },
] as const;
type Rule = (typeof FIELDS)[number]['rule'];

/** districts → streets → communities → neighbourhood count. */
const treeShape = fc.array(fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 });

function buildTree(shape: number[][][]): HierarchyNode[] {
  const name = (id: string) => ({ zh: id, en: id });
  const nodes: HierarchyNode[] = [{ id: 'cq', level: 'city', name: name('cq'), parent: null }];
  shape.forEach((streets, d) => {
    nodes.push({ id: `d${d}`, level: 'district', name: name(`d${d}`), parent: 'cq' });
    streets.forEach((communities, s) => {
      nodes.push({ id: `s${d}-${s}`, level: 'street', name: name(`s${d}-${s}`), parent: `d${d}` });
      communities.forEach((nbs, c) => {
        const cid = `c${d}-${s}-${c}`;
        nodes.push({ id: cid, level: 'community', name: name(cid), parent: `s${d}-${s}` });
        for (let n = 0; n < nbs; n++) nodes.push({ id: `${cid}-n${n}`, level: 'neighbourhood', name: name(`${cid}-n${n}`), parent: cid });
      });
    });
  });
  return nodes;
}

/** A series' place: a community by index, a neighbourhood slot (often one the tree lacks), or a community the tree lacks. */
const seriesSpec = fc.record({
  field: fc.integer({ min: 0, max: FIELDS.length - 1 }),
  community: fc.integer({ min: 0, max: 40 }),
  neighbourhood: fc.integer({ min: -1, max: 3 }),
  stray: fc.boolean(),
});
/** Small integers, so ties and a max/min holder moving off its extreme are common; some fractions and large magnitudes. */
const value = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -6, max: 6 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 3, arbitrary: fc.constantFrom(1e12, -1e12, 0.1, 0.2, 0.3) },
);
const step = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('sample' as const), series: fc.nat(), value, back: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), community: fc.nat(), street: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), community: fc.nat() }) },
);

interface Model { tags: Record<string, string>; rule: Rule; key: string; t: number; v: number; id: number }

describe('node roll-ups', () => {
  it('every node\'s figures equal those computed naively from the latest values, and compose from its children\'s', () => {
    fc.assert(fc.property(treeShape, fc.array(seriesSpec, { minLength: 1, maxLength: 30 }), fc.array(fc.array(step, { maxLength: 12 }), { maxLength: 25 }), (shape, specs, batches) => {
      const hierarchy = new Hierarchy(buildTree(shape));
      const communities = () => [...hierarchy.nodes()].filter((n) => n.level === 'community');
      const catalog = new SeriesCatalog();
      const rollups = new NodeRollups(catalog, hierarchy);
      const cs = communities();
      const series: Model[] = specs.map((s, i) => {
        const f = FIELDS[s.field];
        const c = s.stray ? 'c-not-in-tree' : cs[s.community % cs.length].id;
        const tags: Record<string, string> = { community: c, neighbourhood: s.neighbourhood < 0 ? 'n-elsewhere' : `${c}-n${s.neighbourhood}`, device: `dev${i}` };
        const type = f.measurement === 'parking_space' ? 'boolean' : 'float';
        const id = catalog.resolve({ measurement: f.measurement, tags, key: `${f.measurement},dev=${i}` }, f.field, type);
        return { tags, rule: f.rule, key: `${f.measurement}.${f.field}`, t: NaN, v: NaN, id };
      });
      let clock = 1_000_000;
      for (const batch of batches) {
        const sid: number[] = [];
        for (const s of batch) {
          if (s.kind === 'sample') {
            const m = series[s.series % series.length];
            const v = m.rule === 'none' && m.key === 'parking_space.occupied' ? (s.value > 0 ? 1 : 0) : s.value;
            // Now and then a sample older than the latest: the catalog keeps the latest, and so must the figures.
            const t = s.back && !Number.isNaN(m.t) ? m.t - 1 : (clock += 1000);
            catalog.setLatest(m.id, t, v);
            if (!(t < m.t)) { m.t = t; m.v = v; }
            sid.push(m.id);
          } else if (s.kind === 'read') {
            rollups.values('cq');
          } else if (s.kind === 'move') {
            const c = communities()[s.community % communities().length];
            const streets = [...hierarchy.nodes()].filter((n) => n.level === 'street');
            hierarchy.update(c.id, { parent: streets[s.street % streets.length].id });
          } else {
            const c = communities()[s.community % communities().length];
            const n = hierarchy.childrenOf(c.id).length;
            if (!hierarchy.has(`${c.id}-n${n}`)) hierarchy.add({ id: `${c.id}-n${n}`, level: 'neighbourhood', name: { zh: 'x', en: 'x' }, parent: c.id });
          }
        }
        rollups.accept({ length: sid.length, sid });
        for (const node of hierarchy.nodes()) {
          const got = rollups.values(node.id);
          const scale = magnitude(under(hierarchy, node, series));
          expectFigures(got, naive(hierarchy, node, series), scale, `node ${node.id}`);
          expectFigures(got, composed(hierarchy, node, series, rollups), scale, `node ${node.id} from its children`);
        }
      }
    }), fuzzParams(150));
  });
});

/** Latest values of the series under a node: a neighbourhood holds its own, any other node the communities at or below it. */
function under(hierarchy: Hierarchy, node: HierarchyNode, series: Model[]): Model[] {
  return series.filter((m) => {
    if (Number.isNaN(m.t) || m.rule === 'none') return false;
    const c = hierarchy.get(m.tags.community);
    if (!c || c.level !== 'community') return false;
    if (node.level === 'neighbourhood') return node.parent === c.id && m.tags.neighbourhood === node.id;
    return hierarchy.contains(node.id, c.id);
  });
}

function naive(hierarchy: Hierarchy, node: HierarchyNode, series: Model[]): RollupValues {
  const groups = new Map<string, Model[]>();
  for (const m of under(hierarchy, node, series)) groups.set(m.key, [...(groups.get(m.key) ?? []), m]);
  const out: RollupValues = {};
  for (const [key, ms] of groups) {
    const vs = ms.map((m) => m.v);
    const rule = ms[0].rule;
    const sum = vs.reduce((a, b) => a + b, 0);
    out[key] = { value: rule === 'max' ? Math.max(...vs) : rule === 'min' ? Math.min(...vs) : rule === 'mean' ? sum / vs.length : sum, series: vs.length };
  }
  return out;
}

/** A node's figures from its children's figures and the series placed at the node itself. */
function composed(hierarchy: Hierarchy, node: HierarchyNode, series: Model[], rollups: NodeRollups): RollupValues {
  const parts = new Map<string, { rule: Rule; value: number; series: number }[]>();
  const put = (key: string, rule: Rule, value: number, n: number) => parts.set(key, [...(parts.get(key) ?? []), { rule, value, series: n }]);
  const ruleOf = new Map(series.map((m) => [m.key, m.rule]));
  for (const child of hierarchy.childrenOf(node.id)) {
    for (const [key, f] of Object.entries(rollups.values(child))) put(key, ruleOf.get(key)!, f.value, f.series);
  }
  if (node.level === 'community') {
    const kids = new Set(hierarchy.childrenOf(node.id));
    for (const m of under(hierarchy, node, series)) if (!kids.has(m.tags.neighbourhood)) put(m.key, m.rule, m.v, 1);
  }
  if (node.level === 'neighbourhood') return naive(hierarchy, node, series);
  const out: RollupValues = {};
  for (const [key, ps] of parts) {
    const n = ps.reduce((a, p) => a + p.series, 0);
    const rule = ps[0].rule;
    const value = rule === 'max' ? Math.max(...ps.map((p) => p.value)) : rule === 'min' ? Math.min(...ps.map((p) => p.value))
      : rule === 'mean' ? ps.reduce((a, p) => a + p.value * p.series, 0) / n : ps.reduce((a, p) => a + p.value, 0);
    out[key] = { value, series: n };
  }
  return out;
}

/** Per figure, the sum of the magnitudes of its values: what bounds the rounding of any way to add them. */
function magnitude(ms: Model[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of ms) out.set(m.key, (out.get(m.key) ?? 0) + Math.abs(m.v));
  return out;
}

function expectFigures(got: RollupValues, want: RollupValues, scale: Map<string, number>, where: string): void {
  expect(Object.keys(got).sort(), `${where}: figures`).toEqual(Object.keys(want).sort());
  for (const [key, w] of Object.entries(want)) {
    const g = got[key];
    expect(g.series, `${where}: ${key} series`).toBe(w.series);
    const tolerance = 1e-12 * Math.max(1, scale.get(key) ?? 0);
    expect(Math.abs(g.value - w.value), `${where}: ${key} = ${g.value}, naively ${w.value}`).toBeLessThanOrEqual(tolerance);
  }
}
