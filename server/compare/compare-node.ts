/**
 * The figures of `GET /api/compare` for one node and its children, gathered without a query per
 * child: the communities under the node are read once and each is mapped to the child it lies
 * under; alerts come from two grouped queries over the tree (open by place and severity, the last
 * day's acknowledgement times), compliance from the in-memory index, telemetry from the live
 * roll-ups, floor areas from the community facts.
 *
 *   node ─► children ─► communities under each ─► slot per community (its child's row)
 *   compliance index, alert groups, facts ─► per community ─► its slot and the node's own row
 */
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import { DAY_MS } from '../../streams/china-time.ts';
import { itemById } from '../../streams/indicators/catalogue.ts';
import type { AlertQueries } from '../alerts/lifecycle/alert-queries.ts';
import { summarize } from '../alerts/lifecycle/alert-queries.ts';
import type { CommunityCompliance, ComplianceIndex } from '../indicators/compliance-index.ts';
import type { NodeRollups } from '../rollups/node-rollups.ts';
import type { CommunityFacts } from '../sites/community-facts.ts';
import type { Bilingual, CompareAnswer, CompareRow, FailingCommunity } from '../../streams/compare.ts';

export interface CompareSources {
  hierarchy: Hierarchy;
  rollups: NodeRollups;
  facts: CommunityFacts;
  compliance: ComplianceIndex;
  alerts: AlertQueries;
}

/** Failing communities listed at most. */
export const FAILING_LIMIT = 50;

/** Acknowledgement times are those of the last day. */
const ACK_WINDOW_MS = DAY_MS;

/** A row being summed. */
interface Acc {
  node: HierarchyNode;
  communities: number;
  assessed: number;
  gatePassed: number;
  ratioSum: number;
  ratioCount: number;
  failing?: { item: string; name: Bilingual }[];
  open: number;
  bySeverity: Record<string, number>;
  acks: number[];
  floorAreaM2: number;
}

const accFor = (node: HierarchyNode): Acc => ({
  node, communities: 0, assessed: 0, gatePassed: 0, ratioSum: 0, ratioCount: 0, open: 0, bySeverity: {}, acks: [], floorAreaM2: 0,
});

