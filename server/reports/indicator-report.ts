/**
 * The monthly indicator-progress report of a node, as the month ended (the current month: now).
 *
 * A community (or a neighbourhood: its community's, where assessments are kept): per scene the
 * binding gate and the basic-item ratio, every item with its status, evidence (note, links,
 * attachments), who set it when, and for the items the product judges from its data the value
 * against its threshold; then the changes made in the month. Above the community: the area's
 * figures, and per child node its communities' roll-up (gate passed, basic-item ratio), by the
 * rules of streams/indicators/progress.ts.
 */
import { STATUS_LABELS, type Assessment, type AssessmentStatus } from '../../streams/indicators/assessment.ts';
import type { AutoAnswer, AutoItemResult, AutoThreshold } from '../../streams/indicators/auto-result.ts';
import { INDICATORS, ITEMS, ITEM_TYPE_LABELS, SCENES } from '../../streams/indicators/catalogue.ts';
import { communityProgress, groupProgress, rollUp, type CommunityProgress, type GroupProgress } from '../../streams/indicators/progress.ts';
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import type { Bilingual, ReportColumn, ReportRow, ReportSection } from '../../streams/reports.ts';
import type { AssessmentStore } from '../indicators/assessment-store.ts';
import type { MonthSpan } from './report-params.ts';

export interface IndicatorReportDeps {
  assessments: AssessmentStore;
  hierarchy: Hierarchy;
  /** The items judged from the product's data, for a community with a twin (undefined: none). */
  auto?: (community: string) => Promise<AutoAnswer | undefined>;
}

const status = (s: AssessmentStatus) => STATUS_LABELS[s];
const TOTAL = { zh: '合计', en: 'Total' };

const GROUP_COLUMNS: ReportColumn[] = [
  { key: 'bindingTotal', label: { zh: '约束项', en: 'Binding items' }, kind: 'number' },
  { key: 'bindingMet', label: { zh: '约束项达标', en: 'Binding met' }, kind: 'number' },
  { key: 'bindingOpen', label: { zh: '约束项未决', en: 'Binding open' }, kind: 'number' },
  { key: 'gatePassed', label: { zh: '约束项通过', en: 'Binding gate passed' }, kind: 'flag' },
  { key: 'basicMet', label: { zh: '基本项达标', en: 'Basic met' }, kind: 'number' },
  { key: 'basicApplicable', label: { zh: '基本项适用', en: 'Basic applicable' }, kind: 'number' },
  { key: 'basicRatio', label: { zh: '基本项达标率', en: 'Basic-item ratio' }, kind: 'ratio' },
  { key: 'additionalMet', label: { zh: '附加项达标', en: 'Additional met' }, kind: 'number' },
];

function groupRow(p: GroupProgress): ReportRow {
  return {
    bindingTotal: p.binding.total, bindingMet: p.binding.met, bindingOpen: p.binding.open, gatePassed: p.binding.passed,
    basicMet: p.basic.met, basicApplicable: p.basic.applicable, basicRatio: p.basic.ratio, additionalMet: p.additional.met,
  };
}

const ITEM_COLUMNS: ReportColumn[] = [
  { key: 'item', label: { zh: '细项', en: 'Item' }, kind: 'text', width: 7 },
  { key: 'scene', label: { zh: '场景', en: 'Scene' }, kind: 'text', width: 10 },
  { key: 'indicator', label: { zh: '指标', en: 'Indicator' }, kind: 'text', width: 14 },
  { key: 'type', label: { zh: '类型', en: 'Type' }, kind: 'text', width: 8 },
  { key: 'text', label: { zh: '内容', en: 'Text' }, kind: 'text', width: 40 },
  { key: 'status', label: { zh: '状态', en: 'Status' }, kind: 'text', width: 8 },
  { key: 'changedAt', label: { zh: '评定时间', en: 'Assessed' }, kind: 'time', unit: 'UTC+8' },
  { key: 'operator', label: { zh: '评定人', en: 'Assessed by' }, kind: 'text', width: 14 },
  { key: 'note', label: { zh: '佐证说明', en: 'Evidence note' }, kind: 'text', width: 36 },
  { key: 'links', label: { zh: '佐证链接', en: 'Evidence links' }, kind: 'text', width: 36 },
  { key: 'attachments', label: { zh: '附件', en: 'Attachments' }, kind: 'text', width: 20 },
  { key: 'autoValue', label: { zh: '系统测算值', en: 'Computed value' }, kind: 'number', digits: 2 },
  { key: 'autoUnit', label: { zh: '单位', en: 'Unit' }, kind: 'text', width: 8 },
  { key: 'threshold', label: { zh: '阈值', en: 'Threshold' }, kind: 'text', width: 16 },
  { key: 'autoMet', label: { zh: '系统判定达标', en: 'Computed: met' }, kind: 'flag' },
];

