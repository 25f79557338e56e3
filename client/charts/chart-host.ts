/**
 * The life of one ECharts instance on the wall, shared by every chart panel: created once for its
 * host element, redrawn at most every `minIntervalMs` and only after `invalidate()`, taking its
 * turn in the page's draw queue (draw-queue.ts: one chart per animation frame, one live redraw per
 * tick), restyled when the host's font size changes (a wall resized or a root font recomputed),
 * resized by a ResizeObserver, and released by `dispose()`.
 *
 * Only `echarts/core` is imported here; each chart registers the few charts and components it uses
 * (`echarts.use`), so the bundle carries nothing else.
 */
import * as echarts from 'echarts/core';
import { chartDrawQueue, type DrawJob } from './draw-queue.ts';

export { echarts };

/** Font family of every chart, the same as the page's. */
export const CHART_FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';

/** Colours shared with cockpit.css. */
export const CHART_COLORS = {
  text: '#e6f1ff',
  muted: '#8fa9c8',
  axis: '#2a4a73',
  split: 'rgba(80, 120, 170, 0.22)',
  accent: '#3ec5ff',
  secondary: '#8a7dff',
  ok: '#2fd67b',
  warn: '#f5c542',
  major: '#ff8a3d',
  bad: '#ff4d4f',
  info: '#5fa8ff',
  tooltipBg: 'rgba(8, 20, 40, 0.92)',
} as const;

export interface ChartHostOptions {
  /** Least time between redraws, ms. Default 500 (at most 2 Hz). */
  minIntervalMs?: number;
}

type Option = Parameters<echarts.ECharts['setOption']>[0];

/**
 * Subclasses give the option without data (`staticOption`, sized from the host's font size in px)
 * and the data part (`dataOption`, or null when nothing changed since the last draw).
 */
export abstract class ChartHost implements DrawJob {
  /** Told the main-thread ms of every draw and the chart's host (the cockpit's performance probe, `?perf=1`). */
  static drawObserver: ((ms: number, host: HTMLElement) => void) | undefined;
  /** Every chart not yet disposed (the performance probe times their redraws). */
  static readonly live = new Set<ChartHost>();
  protected readonly chart: echarts.ECharts;
  private readonly resizeObserver: ResizeObserver;
  private readonly minIntervalMs: number;
  private queued = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastDraw = -Infinity;
  private fontPx = 0;
  private styled = false;
  protected disposed = false;

  constructor(protected readonly host: HTMLElement, opts: ChartHostOptions = {}) {
    this.minIntervalMs = opts.minIntervalMs ?? 500;
    this.chart = echarts.init(host, undefined, { renderer: 'canvas' });
    this.resizeObserver = new ResizeObserver(() => this.onResize());
    this.resizeObserver.observe(host);
    ChartHost.live.add(this);
  }

  /** Everything but the data, for text of `px` pixels. */
  protected abstract staticOption(px: number): Option;

  /** The data to draw, or null when it has not changed since the last draw (and `force` is false). */
  protected abstract dataOption(force: boolean): Option | null;

  /** Ask for a redraw: in the draw queue's turn, no sooner than `minIntervalMs` after the last. */
  invalidate(): void {
    if (this.disposed || this.queued || this.timer !== undefined) return;
    const wait = this.lastDraw + this.minIntervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.invalidate();
      }, wait);
      return;
    }
    this.queued = true;
    // Never drawn yet: the first draw is urgent (an empty box on the wall until then).
    chartDrawQueue.add(this, !this.styled);
  }

  /** Apply the static option again (labels, language or size changed) and redraw in the queue's next urgent turn, throttle or not. */
  restyle(): void {
    if (this.disposed) return;
    this.styled = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queued = true;
    chartDrawQueue.add(this, true);
  }

  /** Draw now if anything is pending (benchmarks and tests). */
  flush(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.drawNow();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    ChartHost.live.delete(this);
    chartDrawQueue.remove(this);
    clearTimeout(this.timer);
    this.resizeObserver.disconnect();
    this.chart.dispose();
  }

  /** The queue's turn (or a flush): draw what is pending. */
  drawNow(): void {
    chartDrawQueue.remove(this);
    this.queued = false;
    if (this.disposed) return;
    this.draw();
  }

  /** The host's name for the probe (its nearest `data-testid`). */
  get name(): string {
    return this.host.closest('[data-testid]')?.getAttribute('data-testid') ?? 'chart';
  }

  /** Draws the data again as though all of it had changed; ms (the performance probe). */
  redrawData(): number {
    const t0 = performance.now();
    const data = this.dataOption(true);
    if (data) this.chart.setOption(data);
    return performance.now() - t0;
  }

  private draw(): void {
    const t0 = performance.now();
    let force = false;
    if (!this.styled) {
      this.fontPx = hostFontPx(this.host);
      // notMerge: a restyle replaces every component (and drops the data), so nothing of the old language remains.
      this.chart.setOption(this.staticOption(this.fontPx), { notMerge: true });
      this.styled = true;
      force = true;
    }
    const data = this.dataOption(force);
    if (data) this.chart.setOption(data);
    this.lastDraw = performance.now();
    ChartHost.drawObserver?.(this.lastDraw - t0, this.host);
  }

  private onResize(): void {
    if (this.disposed) return;
    this.chart.resize();
    if (hostFontPx(this.host) !== this.fontPx) this.restyle();
  }
}

