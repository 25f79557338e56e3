/**
 * The figures the rankings panel ranks a node's children by, each with its unit, which end is
 * better, and how to read it from a `/api/compare` row. Rows without the figure go last.
 */
import type { CompareRow } from '../../../streams/compare.ts';
import type { Lang } from '../../i18n/i18n-store.ts';

export type RankingMetric = 'gateRatio' | 'basicRatio' | 'openAlerts' | 'timeToAck' | 'intensity';

export interface MetricDef {
  label: { zh: string; en: string };
  unit: { zh: string; en: string };
  /** Which end ranks first: the best communities on top for compliance, the worst for alerts. */
  order: 'high-first' | 'low-first';
  value(row: CompareRow): number | null;
  /** Shown value in the unit (ratios as %). */
  shown(v: number): number;
  digits: number;
}

export const METRICS: Readonly<Record<RankingMetric, MetricDef>> = {
  gateRatio: {
    label: { zh: '约束项达标率', en: 'Binding gate passed' }, unit: { zh: '%', en: '%' }, order: 'high-first',
    value: (r) => r.compliance.gateRatio, shown: (v) => v * 100, digits: 1,
  },
  basicRatio: {
    label: { zh: '基本项完成率', en: 'Basic items met' }, unit: { zh: '%', en: '%' }, order: 'high-first',
    value: (r) => r.compliance.basicRatio, shown: (v) => v * 100, digits: 1,
  },
  openAlerts: {
    label: { zh: '未结告警', en: 'Open alerts' }, unit: { zh: '条', en: 'alerts' }, order: 'high-first',
    value: (r) => r.alerts.open, shown: (v) => v, digits: 0,
  },
  timeToAck: {
    label: { zh: '响应时长（中位）', en: 'Time to acknowledge (median)' }, unit: { zh: '分钟', en: 'min' }, order: 'high-first',
    value: (r) => r.alerts.timeToAckMedianS, shown: (v) => v / 60, digits: 1,
  },
  intensity: {
    label: { zh: '用能强度', en: 'Energy intensity' }, unit: { zh: 'W/m²', en: 'W/m²' }, order: 'high-first',
    value: (r) => r.energy.intensityWm2, shown: (v) => v, digits: 1,
  },
};

export const METRIC_KEYS = Object.keys(METRICS) as RankingMetric[];

export interface RankedRow {
  row: CompareRow;
  /** 1-based; rows without the figure have none. */
  rank: number | null;
  value: number | null;
  /** 0..1 of the largest value shown, for the bar. */
  share: number;
}

/** The rows ranked by `metric`; ties keep the tree's order. */
export function rankRows(rows: readonly CompareRow[], metric: RankingMetric): RankedRow[] {
  const def = METRICS[metric];
  const withValue = rows.map((row, i) => ({ row, i, value: def.value(row) }));
  const sign = def.order === 'high-first' ? -1 : 1;
  withValue.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.i - b.i : a.value === null ? 1 : -1;
    return sign * (a.value - b.value) || a.i - b.i;
  });
  const max = Math.max(0, ...withValue.map((r) => r.value ?? 0));
  return withValue.map((r, k) => ({ row: r.row, value: r.value, rank: r.value === null ? null : k + 1, share: max > 0 && r.value !== null ? r.value / max : 0 }));
}

export function metricLabel(metric: RankingMetric, lang: Lang): string {
  return METRICS[metric].label[lang];
}