const CHANGE_COLUMNS: ReportColumn[] = [
  { key: 'at', label: { zh: '时间', en: 'Time' }, kind: 'time', unit: 'UTC+8' },
  { key: 'community', label: { zh: '社区', en: 'Community' }, kind: 'text', width: 12 },
  { key: 'item', label: { zh: '细项', en: 'Item' }, kind: 'text', width: 7 },
  { key: 'from', label: { zh: '原状态', en: 'From' }, kind: 'text', width: 8 },
  { key: 'to', label: { zh: '新状态', en: 'To' }, kind: 'text', width: 8 },
  { key: 'operator', label: { zh: '评定人', en: 'By' }, kind: 'text', width: 14 },
  { key: 'note', label: { zh: '佐证说明', en: 'Evidence note' }, kind: 'text', width: 40 },
];

export async function indicatorSections(deps: IndicatorReportDeps, node: HierarchyNode, month: MonthSpan): Promise<ReportSection[]> {
  const at = month.readTo;
  const { hierarchy, assessments } = deps;
  if (node.level === 'community' || node.level === 'neighbourhood') {
    const community = node.level === 'community' ? node : hierarchy.get(node.parent!)!;
    return communitySections(deps, community, month);
  }
  const communities = hierarchy.communitiesUnder(node.id);
  const statuses = assessments.statusesAt(communities, at);
  const progress = new Map(communities.map((c) => [c, areaProgressOf(c, statuses.get(c)!)]));
  const changes = assessments.revisionsBetween(communities, month.from, at);
  const changedBy = new Map<string, number>();
  for (const ch of changes) changedBy.set(ch.community, (changedBy.get(ch.community) ?? 0) + 1);

  const area = rollUp([...progress.values()]);
  const rows: ReportRow[] = hierarchy.childrenOf(node.id).map((id) => {
    const child = hierarchy.get(id)!;
    const under = child.level === 'community' ? [child.id] : hierarchy.communitiesUnder(child.id);
    const r = rollUp(under.map((c) => progress.get(c)!).filter(Boolean));
    return {
      node: child.name, id: child.id, communities: r.communities, passingGate: r.passingGate,
      gatePassed: r.communities > 0 ? r.passingGate === r.communities : null,
      compliance: r.communities > 0 ? r.passingGate / r.communities : null,
      meanBasicRatio: r.meanBasicRatio, additionalMet: r.additionalMet,
      changes: under.reduce((n, c) => n + (changedBy.get(c) ?? 0), 0),
    };
  });
  return [
    {
      id: 'children', title: { zh: '下级节点', en: 'Per child node' },
      columns: [
        { key: 'node', label: { zh: '节点', en: 'Node' }, kind: 'text', width: 16 },
        { key: 'id', label: { zh: '编号', en: 'ID' }, kind: 'text', width: 14 },
        { key: 'communities', label: { zh: '社区数', en: 'Communities' }, kind: 'number' },
        { key: 'passingGate', label: { zh: '约束项通过社区', en: 'Passing the binding gate' }, kind: 'number' },
        { key: 'gatePassed', label: { zh: '约束项全部通过', en: 'Gate passed by all' }, kind: 'flag' },
        { key: 'compliance', label: { zh: '达标率', en: 'Compliance' }, kind: 'ratio' },
        { key: 'meanBasicRatio', label: { zh: '基本项达标率（平均）', en: 'Basic-item ratio (mean)' }, kind: 'ratio' },
        { key: 'additionalMet', label: { zh: '附加项达标', en: 'Additional met' }, kind: 'number' },
        { key: 'changes', label: { zh: '本月评定变更', en: 'Changes this month' }, kind: 'number' },
      ],
      rows,
      totals: {
        node: TOTAL, id: '', communities: area.communities, passingGate: area.passingGate,
        gatePassed: area.communities > 0 ? area.passingGate === area.communities : null,
        compliance: area.communities > 0 ? area.passingGate / area.communities : null,
        meanBasicRatio: area.meanBasicRatio, additionalMet: area.additionalMet, changes: changes.length,
      },
      notes: [{
        zh: '达标率：约束项全部达标（或不适用）的社区占比；基本项达标率：各社区“基本项达标 / 适用基本项”的平均。',
        en: 'Compliance: the share of communities with every binding item met (or not applicable); basic-item ratio: the mean over communities of basic items met / applicable.',
      }],
    },
    {
      id: 'scenes', title: { zh: '分场景', en: 'Per scene' },
      columns: [
        { key: 'scene', label: { zh: '场景', en: 'Scene' }, kind: 'text', width: 14 },
        { key: 'passingGate', label: { zh: '约束项通过社区', en: 'Passing the binding gate' }, kind: 'number' },
        { key: 'meanBasicRatio', label: { zh: '基本项达标率（平均）', en: 'Basic-item ratio (mean)' }, kind: 'ratio' },
        { key: 'additionalMet', label: { zh: '附加项达标', en: 'Additional met' }, kind: 'number' },
      ],
      rows: area.scenes.map((s) => ({ scene: sceneName(s.scene), passingGate: s.passingGate, meanBasicRatio: s.meanBasicRatio, additionalMet: s.additionalMet })),
    },
    changeSection(changes.map((c) => ({ ...c, communityName: hierarchy.get(c.community)?.name ?? c.community }))),
  ];
}

