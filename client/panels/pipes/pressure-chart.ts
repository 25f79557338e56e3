/** Bar chart of a pressure histogram: sensors per pressure bin of one network. */
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { CHART_COLORS, CHART_FONT, ChartHost, axisText, echarts, fixedGrid, tooltipStyle } from '../../charts/chart-host.ts';
import type { Histogram } from './pressure-histogram.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface PressureChartLabels {
  /** x axis name with unit, e.g. "压力 (kPa)". */
  xName: string;
  /** y axis name with unit, e.g. "传感器 (个)". */
  yName: string;
  formatEdge: (v: number) => string;
}

export class PressureChart extends ChartHost {
  private labels: PressureChartLabels;
  private hist: Histogram = { edges: [], counts: [], step: 0 };
  private key = '';
  private drawnKey = '\0';

  /**
   * @param minIntervalMs least time between redraws, ms. Default 2000: the counts move with every
   *   tick's pressures, and a distribution read at a glance needs no more than a redraw every 2 s.
   */
  constructor(host: HTMLElement, labels: PressureChartLabels, private readonly color: string, minIntervalMs = 2000) {
    super(host, { minIntervalMs });
    this.labels = labels;
    this.invalidate();
  }

  setLabels(labels: PressureChartLabels): void {
    this.labels = labels;
    this.restyle();
  }

  /** Redraws only when the bins or counts changed (the panel calls this on every tick). */
  setHistogram(h: Histogram): void {
    const key = `${h.step}|${h.edges.join(',')}|${h.counts.join(',')}`;
    if (key === this.key) return;
    this.key = key;
    this.hist = h;
    this.invalidate();
  }

  protected override staticOption(px: number): Option {
    const l = this.labels;
    const text = axisText(px);
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT, fontSize: text.fontSize },
      grid: fixedGrid({ left: px * 2.6, right: px * 0.8, top: px * 1.8, bottom: px * 2.9 }),
      tooltip: { trigger: 'axis', ...tooltipStyle(px) },
      xAxis: {
        type: 'category', name: l.xName, nameLocation: 'middle', nameGap: px * 1.7, nameTextStyle: text,
        axisLine: { lineStyle: { color: CHART_COLORS.axis } }, axisTick: { show: false }, axisLabel: { ...text, hideOverlap: true },
      },
      yAxis: {
        type: 'value', name: l.yName, minInterval: 1, nameTextStyle: { ...text, align: 'left', padding: [0, 0, 0, -px * 2] }, nameGap: px * 0.6,
        axisLine: { show: false }, splitLine: { lineStyle: { color: CHART_COLORS.split, type: 'dashed' } }, axisLabel: text,
      },
      series: [{ id: 'sensors', type: 'bar', barCategoryGap: '18%', itemStyle: { color: this.color, borderRadius: [px * 0.2, px * 0.2, 0, 0] } }],
    };
  }

  protected override dataOption(force: boolean): Option | null {
    if (!force && this.drawnKey === this.key) return null;
    this.drawnKey = this.key;
    const h = this.hist;
    const f = this.labels.formatEdge;
    return {
      xAxis: { data: h.edges.map((e) => `${f(e)}–${f(e + h.step)}`) },
      series: [{ id: 'sensors', data: h.counts }],
    };
  }
}
