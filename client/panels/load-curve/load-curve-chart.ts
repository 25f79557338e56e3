/**
 * The ECharts instance of the load curve, and everything it owns: created once per host element,
 * redrawn on a throttled animation frame (at most every `minIntervalMs`, and only when the history
 * or the live ring changed), resized by a ResizeObserver, and disposed with `dispose()`.
 *
 * History (5-minute means from /api/query) and live samples (the series' ring buffer, after the
 * end of the history) are drawn as one line.
 */
import * as echarts from 'echarts/core';
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent, MarkPointComponent, TooltipComponent,
  type GridComponentOption, type MarkPointComponentOption, type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { SeriesRing } from '../../live/series-ring.ts';

echarts.use([LineChart, GridComponent, TooltipComponent, MarkPointComponent, CanvasRenderer]);

type ChartOption = echarts.ComposeOption<
  LineSeriesOption | GridComponentOption | TooltipComponentOption | MarkPointComponentOption
>;

/** Words and formatters of the chart in the current language. */
export interface LoadCurveLabels {
  seriesName: string;
  /** Axis names, e.g. "时间" and "负荷 (kW)". */
  xName: string;
  yName: string;
  /** Unit of the values, e.g. "kW". */
  unit: string;
  peak: string;
  /** Axis tick label of a time (epoch ms). */
  formatAxisTime: (ms: number) => string;
  /** Tooltip time (epoch ms). */
  formatTime: (ms: number) => string;
  formatValue: (v: number) => string;
}

export interface LoadCurveChartOptions {
  /** Least time between redraws, ms. Default 500 (at most 2 Hz). */
  minIntervalMs?: number;
  /** Time span shown, ending now, ms. Default 24 hours. */
  spanMs?: number;
}

const FONT_FAMILY = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';
const LINE = '#3ec5ff';

export class LoadCurveChart {
  private readonly chart: echarts.ECharts;
  private readonly resizeObserver: ResizeObserver;
  private readonly minIntervalMs: number;
  private readonly spanMs: number;
  private labels: LoadCurveLabels;
  private history: [number, number][] = [];
  /** End of the history query, epoch ms; live samples after it extend the line. */
  private historyTo = -Infinity;
  private liveSource: (() => SeriesRing | undefined) | undefined;
  private drawnRing: SeriesRing | undefined;
  private drawnRingVersion = -1;
  private dirty = true;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastDraw = -Infinity;
  private fontPx = 0;
  private disposed = false;

  constructor(private readonly host: HTMLElement, labels: LoadCurveLabels, opts: LoadCurveChartOptions = {}) {
    this.labels = labels;
    this.minIntervalMs = opts.minIntervalMs ?? 500;
    this.spanMs = opts.spanMs ?? 86_400_000;
    this.chart = echarts.init(host, undefined, { renderer: 'canvas' });
    this.applyStaticOption();
    this.resizeObserver = new ResizeObserver(() => this.onResize());
    this.resizeObserver.observe(host);
  }

  /** History points (epoch ms, value) up to `to` (epoch ms). */
  setHistory(t: readonly number[], v: readonly number[], to: number): void {
    const h: [number, number][] = new Array(t.length);
    for (let i = 0; i < t.length; i++) h[i] = [t[i], v[i]];
    this.history = h;
    this.historyTo = to;
    this.dirty = true;
    this.invalidate();
  }

  /** Where live samples come from (looked up at each draw: the store may swap rings on an epoch change). */
  setLiveSource(source: (() => SeriesRing | undefined) | undefined): void {
    this.liveSource = source;
    this.dirty = true;
    this.invalidate();
  }

  setLabels(labels: LoadCurveLabels): void {
    this.labels = labels;
    this.applyStaticOption();
    this.dirty = true;
    this.invalidate();
  }

