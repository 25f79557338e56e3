/**
 * The monthly energy and carbon report of a node: electricity consumed (load), PV generated and
 * the part of it used on site, grid imports, EV charging, natural gas, and carbon (grid imports ×
 * the grid's factor + gas × gas's factor, streams/emission-factors.ts, as the cockpit counts it),
 * per China day and per child node, the month against the previous one, and the factors with
 * their sources.
 */
import { DAY_MS, chinaDay } from '../../streams/china-time.ts';
import { EMISSION_FACTORS, GAS_EMISSION_FACTOR_KG_PER_M3, GRID_EMISSION_FACTOR_KG_PER_KWH } from '../../streams/emission-factors.ts';
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import type { ReportColumn, ReportRow, ReportSection } from '../../streams/reports.ts';
import { hourlyByNeighbourhood, hourlyFigures, type EnergySourceOptions, type HourlyFigures } from './energy-source.ts';
import type { MonthSpan } from './report-params.ts';

export interface EnergyTotals {
  loadKwh: number;
  pvKwh: number;
  /** PV up to the load of each hour: what the site used of its own generation. */
  pvUsedKwh: number;
  /** Load not covered by PV. */
  gridKwh: number;
  evKwh: number;
  gasM3: number;
  carbonKg: number;
}

const zero = (): EnergyTotals => ({ loadKwh: 0, pvKwh: 0, pvUsedKwh: 0, gridKwh: 0, evKwh: 0, gasM3: 0, carbonKg: 0 });

/** Adds one hour of means (kW, m³/h) to the totals: × 1 h. */
function addHour(t: EnergyTotals, h: Record<string, number>): void {
  const load = Math.max(0, h['energy.load_kw']);
  const pv = Math.max(0, h['energy.pv_kw']);
  const used = Math.min(load, pv);
  const gas = Math.max(0, h['utility_meter.gas_m3h']);
  t.loadKwh += load;
  t.pvKwh += pv;
  t.pvUsedKwh += used;
  t.gridKwh += load - used;
  t.evKwh += Math.max(0, h['energy.ev_kw']);
  t.gasM3 += gas;
  t.carbonKg += (load - used) * GRID_EMISSION_FACTOR_KG_PER_KWH + gas * GAS_EMISSION_FACTOR_KG_PER_M3;
}

export function totalsOf(hours: HourlyFigures): EnergyTotals {
  const t = zero();
  for (const h of hours.values()) addHour(t, h);
  return t;
}

const FIGURE_COLUMNS: ReportColumn[] = [
  { key: 'loadKwh', label: { zh: '用电量', en: 'Electricity' }, kind: 'number', unit: 'kWh', digits: 1 },
  { key: 'pvKwh', label: { zh: '光伏发电', en: 'PV generated' }, kind: 'number', unit: 'kWh', digits: 1 },
  { key: 'pvUsedKwh', label: { zh: '光伏自用', en: 'PV used on site' }, kind: 'number', unit: 'kWh', digits: 1 },
  { key: 'gridKwh', label: { zh: '电网购电', en: 'Grid imports' }, kind: 'number', unit: 'kWh', digits: 1 },
  { key: 'evKwh', label: { zh: '充电桩用电', en: 'EV charging' }, kind: 'number', unit: 'kWh', digits: 1 },
  { key: 'gasM3', label: { zh: '天然气', en: 'Natural gas' }, kind: 'number', unit: 'm³', digits: 1 },
  { key: 'carbonKg', label: { zh: '碳排放', en: 'Carbon' }, kind: 'number', unit: 'kgCO₂', digits: 1 },
];

const COMPARE_FIGURES: { key: keyof EnergyTotals; label: { zh: string; en: string }; unit: string }[] =
  FIGURE_COLUMNS.map((c) => ({ key: c.key as keyof EnergyTotals, label: c.label, unit: c.unit! }));

const FACTOR_NOTE = {
  zh: `碳排放 = 电网购电 × ${GRID_EMISSION_FACTOR_KG_PER_KWH} kgCO₂/kWh + 天然气 × ${GAS_EMISSION_FACTOR_KG_PER_M3} kgCO₂/m³（因子及来源见“排放因子”）。光伏自用不计电网排放；电量为每小时平均功率 × 1 小时。`,
  en: `Carbon = grid imports × ${GRID_EMISSION_FACTOR_KG_PER_KWH} kgCO₂/kWh + natural gas × ${GAS_EMISSION_FACTOR_KG_PER_M3} kgCO₂/m³ (factors and sources on “Emission factors”). PV used on site carries no grid emissions; energy is each hour's mean power × 1 h.`,
};

