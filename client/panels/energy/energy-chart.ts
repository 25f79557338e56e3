/**
 * Today's load of the node against yesterday's on one clock (00:00–24:00, China Standard Time):
 * yesterday dashed, today filled, today's peak and valley marked. Today's line is the history's
 * 5-minute means extended by the live total from the summary frames (a bounded ring). Given PV and
 * EV curves (an area's roll-up history), they are drawn the same way, thinner, in their colours.
 * The points drawn are stamped on the host (`data-today-points`, `data-yesterday-points`, `data-legend`).
 */
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent, LegendComponent, MarkPointComponent, TooltipComponent,
  type GridComponentOption, type LegendComponentOption, type MarkPointComponentOption, type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { SeriesRing } from '../../live/series-ring.ts';
import { CHART_COLORS, ChartHost, axisText, dayChartFrame, echarts } from '../../charts/chart-host.ts';
import { DAY_MS } from '../../../streams/china-time.ts';
import type { Curve, Extreme } from './day-curves.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, MarkPointComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkPointComponentOption>;

export interface EnergyChartLabels {
  today: string;
  yesterday: string;
  /** Axis names with units, e.g. "负荷 (kW)". */
  yName: string;
  unit: string;
  peak: string;
  valley: string;
  formatAxisTime: (ms: number) => string;
  formatValue: (v: number) => string;
  /** Names of the PV and EV charging lines (drawn only when given curves). */
  pv: string;
  ev: string;
}

/** Today's and yesterday's curve of one figure, both on today's clock. */
export interface DayPair {
  today: Curve;
  yesterday: Curve;
}

/** PV generation and EV charging beside the load (kW), where the history has them. */
export interface EnergyExtras {
  pv?: DayPair;
  ev?: DayPair;
}

const EXTRA_LINES = [
  { id: 'pv', color: CHART_COLORS.ok },
  { id: 'ev', color: CHART_COLORS.secondary },
] as const;

export class EnergyChart extends ChartHost {
  private labels: EnergyChartLabels;
  private dayStart = NaN;
  private today: Curve = { t: [], v: [] };
  private yesterday: Curve = { t: [], v: [] };
  private historyTo = -Infinity;
  private extremes: { peak: Extreme; valley: Extreme } | undefined;
  private live: SeriesRing | undefined;
  private drawnLiveVersion = -1;
  private changed = true;
  private extras: EnergyExtras = {};

  /**
   * @param minIntervalMs least time between redraws, ms. Default 5000: on a 24-hour axis a pixel is
   *   about a minute, so redrawing for every 1 Hz total would only cost the wall's main thread.
   */
  constructor(host: HTMLElement, labels: EnergyChartLabels, minIntervalMs = 5000) {
    super(host, { minIntervalMs });
    this.labels = labels;
    this.invalidate();
  }

  setLabels(labels: EnergyChartLabels): void {
    this.labels = labels;
    this.restyle();
  }

  /** Today's and yesterday's (shifted onto today) history, up to `historyTo` (epoch ms). */
  setDays(dayStart: number, today: Curve, yesterday: Curve, historyTo: number, extremes: { peak: Extreme; valley: Extreme } | undefined): void {
    this.dayStart = dayStart;
    this.today = today;
    this.yesterday = yesterday;
    this.historyTo = historyTo;
    this.extremes = extremes;
    this.changed = true;
    this.invalidate();
  }

  /** PV and EV lines beside the load; `{}` draws none. */
  setExtras(extras: EnergyExtras): void {
    const shownBefore = this.extras.pv !== undefined || this.extras.ev !== undefined;
    this.extras = extras;
    // The legend names the extra lines only while there are any.
    if (shownBefore !== (extras.pv !== undefined || extras.ev !== undefined)) this.restyle();
    this.changed = true;
    this.invalidate();
  }

  /** The ring of live totals (kW) that extends today's line after the history. */
  setLive(ring: SeriesRing | undefined): void {
    this.live = ring;
    this.changed = true;
    this.invalidate();
  }

