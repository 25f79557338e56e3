/** Radar of the nine scenes (九大场景): the share of items met in each, percent. */
import { RadarChart, type RadarSeriesOption } from 'echarts/charts';
import { RadarComponent, TooltipComponent, type RadarComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { CHART_COLORS, CHART_FONT, ChartHost, echarts, tooltipStyle } from '../../charts/chart-host.ts';

echarts.use([RadarChart, RadarComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<RadarSeriesOption | RadarComponentOption | TooltipComponentOption>;

export interface SceneRadarLabels {
  /** Scene names in scene order (9). */
  scenes: string[];
  seriesName: string;
}

export class SceneRadarChart extends ChartHost {
  private labels: SceneRadarLabels;
  private values: (number | null)[] = [];
  private key = '';
  private drawnKey = '\0';

  constructor(host: HTMLElement, labels: SceneRadarLabels) {
    super(host);
    this.labels = labels;
    this.invalidate();
  }

  setLabels(labels: SceneRadarLabels): void {
    this.labels = labels;
    this.restyle();
  }

  /** Shares 0..1 per scene (null: nothing applies). */
  setShares(shares: (number | null)[]): void {
    const key = shares.map((s) => (s === null ? '-' : s.toFixed(4))).join(',');
    if (key === this.key) return;
    this.key = key;
    this.values = shares;
    this.invalidate();
  }

  protected override staticOption(px: number): Option {
    const l = this.labels;
    return {
      animation: false,
      textStyle: { fontFamily: CHART_FONT, fontSize: Math.round(px * 0.85) },
      tooltip: { trigger: 'item', ...tooltipStyle(px) },
      radar: {
        center: ['50%', '54%'],
        radius: '66%',
        splitNumber: 4,
        indicator: l.scenes.map((name) => ({ name, min: 0, max: 100 })),
        axisName: { color: CHART_COLORS.text, fontSize: Math.round(px * 0.85), fontFamily: CHART_FONT },
        axisNameGap: px * 0.35,
        splitLine: { lineStyle: { color: CHART_COLORS.split } },
        splitArea: { areaStyle: { color: ['rgba(62, 197, 255, 0.03)', 'rgba(62, 197, 255, 0.07)'] } },
        axisLine: { lineStyle: { color: CHART_COLORS.axis } },
      },
      series: [{
        id: 'shares', type: 'radar', name: l.seriesName, symbolSize: px * 0.4,
        lineStyle: { color: CHART_COLORS.accent, width: Math.max(1.5, px * 0.12) },
        itemStyle: { color: CHART_COLORS.accent },
        areaStyle: { color: 'rgba(62, 197, 255, 0.28)' },
      }],
    };
  }

  protected override dataOption(force: boolean): Option | null {
    if (!force && this.drawnKey === this.key) return null;
    this.drawnKey = this.key;
    const value = this.labels.scenes.map((_, i) => {
      const s = this.values[i];
      return s === null || s === undefined ? 0 : Math.round(s * 1000) / 10;
    });
    return { series: [{ id: 'shares', data: [{ value, name: this.labels.seriesName }] }] };
  }
}