export async function energySections(opts: EnergySourceOptions, hierarchy: Hierarchy, node: HierarchyNode, month: MonthSpan): Promise<ReportSection[]> {
  const to = month.readTo;
  const children = hierarchy.childrenOf(node.id).map((id) => hierarchy.get(id)!).filter(Boolean);
  // A community's neighbourhoods come from the same read of its meters; other children read their own.
  const [current, previous] = await Promise.all([
    node.level === 'community' ? hourlyByNeighbourhood(opts, node, month.from, to) : hourlyFigures(opts, node, month.from, to).then((total) => ({ total, by: undefined })),
    hourlyFigures(opts, node, month.previousFrom, month.from),
  ]);
  const hours = current.total;

  // Per China day of the month, up to today.
  const days = new Map<number, EnergyTotals>();
  for (let d = chinaDay(month.from); d < chinaDay(to - 1) + 1; d++) days.set(d, zero());
  for (const [t, h] of hours) {
    const day = days.get(chinaDay(t));
    if (day) addHour(day, h);
  }
  const total = totalsOf(hours);
  const dayRows: ReportRow[] = [...days].map(([d, t]) => ({ date: dateText(d), ...t }));

  const childTotals = await Promise.all(children.map(async (c) => ({
    c, t: totalsOf(current.by ? current.by.get(c.id) ?? new Map() : await hourlyFigures(opts, c, month.from, to)),
  })));
  const childRows: ReportRow[] = childTotals.map(({ c, t }) => ({ node: c.name, id: c.id, ...t }));
  const childSum = zero();
  for (const { t } of childTotals) for (const k of Object.keys(childSum) as (keyof EnergyTotals)[]) childSum[k] += t[k];

  const prev = totalsOf(previous);
  const compareRows: ReportRow[] = COMPARE_FIGURES.map((f) => ({
    figure: f.label, unit: f.unit, month: total[f.key], previous: prev[f.key], change: total[f.key] - prev[f.key],
    changeRatio: prev[f.key] > 0 ? (total[f.key] - prev[f.key]) / prev[f.key] : null,
  }));

  const sections: ReportSection[] = [
    {
      id: 'days', title: { zh: '逐日', en: 'Per day' },
      columns: [{ key: 'date', label: { zh: '日期', en: 'Date' }, kind: 'date', width: 12 }, ...FIGURE_COLUMNS],
      rows: dayRows, totals: { date: { zh: '本月合计', en: 'Month total' }, ...total }, notes: [FACTOR_NOTE],
    },
  ];
  if (children.length) {
    sections.push({
      id: 'children', title: { zh: '下级节点', en: 'Per child node' },
      columns: [
        { key: 'node', label: { zh: '节点', en: 'Node' }, kind: 'text', width: 16 },
        { key: 'id', label: { zh: '编号', en: 'ID' }, kind: 'text', width: 14 },
        ...FIGURE_COLUMNS,
      ],
      rows: childRows, totals: { node: { zh: '下级合计', en: 'Children total' }, id: '', ...childSum },
      // A community's neighbourhoods are its own meters grouped: they sum to its total exactly.
      notes: node.level === 'community' ? [] : [{
        zh: '社区与小区按其表计数据汇总，街道及以上按其汇总历史（每分钟记录），故下级合计与本节点合计可有少许出入。',
        en: "Communities and neighbourhoods are summed from their meters, streets and above from their roll-up history (recorded each minute), so the children's sum may differ slightly from the node's total.",
      }],
    });
  }
  sections.push(
    {
      id: 'compare', title: { zh: '环比', en: 'Against last month' },
      columns: [
        { key: 'figure', label: { zh: '指标', en: 'Figure' }, kind: 'text', width: 14 },
        { key: 'unit', label: { zh: '单位', en: 'Unit' }, kind: 'text', width: 8 },
        { key: 'month', label: { zh: '本月', en: 'This month' }, kind: 'number', digits: 1 },
        { key: 'previous', label: { zh: '上月', en: 'Last month' }, kind: 'number', digits: 1 },
        { key: 'change', label: { zh: '增减', en: 'Change' }, kind: 'number', digits: 1 },
        { key: 'changeRatio', label: { zh: '增减率', en: 'Change rate' }, kind: 'ratio' },
      ],
      rows: compareRows,
      notes: month.partial ? [{ zh: '本月截至报告生成时，上月为整月。', en: 'This month up to the time of the report; last month in full.' }] : [],
    },
    {
      id: 'factors', title: { zh: '排放因子', en: 'Emission factors' },
      columns: [
        { key: 'name', label: { zh: '能源', en: 'Energy' }, kind: 'text', width: 12 },
        { key: 'value', label: { zh: '因子', en: 'Factor' }, kind: 'number', digits: 4 },
        { key: 'unit', label: { zh: '单位', en: 'Unit' }, kind: 'text', width: 12 },
        { key: 'source', label: { zh: '来源', en: 'Source' }, kind: 'text', width: 60 },
      ],
      rows: EMISSION_FACTORS.map((f) => ({ name: f.name, value: f.value, unit: `kgCO₂/${f.per}`, source: f.source })),
    },
  );
  return sections;
}

/** `YYYY-MM-DD` of a China day number. */
function dateText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
