/**
 * One figure of a node today against yesterday on one clock (00:00–24:00, China Standard Time):
 * today solid, yesterday dashed and faded, a legend 今日 / 昨日, the unit on the value axis. Drawn
 * from the roll-up history; what it shows is also stamped on the host element
 * (`data-today-points`, `data-yesterday-points`, `data-legend`) for the wall's probes and tests.
 */
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent, LegendComponent, TooltipComponent,
  type GridComponentOption, type LegendComponentOption, type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { CHART_COLORS, ChartHost, axisText, dayChartFrame, echarts } from './chart-host.ts';
import { DAY_MS } from '../../streams/china-time.ts';
import type { DayCurve } from './node-days.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface DayCompareLabels {
  today: string;
  yesterday: string;
  /** Value axis name with its unit, e.g. "占用率 (%)". */
  yName: string;
  unit: string;
  formatAxisTime: (ms: number) => string;
  formatValue: (v: number) => string;
}

export interface DayCompareOptions {
  /** Colour of today's line. Default the accent. */
  color?: string;
  /** Fixed value-axis bounds (a percentage 0–100); default from the data, from 0. */
  min?: number;
  max?: number;
  /** Least time between redraws, ms. Default 2000. */
  minIntervalMs?: number;
}

export class DayCompareChart extends ChartHost {
  private labels: DayCompareLabels;
  private dayStart = NaN;
  private today: DayCurve = { t: [], v: [] };
  private yesterday: DayCurve = { t: [], v: [] };
  private changed = true;

  constructor(host: HTMLElement, labels: DayCompareLabels, private readonly look: DayCompareOptions = {}) {
    super(host, { minIntervalMs: look.minIntervalMs ?? 2000 });
    this.labels = labels;
    this.invalidate();
  }

  setLabels(labels: DayCompareLabels): void {
    this.labels = labels;
    this.restyle();
  }

  /** Today's and yesterday's curves, both on today's clock (`dayStart`: today's China midnight). */
  setDays(dayStart: number, today: DayCurve, yesterday: DayCurve): void {
    this.dayStart = dayStart;
    this.today = today;
    this.yesterday = yesterday;
    this.changed = true;
    this.invalidate();
  }

  protected override staticOption(px: number): Option {
    const l = this.labels;
    const text = axisText(px);
    const frame = dayChartFrame(px, l, { min: this.look.min, max: this.look.max });
    const color = this.look.color ?? CHART_COLORS.accent;
    this.host.dataset.legend = `${l.today} / ${l.yesterday}`;
    return {
      animation: false,
      ...frame,
      // Top left: the panel's caption sits top right.
      legend: {
        top: 0, left: px * 3.6, itemWidth: px * 1.4, itemHeight: px * 0.5,
        textStyle: { ...text, color: CHART_COLORS.text }, data: [l.today, l.yesterday],
      },
      series: [
        {
          id: 'yesterday', name: l.yesterday, type: 'line', showSymbol: false, smooth: 0.2, z: 1,
          lineStyle: { color: CHART_COLORS.muted, width: Math.max(1, px * 0.1), type: 'dashed', opacity: 0.7 },
          itemStyle: { color: CHART_COLORS.muted },
        },
        {
          id: 'today', name: l.today, type: 'line', showSymbol: false, smooth: 0.2, z: 2,
          lineStyle: { color, width: Math.max(1.5, px * 0.14) },
          itemStyle: { color },
        },
      ],
    };
  }

  protected override dataOption(force: boolean): Option | null {
    if (!force && !this.changed) return null;
    this.changed = false;
    const pairs = (c: DayCurve) => c.t.map((t, i) => [t, c.v[i]] as [number, number]);
    this.host.dataset.todayPoints = String(this.today.t.length);
    this.host.dataset.yesterdayPoints = String(this.yesterday.t.length);
    const known = !Number.isNaN(this.dayStart);
    return {
      xAxis: { min: known ? this.dayStart : undefined, max: known ? this.dayStart + DAY_MS : undefined },
      series: [{ id: 'yesterday', data: pairs(this.yesterday) }, { id: 'today', data: pairs(this.today) }],
    };
  }
}
