/** A 24-hour sparkline of one series: one ECharts instance owned by the card, disposed with it. */
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface Sparkline { set(t: number[], v: number[], unit: string): void; dispose(): void }

export function createSparkline(host: HTMLElement): Sparkline {
  const chart = echarts.init(host, undefined, { renderer: 'canvas' });
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(host);
  return {
    set(t, v, unit) {
      chart.setOption({
        animation: false,
        grid: { left: 36, right: 6, top: 8, bottom: 18 },
        tooltip: { trigger: 'axis', valueFormatter: (x: unknown) => `${Number(x).toFixed(1)} ${unit}` },
        xAxis: { type: 'time', axisLabel: { color: '#8fa9c8', fontSize: 10, hideOverlap: true }, axisLine: { lineStyle: { color: '#2a4466' } } },
        yAxis: { type: 'value', name: unit, nameTextStyle: { color: '#8fa9c8', fontSize: 10 }, axisLabel: { color: '#8fa9c8', fontSize: 10 }, splitLine: { lineStyle: { color: 'rgba(62,197,255,0.1)' } }, scale: true },
        series: [{ type: 'line', showSymbol: false, data: t.map((x, i) => [x, v[i]]), lineStyle: { color: '#3ec5ff', width: 1.5 }, areaStyle: { color: 'rgba(62,197,255,0.15)' } }],
      }, true);
    },
    dispose() {
      resize.disconnect();
      chart.dispose();
    },
  };
}
