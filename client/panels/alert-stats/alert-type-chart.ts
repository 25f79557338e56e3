/**
 * Horizontal stacked bars: alerts per type, one stack segment per severity. The severity colours
 * are those of the panel's severity counts, which serve as the legend.
 */
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { SEVERITIES } from '../../../streams/alerts.ts';
import { CHART_COLORS, CHART_FONT, ChartHost, axisText, echarts, tooltipStyle } from '../../charts/chart-host.ts';
import { typesByCount, type AlertTally } from './alert-tally.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export const SEVERITY_COLORS: Readonly<Record<string, string>> = {
  critical: CHART_COLORS.bad, major: CHART_COLORS.major, warning: CHART_COLORS.warn, info: CHART_COLORS.info,
};

export interface AlertTypeChartLabels {
  typeLabel: (type: string) => string;
  severityLabel: (severity: string) => string;
  /** x axis name with unit, e.g. "告警 (次)". */
  xName: string;
}

/** Severities drawn, most serious last so it sits at the end of each bar. */
const STACK = [...SEVERITIES];

export class AlertTypeChart extends ChartHost {
  private labels: AlertTypeChartLabels;
  private tally: AlertTally | undefined;
  private key = '';
  private drawnKey = '\0';

  constructor(host: HTMLElement, labels: AlertTypeChartLabels) {
    super(host);
    this.labels = labels;
    this.invalidate();
  }

  setLabels(labels: AlertTypeChartLabels): void {
    this.labels = labels;
    this.restyle();
  }

  setTally(tally: AlertTally): void {
    const types = typesByCount(tally);
    const key = types.map((t) => `${t}:${STACK.map((s) => tally.byType.get(t)!.get(s) ?? 0).join('/')}`).join('|');
    if (key === this.key) return;
    this.key = key;
    this.tally = tally;
    this.invalidate();
  }

  protected override staticOption(px: number): Option {
    const l = this.labels;
    const text = axisText(px);
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT, fontSize: text.fontSize },
      grid: { left: px * 0.4, right: px * 1.2, top: px * 0.4, bottom: px * 2.2, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, ...tooltipStyle(px) },
      xAxis: {
        type: 'value', name: l.xName, nameLocation: 'middle', nameGap: px * 1.5, minInterval: 1, nameTextStyle: text,
        axisLine: { show: false }, splitLine: { lineStyle: { color: CHART_COLORS.split, type: 'dashed' } }, axisLabel: text,
      },
      yAxis: {
        type: 'category', inverse: true, axisTick: { show: false },
        axisLine: { lineStyle: { color: CHART_COLORS.axis } }, axisLabel: { ...text, color: CHART_COLORS.text, interval: 0 },
      },
      series: STACK.map((s) => ({
        id: s, name: l.severityLabel(s), type: 'bar' as const, stack: 'all', barMaxWidth: px * 1.3,
        itemStyle: { color: SEVERITY_COLORS[s] },
      })),
    };
  }

  protected override dataOption(force: boolean): Option | null {
    if (!force && this.drawnKey === this.key) return null;
    this.drawnKey = this.key;
    const t = this.tally;
    const types = t ? typesByCount(t) : [];
    return {
      yAxis: { data: types.map((x) => this.labels.typeLabel(x)) },
      series: STACK.map((s) => ({ id: s, data: types.map((x) => t!.byType.get(x)!.get(s) ?? 0) })),
    };
  }
}