export function compareNode(node: HierarchyNode, src: CompareSources, now: number): CompareAnswer {
  const { hierarchy } = src;
  const self = accFor(node);
  const kids = hierarchy.childrenOf(node.id).flatMap((id) => { const n = hierarchy.get(id); return n ? [accFor(n)] : []; });
  const community = node.level === 'community' ? node : node.level === 'neighbourhood' && node.parent ? hierarchy.get(node.parent) : undefined;

  // Which row each community's figures go to besides the node's own (none below a community:
  // its neighbourhoods have no assessments of their own).
  const communities: string[] = [];
  const slot: (Acc | undefined)[] = [];
  if (community) {
    communities.push(community.id);
    slot.push(undefined);
  } else {
    for (const k of kids) {
      for (const c of communitiesUnder(hierarchy, k.node.id)) { communities.push(c); slot.push(k); }
    }
  }

  // Compliance and floor area, per community.
  // A neighbourhood has no assessments of its own (they are its community's).
  const assessedHere = node.level === 'neighbourhood' ? [] : communities;
  const standing = src.compliance.of(assessedHere);
  const failing: FailingCommunity[] = [];
  let unassessed = 0;
  for (let i = 0; i < assessedHere.length; i++) {
    const s = standing[i];
    const area = src.facts.get(communities[i])?.floorAreaM2 ?? 0;
    count(self, s, area);
    if (slot[i]) count(slot[i]!, s, area);
    if (!s.assessed) unassessed++;
    else if (!s.gatePassed) {
      const c = hierarchy.get(communities[i]);
      failing.push({ id: communities[i], name: c?.name ?? { zh: communities[i], en: communities[i] }, under: slot[i]?.node.id ?? communities[i], items: [...s.failing] });
    }
    const k = slot[i];
    if (k && k.node.level === 'community') k.failing = s.failing.map(itemName);
  }
  if (node.level === 'community') self.failing = standing[0]?.failing.map(itemName) ?? [];
  if (community) {
    // Below a community, floor areas are the neighbourhoods' own.
    self.floorAreaM2 = src.facts.get(node.id)?.floorAreaM2 ?? 0;
    for (const k of kids) k.floorAreaM2 = src.facts.get(k.node.id)?.floorAreaM2 ?? 0;
  }

  // Alerts: two grouped queries over the tree, each row sent to the rows it counts in.
  const byCommunity = new Map<string, Acc | undefined>();
  for (let i = 0; i < communities.length; i++) byCommunity.set(communities[i], slot[i]);
  const byHood = new Map(kids.map((k) => [k.node.id, k]));
  const rowsOf = (c: string, n: string): Acc[] => {
    if (node.level === 'neighbourhood') return n === node.id ? [self] : [];
    if (!byCommunity.has(c)) return [];
    if (community) {
      const hood = byHood.get(n);
      return hood ? [self, hood] : [self];
    }
    return [self, byCommunity.get(c)!];
  };
  const figures = src.alerts.placeFigures(now - ACK_WINDOW_MS);
  for (const r of figures.open) {
    for (const a of rowsOf(r.community, r.neighbourhood)) {
      a.open += r.n;
      a.bySeverity[r.severity] = (a.bySeverity[r.severity] ?? 0) + r.n;
    }
  }
  for (const r of figures.acks) for (const a of rowsOf(r.community, r.neighbourhood)) a.acks.push(r.s);

  failing.sort((a, b) => b.items.length - a.items.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const listed = failing.slice(0, FAILING_LIMIT);
  const itemNames: Record<string, Bilingual> = {};
  for (const f of listed) for (const id of f.items) itemNames[id] ??= itemName(id).name;
  return {
    node: { id: node.id, level: node.level, name: node.name },
    time: now,
    self: row(self, src.rollups),
    children: kids.map((k) => row(k, src.rollups)),
    failing: { communities: listed, total: failing.length, unassessed, itemNames },
  };
}

/**
 * `hierarchy.communitiesUnder`, kept per node until the tree changes: walking 11,000 communities
 * of a city allocates on every level, and the cockpit asks every 5 s.
 */
const UNDER = new WeakMap<Hierarchy, { version: number; lists: Map<string, readonly string[]> }>();
function communitiesUnder(hierarchy: Hierarchy, id: string): readonly string[] {
  let cache = UNDER.get(hierarchy);
  if (!cache || cache.version !== hierarchy.version) UNDER.set(hierarchy, (cache = { version: hierarchy.version, lists: new Map() }));
  let list = cache.lists.get(id);
  if (!list) cache.lists.set(id, (list = hierarchy.communitiesUnder(id)));
  return list;
}

function count(a: Acc, s: CommunityCompliance, area: number): void {
  a.communities++;
  if (s.assessed) a.assessed++;
  if (s.gatePassed) a.gatePassed++;
  if (s.basicRatio !== null) { a.ratioSum += s.basicRatio; a.ratioCount++; }
  a.floorAreaM2 += area;
}

function row(a: Acc, rollups: NodeRollups): CompareRow {
  const v = rollups.values(a.node.id);
  const loadKw = v['energy.load_kw']?.value ?? null;
  const occupied = v['parking.occupied']?.value ?? null;
  const capacity = v['parking.capacity']?.value ?? null;
  const floorAreaM2 = a.floorAreaM2 > 0 ? a.floorAreaM2 : null;
  const acks = summarize(a.acks.sort((x, y) => x - y));
  return {
    id: a.node.id, level: a.node.level, name: a.node.name,
    communities: a.communities,
    compliance: {
      assessed: a.assessed, gatePassed: a.gatePassed,
      gateRatio: a.communities > 0 ? round(a.gatePassed / a.communities, 4) : null,
      basicRatio: a.ratioCount > 0 ? round(a.ratioSum / a.ratioCount, 4) : null,
      ...(a.failing ? { failing: a.failing } : {}),
    },
    alerts: { open: a.open, bySeverity: a.bySeverity, timeToAckMedianS: acks.median, timeToAckCount: acks.count },
    energy: {
      loadKw: loadKw === null ? null : round(loadKw, 3), floorAreaM2,
      intensityWm2: loadKw !== null && floorAreaM2 !== null ? round((loadKw * 1000) / floorAreaM2, 3) : null,
    },
    parking: { occupied, capacity, pressure: occupied !== null && capacity ? round(occupied / capacity, 4) : null },
  };
}

function itemName(id: string): { item: string; name: Bilingual } {
  const it = itemById(id);
  return { item: id, name: it ? { zh: it.text.zh, en: it.text.en } : { zh: id, en: id } };
}

const round = (x: number, digits: number) => { const f = 10 ** digits; return Math.round(x * f) / f; };
