import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neighbourhoodSites, simulatedCommunities } from '../../server/simulation/simulated-communities.ts';
import { defaultRulesFor, seedRuleSets } from '../../server/alerts/rules/community-rules.ts';
import { DEFAULT_RULES } from '../../server/alerts/rules/default-rules.ts';
import { validateRules } from '../../server/alerts/rules/validate-rules.ts';
import { Hierarchy, LEVELS, type HierarchyNode } from '../../streams/hierarchy.ts';
import type { SiteRecord } from '../../streams/sites/site-record.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FIXTURE_SITES } from './fixture-sites.ts';

const liveTree = (sites: readonly SiteRecord[]): HierarchyNode[] => sites
  .map(({ id, level, name, parent }) => ({ id, level, name, parent }))
  .sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));

describe('simulatedCommunities', () => {
  it('runs the demo from its twin plan first, and generated communities at the picked real places', () => {
    const cs = simulatedCommunities(FIXTURE_SITES, 7, 5);
    expect(cs).toHaveLength(7);
    expect(cs[0]).toBe(DEMO_COMMUNITY);
    const byId = new Map(FIXTURE_SITES.map((s) => [s.id, s]));
    for (const c of cs.slice(1)) {
      const site = byId.get(c.id)!;
      expect(site.urban).toBe(true);
      expect(c.name).toEqual(site.name);
      expect(c.street.id).toBe(site.parent);
      expect(c.district.id).toBe(byId.get(site.parent!)!.parent);
    }
    expect(simulatedCommunities(FIXTURE_SITES, 7, 5)).toEqual(cs);
    expect(simulatedCommunities(FIXTURE_SITES, 1, 5)).toEqual([DEMO_COMMUNITY]);
  });

  it('adds the neighbourhoods the tree lacks, under their communities, so every series lands on a node', () => {
    const cs = simulatedCommunities(FIXTURE_SITES, 5, 2);
    const added = neighbourhoodSites(cs, FIXTURE_SITES);
    // The demo's neighbourhoods are in the tree already.
    expect(added.map((s) => s.id)).toEqual(cs.slice(1).flatMap((c) => c.neighbourhoods.map((n) => n.id)));
    for (const s of added) expect([s.level, s.code]).toEqual(['neighbourhood', null]);
    const h = new Hierarchy(liveTree([...FIXTURE_SITES, ...added]));
    for (const c of cs) for (const n of c.neighbourhoods) expect(h.get(n.id)?.parent).toBe(c.id);
    // Already added: nothing more.
    expect(neighbourhoodSites(cs, [...FIXTURE_SITES, ...added])).toEqual([]);
    const clash: SiteRecord = { id: cs[1].neighbourhoods[0].id, level: 'community', parent: '500103001000', code: null, name: { zh: '别处', en: 'Elsewhere' } };
    expect(() => neighbourhoodSites(cs, [...FIXTURE_SITES, clash])).toThrow(new RegExp(`"${clash.id}".*already a community`));
  });
});

describe('default rule sets per community', () => {
  const cs = simulatedCommunities(FIXTURE_SITES, 8, 4);

  it('gives the demo exactly the default rules, and every community a valid set of its own', () => {
    expect(defaultRulesFor(DEMO_COMMUNITY)).toEqual(DEFAULT_RULES);
    for (const c of cs) {
      const rules = defaultRulesFor(c);
      expect(validateRules(rules)).toEqual(rules);
      expect(rules.length).toBeGreaterThan(10);
    }
  });

  it('sets the water and drainage thresholds from the community\'s own sensors', () => {
    for (const c of cs.slice(1)) {
      const rules = defaultRulesFor(c);
      const water = rules.find((r) => r.id === 'water-pressure-low')!;
      const lowest = Math.min(...c.pipeSensors.filter((p) => p.network === 'water_supply').map((p) => p.nominalPressureKpa));
      expect(water.kind === 'threshold' && typeof water.value === 'number' && water.value).toBeLessThan(lowest);
      expect(water.kind === 'threshold' && water.value).toBeGreaterThanOrEqual(120);
      const drainage = rules.find((r) => r.id === 'drainage-level-high')!;
      const levels = c.pipeSensors.filter((p) => p.network === 'drainage').map((p) => p.alertLevelM!);
      expect(drainage.kind === 'threshold' && drainage.value).toBeGreaterThanOrEqual(Math.min(...levels));
      expect(drainage.kind === 'threshold' && drainage.value).toBeLessThanOrEqual(Math.max(...levels));
    }
    const thresholds = new Set(cs.map((c) => JSON.stringify(defaultRulesFor(c).filter((r) => r.measurement === 'pipe'))));
    expect(thresholds.size).toBeGreaterThan(1);
  });

  it('leaves out rules no device of the community can trigger', () => {
    const noChildcare = { ...cs[1], services: { ...cs[1].services, childcareAlarms: [] }, pipeSensors: cs[1].pipeSensors.filter((p) => p.network !== 'gas') };
    const ids = defaultRulesFor(noChildcare).map((r) => r.id);
    expect(ids.some((id) => id.startsWith('childcare-'))).toBe(false);
    expect(ids).not.toContain('gas-leak-status');
    expect(ids).toContain('water-pressure-low');
  });

  describe('seeded into a running server', () => {
    let app: TestApp;
    beforeAll(async () => {
      const hierarchy = liveTree([...FIXTURE_SITES, ...neighbourhoodSites(cs, FIXTURE_SITES)]);
      app = await startTestApp({ hierarchy, alerts: { seedCommunities: [] } });
      seedRuleSets(app.alerts, cs);
    });
    afterAll(() => app?.stop());

    it('has a rule set for every simulated community, the one its configuration gives, and the engine runs it', async () => {
      for (const c of cs) {
        const res = await app.get(`/api/alerts/rules?community=${c.id}`);
        expect(res.status).toBe(200);
        expect(res.body.revision).toBe(1);
        expect(res.body.rules).toEqual(defaultRulesFor(c));
        expect(app.alerts.engine.rulesOf(c.id)).toEqual(defaultRulesFor(c));
      }
      // A community of the tree that is not simulated gets none.
      const other = FIXTURE_SITES.find((s) => s.level === 'community' && !cs.some((c) => c.id === s.id))!;
      expect((await app.get(`/api/alerts/rules?community=${other.id}`)).body.revision).toBe(0);
    });

    it('keeps an edited rule set when seeded again (a restart)', async () => {
      const c = cs[2];
      const edited = defaultRulesFor(c).slice(0, 3);
      app.alerts.rules.put(c.id, edited, 'tester', 1);
      seedRuleSets(app.alerts, cs);
      const res = await app.get(`/api/alerts/rules?community=${c.id}`);
      expect([res.body.revision, res.body.rules]).toEqual([2, edited]);
      expect(app.alerts.engine.rulesOf(c.id)).toEqual(edited);
    });
  });
});