  protected override staticOption(px: number): Option {
    const l = this.labels;
    const text = axisText(px);
    const frame = dayChartFrame(px, l);
    const withExtras = this.extras.pv !== undefined || this.extras.ev !== undefined;
    const legend = withExtras ? [l.today, l.yesterday, l.pv, l.ev] : [l.today, l.yesterday];
    this.host.dataset.legend = legend.join(' / ');
    const extraLines: LineSeriesOption[] = EXTRA_LINES.flatMap(({ id, color }) => [
      {
        id: `${id}-yesterday`, name: l[id], type: 'line', showSymbol: false, smooth: 0.2, z: 1,
        lineStyle: { color, width: Math.max(1, px * 0.08), type: 'dashed', opacity: 0.5 }, itemStyle: { color },
      },
      {
        id: `${id}-today`, name: l[id], type: 'line', showSymbol: false, smooth: 0.2, z: 2,
        lineStyle: { color, width: Math.max(1, px * 0.1) }, itemStyle: { color },
      },
    ]);
    return {
      animation: false,
      ...frame,
      legend: {
        top: 0, right: 0, itemWidth: px * 1.4, itemHeight: px * 0.5,
        textStyle: { ...text, color: CHART_COLORS.text }, data: legend,
      },
      series: [
        {
          id: 'yesterday', name: l.yesterday, type: 'line', showSymbol: false, smooth: 0.2, z: 1,
          lineStyle: { color: CHART_COLORS.muted, width: Math.max(1, px * 0.1), type: 'dashed' },
          itemStyle: { color: CHART_COLORS.muted },
        },
        {
          id: 'today', name: l.today, type: 'line', showSymbol: false, smooth: 0.2, z: 2,
          lineStyle: { color: CHART_COLORS.accent, width: Math.max(1.5, px * 0.14) },
          itemStyle: { color: CHART_COLORS.accent },
          areaStyle: {
            color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [
              { offset: 0, color: 'rgba(62, 197, 255, 0.4)' },
              { offset: 1, color: 'rgba(62, 197, 255, 0.02)' },
            ]),
          },
          markPoint: {
            symbol: 'circle', symbolSize: px * 0.6,
            label: { fontSize: Math.round(px * 0.8), fontWeight: 600, color: CHART_COLORS.text, formatter: (p) => l.formatValue(Number(p.value)) },
          },
        },
        ...extraLines,
      ],
    };
  }

  protected override dataOption(force: boolean): Option | null {
    const ring = this.live;
    const liveVersion = ring?.version ?? -1;
    if (!force && !this.changed && liveVersion === this.drawnLiveVersion) return null;
    this.changed = false;
    this.drawnLiveVersion = liveVersion;
    const today: [number, number][] = [];
    for (let i = 0; i < this.today.t.length; i++) today.push([this.today.t[i], this.today.v[i]]);
    const dayEnd = this.dayStart + DAY_MS;
    ring?.forEachAfter(this.historyTo, (t, v) => { if (t < dayEnd) today.push([t, v]); });
    const yesterday: [number, number][] = [];
    for (let i = 0; i < this.yesterday.t.length; i++) yesterday.push([this.yesterday.t[i], this.yesterday.v[i]]);
    const e = this.extremes;
    const l = this.labels;
    this.host.dataset.todayPoints = String(today.length);
    this.host.dataset.yesterdayPoints = String(yesterday.length);
    const pairs = (c: Curve | undefined) => (c ? c.t.map((t, i) => [t, c.v[i]] as [number, number]) : []);
    const extraData = EXTRA_LINES.flatMap(({ id }) => [
      { id: `${id}-yesterday`, data: pairs(this.extras[id]?.yesterday) },
      { id: `${id}-today`, data: pairs(this.extras[id]?.today) },
    ]);
    return {
      xAxis: { min: Number.isNaN(this.dayStart) ? undefined : this.dayStart, max: Number.isNaN(this.dayStart) ? undefined : dayEnd },
      series: [
        { id: 'yesterday', data: yesterday },
        {
          id: 'today', data: today,
          markPoint: {
            data: e ? [
              { name: l.peak, coord: [e.peak.t, e.peak.v], value: e.peak.v, itemStyle: { color: CHART_COLORS.major }, label: { position: 'right' } },
              { name: l.valley, coord: [e.valley.t, e.valley.v], value: e.valley.v, itemStyle: { color: CHART_COLORS.ok }, label: { position: 'bottom' } },
            ] : [],
          },
        },
        ...extraData,
      ],
    };
  }
}
