/**
 * Compliance over time (`/api/indicators/compliance-history`): per China day, the share of the
 * area's communities passing the binding gate and the mean basic-item ratio, both in %.
 */
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComplianceHistoryAnswer } from '../../../streams/compare.ts';
import { CHART_COLORS, CHART_FONT, ChartHost, axisText, echarts, tooltipStyle } from '../../charts/chart-host.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface ComplianceChartLabels {
  gate: string;
  basic: string;
  /** y axis name with its unit, e.g. "比例 (%)". */
  yName: string;
}

export class ComplianceChart extends ChartHost {
  private labels: ComplianceChartLabels;
  private history: ComplianceHistoryAnswer | undefined;
  private dirty = false;

  constructor(host: HTMLElement, labels: ComplianceChartLabels) {
    super(host, { minIntervalMs: 1000 });
    this.labels = labels;
    this.invalidate();
  }

  setLabels(labels: ComplianceChartLabels): void {
    this.labels = labels;
    this.restyle();
  }

  setHistory(history: ComplianceHistoryAnswer): void {
    this.history = history;
    this.dirty = true;
    this.invalidate();
  }

  protected override staticOption(px: number): Option {
    const text = axisText(px);
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT, fontSize: text.fontSize },
      grid: { left: px * 0.4, right: px * 0.8, top: px * 2, bottom: px * 0.3, containLabel: true },
      legend: { top: 0, right: 0, itemWidth: px, itemHeight: px * 0.5, textStyle: { ...text, color: CHART_COLORS.text } },
      tooltip: { trigger: 'axis', ...tooltipStyle(px), valueFormatter: (v) => `${Number(v).toFixed(1)} %` },
      xAxis: { type: 'category', boundaryGap: false, axisLabel: text, axisLine: { lineStyle: { color: CHART_COLORS.axis } }, axisTick: { show: false } },
      yAxis: {
        type: 'value', min: 0, max: 100, name: this.labels.yName, nameTextStyle: text, axisLabel: text,
        splitLine: { lineStyle: { color: CHART_COLORS.split, type: 'dashed' } },
      },
      series: [
        { id: 'gate', name: this.labels.gate, type: 'line', showSymbol: false, lineStyle: { width: px * 0.15 }, itemStyle: { color: CHART_COLORS.ok } },
        { id: 'basic', name: this.labels.basic, type: 'line', showSymbol: false, lineStyle: { width: px * 0.15 }, itemStyle: { color: CHART_COLORS.accent } },
      ],
    };
  }

  protected override dataOption(force: boolean): Option | null {
    if (!force && !this.dirty) return null;
    this.dirty = false;
    const h = this.history;
    const days = h?.days ?? [];
    const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
    return {
      xAxis: { data: days.map((d) => d.day.slice(5)) },
      series: [
        { id: 'gate', data: days.map((d) => (h && h.communities > 0 ? pct(d.gatePassed / h.communities) : null)) },
        { id: 'basic', data: days.map((d) => pct(d.basicRatio)) },
      ],
    };
  }
}