function hostFontPx(el: HTMLElement): number {
  return parseFloat(getComputedStyle(el).fontSize) || 16;
}

/**
 * A grid at fixed margins (px), laid out once per draw: ECharts 6 otherwise builds every axis twice
 * per redraw to fit its labels into the outer bounds (`outerBoundsMode: 'auto'`), a quarter of a
 * line chart's redraw; these margins are sized for the labels already.
 */
export function fixedGrid(m: { left: number; right: number; top: number; bottom: number }) {
  return { ...m, outerBoundsMode: 'none' as const };
}

/** Axis text style for `px`-pixel text. */
export function axisText(px: number) {
  return { color: CHART_COLORS.muted, fontSize: Math.round(px * 0.85), fontFamily: CHART_FONT };
}

/**
 * The dark tooltip every chart uses, drawn on the chart's canvas (richText): the HTML tooltip reads
 * the host's computed style on every update, a forced style recalculation per redraw of the wall.
 */
export function tooltipStyle(px: number) {
  return {
    renderMode: 'richText' as const,
    backgroundColor: CHART_COLORS.tooltipBg,
    borderColor: CHART_COLORS.axis,
    textStyle: { color: CHART_COLORS.text, fontSize: Math.round(px * 0.85), fontFamily: CHART_FONT },
  };
}

/** What a chart of one day's curves shows on its axes and in its tooltip. */
export interface DayAxisLabels {
  unit: string;
  /** Name of the value axis (with its unit). */
  yName: string;
  formatValue(v: number): string;
  formatAxisTime(t: number): string;
}

/**
 * Text, grid, tooltip and axes of the charts of today against yesterday (time of day along the
 * bottom, the value from `min` up): the community's energy chart and every area's day curves.
 */
export function dayChartFrame(px: number, l: DayAxisLabels, range: { min?: number; max?: number } = {}) {
  const text = axisText(px);
  return {
    textStyle: { fontFamily: CHART_FONT, fontSize: text.fontSize },
    grid: fixedGrid({ left: px * 3.6, right: px * 1.2, top: px * 3, bottom: px * 1.8 }),
    tooltip: {
      trigger: 'axis' as const, ...tooltipStyle(px),
      valueFormatter: (v: unknown) => (typeof v === 'number' ? `${l.formatValue(v)} ${l.unit}` : String(v)),
    },
    xAxis: {
      type: 'time' as const,
      axisLine: { lineStyle: { color: CHART_COLORS.axis } },
      axisTick: { show: false },
      splitLine: { show: false },
      axisLabel: { ...text, formatter: (v: number) => l.formatAxisTime(v), hideOverlap: true },
    },
    yAxis: {
      type: 'value' as const, name: l.yName, min: range.min ?? 0, max: range.max,
      nameTextStyle: { ...text, align: 'left' as const, padding: [0, 0, 0, -px * 3] },
      nameGap: px * 0.8,
      axisLine: { show: false },
      splitLine: { lineStyle: { color: CHART_COLORS.split, type: 'dashed' as const } },
      axisLabel: text,
    },
  };
}
