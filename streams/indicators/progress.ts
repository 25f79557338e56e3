/**
 * Progress rules of the indicator system, pure so the server and the cockpit compute the same:
 *
 * - binding gate: every 约束项 met or not applicable ⇒ passed;
 * - basic ratio: 基本项 met / 基本项 applicable (not `not_applicable`); null when none applies;
 * - additional: 附加项 met, counted (they are encouraged, not required);
 *
 * per indicator, per scene and per community, and rolled up over the communities of an area
 * (street, district, city): communities passing the gate, mean basic ratio, status distribution.
 */
import { INDICATORS, ITEMS, SCENES, type Item } from './catalogue.ts';
import { ASSESSMENT_STATUSES, type AssessmentStatus } from './assessment.ts';

export type StatusCounts = Record<AssessmentStatus, number>;

export interface GroupProgress {
  binding: {
    total: number;
    met: number;
    notApplicable: number;
    /** Binding items neither met nor not applicable: what still holds the gate shut. */
    open: number;
    /** True when `open` is 0 (also for a group without binding items). */
    passed: boolean;
  };
  basic: {
    total: number;
    met: number;
    /** Basic items not marked not applicable. */
    applicable: number;
    /** met / applicable, 0..1; null when no basic item applies. */
    ratio: number | null;
  };
  additional: { total: number; met: number };
  statuses: StatusCounts;
}

export interface CommunityProgress extends GroupProgress {
  community: string;
  scenes: (GroupProgress & { scene: number })[];
  indicators: (GroupProgress & { indicator: number })[];
}

/** One community's figures as an area lists them. */
export interface CommunityFigures {
  community: string;
  gatePassed: boolean;
  bindingOpen: number;
  basicRatio: number | null;
  additionalMet: number;
  statuses: StatusCounts;
}

export interface AreaProgress {
  communities: number;
  /** Communities whose binding gate is passed. */
  passingGate: number;
  /** Mean of the communities' basic ratios (those with a ratio), 0..1; null when none has one. */
  meanBasicRatio: number | null;
  /** Additional items met, summed over the communities. */
  additionalMet: number;
  /** Status of every item of every community, counted. */
  statuses: StatusCounts;
  /** Per scene across the area: communities passing the scene's binding items, mean basic ratio. */
  scenes: { scene: number; passingGate: number; meanBasicRatio: number | null; additionalMet: number }[];
  list: CommunityFigures[];
}

/** Current status per item id; items absent count as `not_started`. */
export type StatusLookup = ReadonlyMap<string, AssessmentStatus> | Readonly<Record<string, AssessmentStatus>>;

function statusOf(lookup: StatusLookup, id: string): AssessmentStatus {
  const s = lookup instanceof Map ? lookup.get(id) : (lookup as Record<string, AssessmentStatus>)[id];
  return s ?? 'not_started';
}

export function zeroCounts(): StatusCounts {
  return Object.fromEntries(ASSESSMENT_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** Progress of any set of items under the rules above. */
export function groupProgress(items: readonly Item[], lookup: StatusLookup): GroupProgress {
  const p: GroupProgress = {
    binding: { total: 0, met: 0, notApplicable: 0, open: 0, passed: true },
    basic: { total: 0, met: 0, applicable: 0, ratio: null },
    additional: { total: 0, met: 0 },
    statuses: zeroCounts(),
  };
  for (const it of items) {
    const s = statusOf(lookup, it.id);
    p.statuses[s]++;
    if (it.type === 'binding') {
      p.binding.total++;
      if (s === 'met') p.binding.met++;
      else if (s === 'not_applicable') p.binding.notApplicable++;
      else p.binding.open++;
    } else if (it.type === 'basic') {
      p.basic.total++;
      if (s !== 'not_applicable') p.basic.applicable++;
      if (s === 'met') p.basic.met++;
    } else {
      p.additional.total++;
      if (s === 'met') p.additional.met++;
    }
  }
  p.binding.passed = p.binding.open === 0;
  p.basic.ratio = p.basic.applicable > 0 ? p.basic.met / p.basic.applicable : null;
  return p;
}

/** One community's progress overall, per scene and per indicator. */
export function communityProgress(community: string, lookup: StatusLookup, items: readonly Item[] = ITEMS): CommunityProgress {
  return {
    community,
    ...groupProgress(items, lookup),
    scenes: SCENES.map((s) => ({ scene: s.number, ...groupProgress(items.filter((it) => it.scene === s.number), lookup) })),
    indicators: INDICATORS.map((ind) => ({ indicator: ind.number, ...groupProgress(items.filter((it) => it.indicator === ind.number), lookup) })),
  };
}

export function figuresOf(p: CommunityProgress): CommunityFigures {
  return {
    community: p.community, gatePassed: p.binding.passed, bindingOpen: p.binding.open,
    basicRatio: p.basic.ratio, additionalMet: p.additional.met, statuses: { ...p.statuses },
  };
}

function mean(values: (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** Rolls community progress up to an area (street, district, city). */
export function rollUp(communities: readonly CommunityProgress[]): AreaProgress {
  const statuses = zeroCounts();
  for (const c of communities) for (const s of ASSESSMENT_STATUSES) statuses[s] += c.statuses[s];
  return {
    communities: communities.length,
    passingGate: communities.filter((c) => c.binding.passed).length,
    meanBasicRatio: mean(communities.map((c) => c.basic.ratio)),
    additionalMet: communities.reduce((a, c) => a + c.additional.met, 0),
    statuses,
    scenes: SCENES.map((s, i) => {
      const per = communities.map((c) => c.scenes[i]);
      return {
        scene: s.number,
        passingGate: per.filter((p) => p.binding.passed).length,
        meanBasicRatio: mean(per.map((p) => p.basic.ratio)),
        additionalMet: per.reduce((a, p) => a + p.additional.met, 0),
      };
    }),
    list: communities.map(figuresOf),
  };
}
