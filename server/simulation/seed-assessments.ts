/**
 * Plausible indicator progress for the simulated communities, so a city of them does not read
 * 0/110 everywhere: each community gets a maturity from the seed and its id; a few have every
 * binding item met (or not applicable) and pass the gate, most are part-way (some basic and
 * additional items met, some in progress, a few not met), each with a short evidence note.
 *
 * Seeded rows are ordinary assessments by operator `system`. An item anyone has assessed
 * (revision > 0, the seeding's own earlier rows included) is left alone, so people's work
 * survives every restart and a second start adds nothing.
 */
import { ITEMS, INDICATORS, type Item } from '../../streams/indicators/catalogue.ts';
import type { AssessmentStatus } from '../../streams/indicators/assessment.ts';
import { rngFor, type Rng } from '../../streams/simulator/index.ts';
import type { RecordsDb } from '../records/records-db.ts';
import { AssessmentStore } from '../indicators/assessment-store.ts';

/** The operator of seeded assessments. */
export const SEED_OPERATOR = 'system';

/** Share of communities whose every binding item is met: "a few". */
const PASSING_SHARE = 0.2;

/** Seeded assessments are dated over this many days before now, as real sign-offs would be. */
const SPREAD_DAYS = 90;

const DAY = 86_400_000;

/** Communities seeded per transaction. */
const BATCH = 250;

const NOTES: Readonly<Record<Exclude<AssessmentStatus, 'not_started'>, readonly string[]>> = {
  met: [
    '已建成投用，现场核查通过',
    '制度已印发实施，台账资料齐全',
    '已纳入社区年度工作计划并按期完成',
    '居民满意度调查达标，佐证材料已归档',
    '街道组织验收通过，照片与会议记录已存档',
    '已常态化运行，月度报表按时报送',
  ],
  in_progress: [
    '方案已编制，正在征求居民意见',
    '施工中，预计本季度完成',
    '已立项，资金正在落实',
    '试运行阶段，待街道验收',
    '部分完成，其余点位已排期推进',
  ],
  not_met: [
    '场地受限，暂不具备落实条件',
    '资金未到位，待区级统筹安排',
    '现状核查未达到指标要求，需整改',
    '专业力量不足，需街道协调补充',
  ],
  not_applicable: [
    '辖区内无此类对象，经街道确认不适用',
    '社区类型不涉及本项，经街道确认不适用',
  ],
};

/** One community's seeded state: the status of each item it assessed (items absent stay not started). */
export interface SeedPlan {
  community: string;
  /** Whether the plan meets every binding item (or marks it not applicable). */
  passing: boolean;
  statuses: Map<string, Exclude<AssessmentStatus, 'not_started'>>;
}

/** The statuses a community is seeded with: the same for the same seed and id, different per community. */
export function seedPlan(seed: number, community: string): SeedPlan {
  const rng = rngFor(seed, 'assessments', community);
  const passing = rng.bernoulli(PASSING_SHARE);
  const maturity = passing ? rng.uniform(0.65, 0.95) : rng.uniform(0.2, 0.75);
  const statuses = new Map<string, Exclude<AssessmentStatus, 'not_started'>>();
  for (const item of ITEMS) {
    const s = statusFor(rng, item, maturity, passing);
    if (s !== 'not_started') statuses.set(item.id, s);
  }
  if (!passing) {
    // Part-way means part-way: at least one binding item still holds the gate shut.
    const binding = ITEMS.filter((it) => it.type === 'binding');
    if (binding.every((it) => statuses.get(it.id) === 'met' || statuses.get(it.id) === 'not_applicable')) {
      statuses.set(binding[rng.int(binding.length)].id, 'in_progress');
    }
  }
  return { community, passing, statuses };
}

function statusFor(rng: Rng, item: Item, maturity: number, passing: boolean): AssessmentStatus {
  const u = rng.next();
  switch (item.type) {
    case 'binding':
      if (u < 0.03) return 'not_applicable';
      if (passing || rng.bernoulli(0.45 + 0.5 * maturity)) return 'met';
      return rng.bernoulli(0.7) ? 'in_progress' : 'not_met';
    case 'basic':
      if (u < 0.05) return 'not_applicable';
      if (rng.bernoulli(maturity)) return 'met';
      return pick(rng.next(), [[0.45, 'in_progress'], [0.65, 'not_met']], 'not_started');
    case 'additional':
      if (rng.bernoulli(0.6 * maturity)) return 'met';
      return pick(u, [[0.3, 'in_progress'], [0.38, 'not_met']], 'not_started');
  }
}

function pick(u: number, bands: readonly [below: number, status: AssessmentStatus][], otherwise: AssessmentStatus): AssessmentStatus {
  for (const [below, status] of bands) if (u < below) return status;
  return otherwise;
}

const INDICATOR_NAME = new Map(INDICATORS.map((ind) => [ind.number, ind.name.zh]));

function noteFor(rng: Rng, item: Item, status: Exclude<AssessmentStatus, 'not_started'>): string {
  return `${INDICATOR_NAME.get(item.indicator)}：${rng.pick(NOTES[status])}。（系统初始化）`;
}

export interface SeedResult {
  /** Assessments written. */
  written: number;
  /** Communities that got at least one. */
  communities: number;
}

/**
 * Seeds the plans of `communities` into the records database, skipping every item already
 * assessed. `now` dates the rows (spread over the 90 days before it).
 */
export function seedAssessments(
  records: RecordsDb, communities: readonly { id: string }[], seed: number, now: number = Date.now(),
): SeedResult {
  let at = now;
  const store = new AssessmentStore(records, () => at);
  const result: SeedResult = { written: 0, communities: 0 };
  const seedOne = (community: string): number => {
    const existing = store.currentOfCommunity(community);
    const plan = seedPlan(seed, community);
    // Notes and dates from their own stream, so the statuses stay what seedPlan says.
    const rng = rngFor(seed, 'assessment-notes', community);
    let written = 0;
    for (const item of ITEMS) {
      const status = plan.statuses.get(item.id);
      if (!status) continue;
      const note = noteFor(rng, item, status);
      at = now - Math.floor(rng.next() * SPREAD_DAYS * DAY);
      if (existing.has(item.id)) continue;
      store.apply(community, item.id, { status, operator: SEED_OPERATOR, expectedRevision: 0, evidence: { note, links: [], attachments: [] } });
      written++;
    }
    return written;
  };
  // One commit per batch: the records db syncs every commit to disk, and a city has thousands of communities.
  const seedBatch = records.transaction((batch: readonly { id: string }[]) => {
    for (const c of batch) {
      const written = seedOne(c.id);
      result.written += written;
      if (written > 0) result.communities++;
    }
  });
  for (let i = 0; i < communities.length; i += BATCH) seedBatch(communities.slice(i, i + BATCH));
  return result;
}
