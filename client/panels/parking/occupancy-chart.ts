/** Occupancy of the node's lots over the last 24 hours, percent, extended live from the summary totals. */
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { SeriesRing } from '../../live/series-ring.ts';
import { CHART_COLORS, CHART_FONT, ChartHost, axisText, echarts, fixedGrid, tooltipStyle } from '../../charts/chart-host.ts';
import type { Curve } from '../energy/day-curves.ts';

echarts.use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface OccupancyChartLabels {
  seriesName: string;
  /** e.g. "占用率 (%)". */
  yName: string;
  formatAxisTime: (ms: number) => string;
  formatValue: (v: number) => string;
}

export class OccupancyChart extends ChartHost {
  private labels: OccupancyChartLabels;
  private history: Curve = { t: [], v: [] };
  private historyTo = -Infinity;
  private live: SeriesRing | undefined;
  private drawnLive = -1;
  private changed = true;
  /** Span shown, ending now, ms. */
  private readonly spanMs = 86_400_000;

  /** @param minIntervalMs least time between redraws, ms. Default 10,000 (the live samples come every 10 s). */
  constructor(host: HTMLElement, labels: OccupancyChartLabels, minIntervalMs = 10_000) {
    super(host, { minIntervalMs });
    this.labels = labels;
    this.invalidate();
  }

  setLabels(labels: OccupancyChartLabels): void {
    this.labels = labels;
    this.restyle();
  }

  setHistory(history: Curve, to: number): void {
    this.history = history;
    this.historyTo = to;
    this.changed = true;
    this.invalidate();
  }

  setLive(ring: SeriesRing | undefined): void {
    this.live = ring;
    this.changed = true;
    this.invalidate();
  }

  protected override staticOption(px: number): Option {
    const l = this.labels;
    const text = axisText(px);
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT, fontSize: text.fontSize },
      grid: fixedGrid({ left: px * 3.2, right: px * 1, top: px * 1.9, bottom: px * 1.7 }),
      tooltip: { trigger: 'axis', ...tooltipStyle(px), valueFormatter: (v) => (typeof v === 'number' ? `${l.formatValue(v)} %` : String(v)) },
      xAxis: {
        type: 'time',
        axisLine: { lineStyle: { color: CHART_COLORS.axis } }, axisTick: { show: false }, splitLine: { show: false },
        axisLabel: { ...text, formatter: (v: number) => l.formatAxisTime(v), hideOverlap: true },
      },
      yAxis: {
        type: 'value', name: l.yName, min: 0, max: 100,
        nameTextStyle: { ...text, align: 'left', padding: [0, 0, 0, -px * 2.6] }, nameGap: px * 0.7,
        axisLine: { show: false }, splitLine: { lineStyle: { color: CHART_COLORS.split, type: 'dashed' } }, axisLabel: text,
      },
      series: [{
        id: 'occupancy', name: l.seriesName, type: 'line', showSymbol: false, smooth: 0.2, step: false,
        lineStyle: { color: CHART_COLORS.secondary, width: Math.max(1.5, px * 0.14) },
        itemStyle: { color: CHART_COLORS.secondary },
        areaStyle: { color: 'rgba(138, 125, 255, 0.18)' },
      }],
    };
  }

  protected override dataOption(force: boolean): Option | null {
    const version = this.live?.version ?? -1;
    if (!force && !this.changed && version === this.drawnLive) return null;
    this.changed = false;
    this.drawnLive = version;
    const now = Date.now();
    const from = now - this.spanMs;
    const data: [number, number][] = [];
    for (let i = 0; i < this.history.t.length; i++) if (this.history.t[i] >= from) data.push([this.history.t[i], this.history.v[i]]);
    this.live?.forEachAfter(Math.max(this.historyTo, from), (t, v) => data.push([t, v]));
    return { xAxis: { min: from, max: now }, series: [{ id: 'occupancy', data }] };
  }
}