  /** Ask for a redraw: on the next animation frame, no sooner than `minIntervalMs` after the last. */
  invalidate(): void {
    if (this.disposed || this.frame !== 0 || this.timer !== undefined) return;
    const wait = this.lastDraw + this.minIntervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.invalidate();
      }, wait);
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    this.resizeObserver.disconnect();
    this.chart.dispose();
  }

  private draw(): void {
    const ring = this.liveSource?.();
    if (!this.dirty && ring === this.drawnRing && (ring?.version ?? -1) === this.drawnRingVersion) return;
    this.lastDraw = performance.now();
    this.dirty = false;
    this.drawnRing = ring;
    this.drawnRingVersion = ring?.version ?? -1;
    const now = Date.now();
    const from = now - this.spanMs;
    const data: [number, number][] = [];
    for (const p of this.history) if (p[0] >= from) data.push(p);
    ring?.forEachAfter(Math.max(this.historyTo, from), (t, v) => data.push([t, v]));
    this.chart.setOption<ChartOption>({
      xAxis: { min: from, max: Math.max(now, data.length ? data[data.length - 1][0] : now) },
      series: [{ id: 'load', data }],
    });
  }

  private onResize(): void {
    if (this.disposed) return;
    const px = parseFloat(getComputedStyle(this.host).fontSize) || 16;
    if (px !== this.fontPx) this.applyStaticOption();
    this.chart.resize();
  }

  /** Everything but the data: styles scale with the host's font size, so 4K walls get 4K text. */
  private applyStaticOption(): void {
    const px = parseFloat(getComputedStyle(this.host).fontSize) || 16;
    this.fontPx = px;
    const l = this.labels;
    const small = Math.round(px * 0.8);
    const axisText = { color: '#8fa9c8', fontSize: small, fontFamily: FONT_FAMILY };
    this.chart.setOption<ChartOption>({
      animation: false,
      textStyle: { fontFamily: FONT_FAMILY, fontSize: small },
      grid: { left: px * 4.2, right: px * 2, top: px * 2.6, bottom: px * 3 },
      tooltip: {
        trigger: 'axis',
        backgroundColor: 'rgba(8, 20, 40, 0.92)',
        borderColor: '#2a4a73',
        textStyle: { color: '#e6f1ff', fontSize: small, fontFamily: FONT_FAMILY },
        valueFormatter: (v) => (typeof v === 'number' ? `${l.formatValue(v)} ${l.unit}` : String(v)),
        axisPointer: { lineStyle: { color: '#5c7ea8' } },
      },
      xAxis: {
        type: 'time',
        name: l.xName,
        nameLocation: 'end',
        nameGap: px * 0.6,
        nameTextStyle: { ...axisText, verticalAlign: 'top', padding: [px * 0.9, 0, 0, 0] },
        axisLine: { lineStyle: { color: '#2a4a73' } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { ...axisText, formatter: (v: number) => l.formatAxisTime(v), hideOverlap: true },
        axisPointer: { label: { formatter: (p) => l.formatTime(Number(p.value)) } },
      },
      yAxis: {
        type: 'value',
        name: l.yName,
        nameTextStyle: { ...axisText, align: 'left', padding: [0, 0, 0, -px * 3.4] },
        nameGap: px * 0.9,
        min: 0,
        axisLine: { show: false },
        splitLine: { lineStyle: { color: 'rgba(80, 120, 170, 0.22)', type: 'dashed' } },
        axisLabel: axisText,
      },
      series: [{
        id: 'load',
        type: 'line',
        name: l.seriesName,
        showSymbol: false,
        smooth: 0.25,
        lineStyle: { color: LINE, width: Math.max(1.5, px * 0.14) },
        itemStyle: { color: LINE },
        areaStyle: {
          color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [
            { offset: 0, color: 'rgba(62, 197, 255, 0.42)' },
            { offset: 1, color: 'rgba(62, 197, 255, 0.02)' },
          ]),
        },
        markPoint: {
          symbol: 'pin',
          symbolSize: px * 3.8,
          itemStyle: { color: '#ff9f43' },
          label: { fontSize: Math.round(px * 0.75), fontWeight: 600, color: '#10203a', formatter: (p) => l.formatValue(Number(p.value)) },
          data: [{ type: 'max', name: l.peak }],
        },
      }],
    });
  }
}