async function communitySections(deps: IndicatorReportDeps, community: HierarchyNode, month: MonthSpan): Promise<ReportSection[]> {
  const at = month.readTo;
  const current = deps.assessments.ofCommunityAt(community.id, at);
  const lookup = new Map([...current].map(([id, a]) => [id, a.status]));
  const p = communityProgress(community.id, lookup);
  let auto: AutoAnswer | undefined;
  try {
    auto = await deps.auto?.(community.id);
  } catch (e) {
    console.error(`reports: auto-judged items of ${community.id}: ${(e as Error).message}`);
  }
  const autoByItem = new Map<string, AutoItemResult>();
  for (const r of auto?.items ?? []) if (r.item) autoByItem.set(r.item, r);

  const itemRows: ReportRow[] = ITEMS.map((it) => {
    const a: Assessment | undefined = current.get(it.id);
    const r = autoByItem.get(it.id);
    return {
      item: it.id, scene: sceneName(it.scene), indicator: INDICATORS[it.indicator - 1].name, type: ITEM_TYPE_LABELS[it.type],
      text: it.text, status: status(a?.status ?? 'not_started'), changedAt: a?.at ?? null, operator: a?.operator ?? '',
      note: a?.evidence.note ?? '', links: (a?.evidence.links ?? []).join('\n'),
      attachments: (a?.evidence.attachments ?? []).map((x) => (x.url ? `${x.name} ${x.url}` : `${x.name} (${x.id})`)).join('\n'),
      autoValue: r?.value ?? null, autoUnit: r?.unit ?? '',
      threshold: r?.threshold ? thresholdText(r.threshold) : '',
      autoMet: r ? r.met : null,
    };
  });
  const changes = deps.assessments.revisionsBetween([community.id], month.from, at);
  const notes = [{
    zh: `状态为 ${month.label} 月末（当月为报告生成时）的评定。系统测算值仅作佐证，不替代人工评定。`,
    en: `Statuses as assessed at the end of ${month.label} (the current month: when the report was made). Computed values are evidence; they do not replace the assessment.`,
  }];
  if (auto) notes.push({ zh: `系统测算时间 ${auto.computedAt}（测算值为当前值）。`, en: `Computed at ${auto.computedAt} (computed values are current).` });
  return [
    {
      id: 'scenes', title: { zh: '分场景', en: 'Per scene' },
      columns: [{ key: 'scene', label: { zh: '场景', en: 'Scene' }, kind: 'text', width: 14 }, ...GROUP_COLUMNS],
      rows: p.scenes.map((s) => ({ scene: sceneName(s.scene), ...groupRow(s) })),
      totals: { scene: TOTAL, ...groupRow(p) },
      notes: [{
        zh: '约束项须全部达标或不适用方为通过；基本项达标率 = 基本项达标 / 适用基本项。',
        en: 'The binding gate passes when every binding item is met or not applicable; basic-item ratio = basic items met / applicable.',
      }],
    },
    { id: 'items', title: { zh: '细项与佐证', en: 'Items and evidence' }, columns: ITEM_COLUMNS, rows: itemRows, notes },
    changeSection(changes.map((c) => ({ ...c, communityName: community.name }))),
  ];
}

const SCENE_ITEMS = SCENES.map((s) => ITEMS.filter((it) => it.scene === s.number));
let unassessed: CommunityProgress | undefined;

/**
 * A community's progress as an area's roll-up reads it (overall and per scene; rollUp reads no
 * indicator), so a city's ten thousand communities take a fraction of a second. The many
 * communities nobody has assessed yet share one computation.
 */
function areaProgressOf(community: string, lookup: ReadonlyMap<string, AssessmentStatus>): CommunityProgress {
  if (lookup.size > 0) return sceneProgress(community, lookup);
  unassessed ??= sceneProgress('', lookup);
  return { ...unassessed, community };
}

function sceneProgress(community: string, lookup: ReadonlyMap<string, AssessmentStatus>): CommunityProgress {
  return {
    community, ...groupProgress(ITEMS, lookup),
    scenes: SCENES.map((s, i) => ({ scene: s.number, ...groupProgress(SCENE_ITEMS[i], lookup) })), indicators: [],
  };
}

function changeSection(changes: (Assessment & { previous: AssessmentStatus; communityName: Bilingual | string })[]): ReportSection {
  return {
    id: 'changes', title: { zh: '本月评定变更', en: 'Changes this month' }, columns: CHANGE_COLUMNS,
    rows: changes.map((c) => ({
      at: c.at, community: c.communityName, item: c.item, from: status(c.previous), to: status(c.status), operator: c.operator, note: c.evidence.note,
    })),
  };
}

function sceneName(n: number): Bilingual | string {
  const s = SCENES[n - 1];
  return s ? { zh: `${s.numeral} ${s.name.zh}`, en: `${n} ${s.name.en}` } : String(n);
}

function thresholdText(t: AutoThreshold): Bilingual {
  const v = `${t.comparison === '<=' ? '≤' : '≥'} ${t.value} ${t.unit}`;
  return t.source === 'product' ? { zh: `${v}（产品取值）`, en: `${v} (product's reading)` } : { zh: `${v}（导则）`, en: `${v} (guideline)` };
}

