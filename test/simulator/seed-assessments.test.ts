import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neighbourhoodSites, simulatedCommunities } from '../../server/simulation/simulated-communities.ts';
import { seedAssessments, seedPlan } from '../../server/simulation/seed-assessments.ts';
import { ITEMS } from '../../streams/indicators/catalogue.ts';
import { LEVELS, type HierarchyNode } from '../../streams/hierarchy.ts';
import type { SiteRecord } from '../../streams/sites/site-record.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FIXTURE_SITES } from './fixture-sites.ts';

const liveTree = (sites: readonly SiteRecord[]): HierarchyNode[] => sites
  .map(({ id, level, name, parent }) => ({ id, level, name, parent }))
  .sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));

const SEED = 42;
const cs = simulatedCommunities(FIXTURE_SITES, 20, SEED);
const CITY = '500000';

describe('seeded indicator progress of the simulated communities', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ hierarchy: liveTree([...FIXTURE_SITES, ...neighbourhoodSites(cs, FIXTURE_SITES)]) });
  });
  afterAll(() => app?.stop());

  it('is the same for the same seed and community, and differs between communities and seeds', () => {
    const a = seedPlan(SEED, cs[3].id);
    expect(seedPlan(SEED, cs[3].id)).toEqual(a);
    const signatures = new Set(cs.map((c) => [...seedPlan(SEED, c.id).statuses].join()));
    expect(signatures.size).toBe(cs.length);
    expect([...seedPlan(SEED + 1, cs[3].id).statuses].join()).not.toBe([...a.statuses].join());
  });

  it('lets a few of 20 communities pass the binding gate and leaves most part-way, with evidence notes', async () => {
    const result = seedAssessments(app.records, cs, SEED);
    expect(result.communities).toBe(cs.length);
    const res = await app.get(`/api/indicators/progress?node=${CITY}`);
    expect(res.status).toBe(200);
    // The tree also holds communities that are not simulated (villages, one more urban): they stay unassessed.
    const simulated = new Set(cs.map((c) => c.id));
    const list: { community: string; gatePassed: boolean; basicRatio: number | null; statuses: Record<string, number> }[] = res.body.area.list;
    const seeded = list.filter((f) => simulated.has(f.community));
    expect(seeded).toHaveLength(cs.length);
    for (const f of list.filter((f) => !simulated.has(f.community))) expect(f.statuses.not_started).toBe(ITEMS.length);
    const passing = seeded.filter((f) => f.gatePassed).length;
    expect(passing).toBeGreaterThanOrEqual(2);
    expect(passing).toBeLessThanOrEqual(6);
    // Part-way: some of everything in each community, and no community at 0 or 100 % of its basic items.
    for (const f of seeded) {
      expect(f.statuses.met).toBeGreaterThan(0);
      expect(f.statuses.in_progress + f.statuses.not_met).toBeGreaterThan(0);
      expect(f.basicRatio).toBeGreaterThan(0.1);
      expect(f.basicRatio).toBeLessThan(1);
    }
    expect(new Set(seeded.map((f) => f.basicRatio)).size).toBeGreaterThan(cs.length / 2);
    // What the plan says is what the API reads, community by community.
    for (const f of seeded) expect(f.gatePassed).toBe(seedPlan(SEED, f.community).passing);

    const one = await app.get(`/api/indicators/assessments?node=${cs[1].id}`);
    const assessed = one.body.assessments.filter((a: { revision: number }) => a.revision > 0);
    expect(assessed.length).toBe(seedPlan(SEED, cs[1].id).statuses.size);
    for (const a of assessed) {
      expect(a.operator).toBe('system');
      expect(a.evidence.note).toMatch(/^[\u4e00-\u9fff]+：[^a-zA-Z]+。（系统初始化）$/);
      expect(a.at).toBeLessThanOrEqual(Date.now());
    }
  });

  it('keeps what people assessed when the server starts again, and adds nothing', async () => {
    const c = cs[4].id;
    const item = ITEMS.find((it) => it.type === 'binding')!.id;
    const before = (await app.get(`/api/indicators/assessments?node=${c}`)).body.assessments.find((a: { item: string }) => a.item === item);
    const put = await app.fetch(`/api/indicators/assessments/${c}/${item}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'not_met', expectedRevision: before.revision, evidence: { note: '复核发现议事厅未挂牌' } }),
    });
    expect(put.status).toBe(200);
    // An item nobody had assessed, assessed by a person now.
    const untouched = ITEMS.find((it) => !seedPlan(SEED, c).statuses.has(it.id))!.id;
    const put2 = await app.fetch(`/api/indicators/assessments/${c}/${untouched}`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'met', expectedRevision: 0, evidence: { note: '已完成' } }),
    });
    expect(put2.status).toBe(200);
    const progressBefore = (await app.get(`/api/indicators/progress?node=${CITY}`)).body.area;

    expect(seedAssessments(app.records, cs, SEED)).toEqual({ written: 0, communities: 0 });
    const after = (await app.get(`/api/indicators/assessments?node=${c}`)).body.assessments;
    const mine = after.find((a: { item: string }) => a.item === item);
    expect([mine.status, mine.evidence.note, mine.revision]).toEqual(['not_met', '复核发现议事厅未挂牌', before.revision + 1]);
    expect(mine.operator).toMatch(/\(admin\)$/);
    expect(after.find((a: { item: string }) => a.item === untouched).status).toBe('met');
    expect((await app.get(`/api/indicators/progress?node=${CITY}`)).body.area).toEqual(progressBefore);
  });
});
