import { describe, expect, it } from 'vitest';
import { hierarchyNodes, validateCommunity } from '../../streams/simulator/community-config.ts';
import { generateCommunity, syntheticPlaces } from '../../streams/simulator/community-generator.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { CommunitySimulator } from '../../streams/simulator/community-simulator.ts';
import { seriesOf } from '../../streams/simulator/series.ts';
import { Hierarchy } from '../../streams/hierarchy.ts';
import { fieldDef, isFamily, tagKeys } from '../../streams/families/index.ts';
import { ALERT_TYPES, SEVERITIES } from '../../streams/alerts.ts';
import { seriesKey } from '../../streams/line-protocol/format.ts';

const START = Date.UTC(2025, 5, 6, 16); // Saturday 7 June 2025, 00:00 in Chongqing

describe('community configs', () => {
  it('describe the demo community 鹅岭社区 in 两路口街道, 渝中区, 重庆市', () => {
    expect(validateCommunity(DEMO_COMMUNITY)).toEqual([]);
    const h = new Hierarchy(hierarchyNodes([DEMO_COMMUNITY]));
    expect(h.pathOf('n-eling-1').map((n) => n.id)).toEqual(['n-eling-1', 'c-eling', '500103004000', '500103', '500000']);
    expect(h.get('c-eling')?.name).toEqual({ zh: '鹅岭社区', en: 'Eling Community' });
    expect(h.childrenOf('c-eling')).toHaveLength(3);
    const households = DEMO_COMMUNITY.buildings.reduce((n, b) => n + b.households, 0);
    expect(households).toBeGreaterThanOrEqual(2000);
    // The twin's demo plan: 20–40 towers, three or more lots with 800+ spaces, one underground.
    expect(DEMO_COMMUNITY.buildings.filter((b) => b.category === 'residential').length).toBeGreaterThanOrEqual(20);
    expect(DEMO_COMMUNITY.parkingLots.length).toBeGreaterThanOrEqual(3);
    expect(DEMO_COMMUNITY.parkingLots.reduce((n, l) => n + l.capacity, 0)).toBeGreaterThanOrEqual(800);
    expect(DEMO_COMMUNITY.parkingLots.some((l) => l.kind === 'underground')).toBe(true);
  });

  it('generated communities of 200 synthetic places have unique ids spread over several districts and streets', () => {
    const cs = syntheticPlaces(200).map((p) => generateCommunity(p, 1));
    expect(new Set(cs.map((c) => c.id)).size).toBe(200);
    const nbs = cs.flatMap((c) => c.neighbourhoods.map((n) => n.id));
    expect(new Set(nbs).size).toBe(nbs.length);
    for (const c of cs) expect(validateCommunity(c)).toEqual([]);
    const nodes = hierarchyNodes(cs);
    const h = new Hierarchy(nodes); // throws on duplicate ids or unknown parents
    const byLevel = (level: string) => nodes.filter((n) => n.level === level);
    expect(byLevel('city')).toHaveLength(1);
    expect(byLevel('district').length).toBeGreaterThanOrEqual(3);
    expect(byLevel('street').length).toBeGreaterThanOrEqual(10);
    expect(h.communitiesUnder('500000')).toHaveLength(200);
    // Together with the demo community, ids stay unique (渝中区 500103 is shared, as it should be).
    expect(() => new Hierarchy(hierarchyNodes([DEMO_COMMUNITY, ...cs]))).not.toThrow();
  });

  it('tags every point with a community and neighbourhood of the hierarchy, and only declared series', () => {
    const communities = [DEMO_COMMUNITY, ...syntheticPlaces(2).map((p) => generateCommunity(p, 1))];
    const h = new Hierarchy(hierarchyNodes(communities));
    const declared = new Set(communities.flatMap((c) => seriesOf(c).map((s) => seriesKey(s.measurement, s.tags))));
    const sim = new CommunitySimulator({ communities, seed: 3, start: START });
    const seen = new Set<string>();
    const problems = new Set<string>();
    const points = sim.advance(START + 6 * 3_600_000);
    expect(points.length).toBeGreaterThan(100_000);
    for (const p of points) {
      const nb = h.get(p.tags.neighbourhood);
      if (h.get(p.tags.community)?.level !== 'community') problems.add(`unknown community in ${p.measurement}`);
      if (nb?.level !== 'neighbourhood' || nb.parent !== p.tags.community) problems.add(`bad neighbourhood in ${p.measurement}`);
      if (!isFamily(p.measurement)) {
        problems.add(`unknown measurement ${p.measurement}`);
        continue;
      }
      if (Object.keys(p.tags).sort().join() !== [...tagKeys(p.measurement)].sort().join()) problems.add(`tags of ${p.measurement}`);
      for (const [k, v] of Object.entries(p.fields)) {
        const type = fieldDef(p.measurement, k)?.type;
        const actual = typeof v === 'object' ? 'integer' : typeof v === 'number' ? 'float' : typeof v;
        if (actual !== type) problems.add(`${p.measurement}.${k} is ${actual}, declared ${type}`);
      }
      if (p.measurement === 'alert') {
        if (!(ALERT_TYPES as readonly string[]).includes(p.tags.type)) problems.add(`alert type ${p.tags.type}`);
        if (!(SEVERITIES as readonly string[]).includes(p.tags.severity)) problems.add(`severity ${p.tags.severity}`);
      } else {
        const key = seriesKey(p.measurement, p.tags);
        if (!declared.has(key)) problems.add(`undeclared series ${key}`);
        seen.add(key);
      }
    }
    expect([...problems]).toEqual([]);
    // Every declared series reported within six hours.
    expect(seen.size).toBe(declared.size);
  });

  it('rejects configs whose devices name unknown neighbourhoods', () => {
    const c = generateCommunity(syntheticPlaces(1)[0], 1);
    const bad = { ...c, buildings: [{ ...c.buildings[0], neighbourhood: 'nowhere' }] };
    expect(validateCommunity(bad)[0]).toMatch(/nowhere/);
    expect(() => new CommunitySimulator({ communities: [bad], seed: 1, start: START })).toThrow(/nowhere/);
    expect(() => new CommunitySimulator({ communities: [c, c], seed: 1, start: START })).toThrow(/twice/);
  });
});
