/**
 * The sensor's readings from one hour before to one hour after the alert, with the alert time
 * marked. The series is the rule's field on the alert's series (rule alerts) or the device's
 * `alert.value` readings (device events). One ECharts instance per mounted chart, disposed on unmount.
 */
import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { AlertRule } from '../../../streams/alert-rules.ts';
import { ApiError, getJson, tagFilter, type ApiQueryResult } from '../../api/api-client.ts';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { fieldLabel, unitText } from '../../i18n/labels.ts';
import { formatHourMinute, formatTime } from '../../i18n/time-format.ts';
import { t } from '../console-messages.ts';

echarts.use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

const HOUR = 3_600_000;

/** The query of the alert's sensor series, or null when the alert has none (a count rule). */
export function sensorQuery(a: AlertRecord, rule: AlertRule | null): string | null {
  let measurement: string;
  let field: string;
  let tags: Record<string, string>;
  if (a.source === 'rule') {
    if (!rule || !('field' in rule) || !rule.field || rule.measurement === 'alert') return null;
    measurement = rule.measurement;
    field = rule.field;
    tags = a.tags;
  } else {
    measurement = 'alert';
    field = 'value';
    tags = { device: a.device };
  }
  const q = new URLSearchParams({ measurement, field, community: a.community, from: String(a.raisedAt - HOUR), to: String(a.raisedAt + HOUR), maxPoints: '240' });
  const rest = Object.fromEntries(Object.entries(tags).filter(([k]) => k !== 'community' && k !== 'type' && k !== 'severity'));
  return `${q}&${tagFilter(rest)}`;
}

type Status = 'loading' | 'ok' | 'none' | 'error';

export function SensorChart({ alert, rule }: { alert: AlertRecord; rule: AlertRule | null }) {
  const lang = useLang();
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [data, setData] = useState<ApiQueryResult | null>(null);
  const query = sensorQuery(alert, rule);

  useEffect(() => {
    if (!query) { setStatus('none'); return; }
    const ac = new AbortController();
    setStatus('loading');
    getJson<ApiQueryResult>(`/api/query?${query}`, ac.signal).then(
      (r) => { setData(r); setStatus(r.series.some((s) => s.t.length) ? 'ok' : 'none'); },
      (e) => { if (!ac.signal.aborted) setStatus(e instanceof ApiError && e.status === 404 ? 'none' : 'error'); },
    );
    return () => ac.abort();
  }, [query]);

  useEffect(() => {
    if (status !== 'ok' || !data || !host.current) return;
    const chart = echarts.init(host.current, undefined, { renderer: 'canvas' });
    const s0 = data.series[0];
    const unit = unitText(s0.unit, lang);
    chart.setOption(chartOption(data, alert.raisedAt, `${fieldLabel(s0.measurement, s0.field, lang)}${unit ? ` (${unit})` : ''}`, lang));
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(host.current);
    return () => { ro.disconnect(); chart.dispose(); };
  }, [status, data, lang, alert.raisedAt]);

  return (
    <div className="sensor-chart">
      <h3>{t('chart', lang)}</h3>
      {status === 'ok' ? <div ref={host} className="chart-host" data-testid="sensor-chart" data-status="ok" />
        : <p className="muted" data-testid="sensor-chart" data-status={status}>{t(status === 'loading' ? 'loading' : status === 'none' ? 'chartNone' : 'chartFailed', lang)}</p>}
    </div>
  );
}

function chartOption(r: ApiQueryResult, at: number, name: string, lang: Lang) {
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 24, bottom: 28 },
    tooltip: { trigger: 'axis' as const, valueFormatter: (v: unknown) => String(v) },
    xAxis: { type: 'time' as const, min: r.from, max: r.to, axisLabel: { color: '#8fa9c8', formatter: (v: number) => formatHourMinute(v, lang) } },
    yAxis: { type: 'value' as const, name, nameTextStyle: { color: '#8fa9c8' }, axisLabel: { color: '#8fa9c8' }, splitLine: { lineStyle: { color: 'rgba(62,197,255,0.12)' } } },
    series: r.series.slice(0, 4).map((s, i) => ({
      type: 'line' as const, name: Object.values(s.tags).join(' '), showSymbol: s.t.length < 30, data: s.t.map((tt, j) => [tt, s.v[j]]),
      lineStyle: { width: 2 },
      ...(i === 0 ? { markLine: { symbol: 'none', data: [{ xAxis: at, label: { formatter: formatTime(at, lang), color: '#ff4d4f' } }], lineStyle: { color: '#ff4d4f', type: 'dashed' as const } } } : {}),
    })),
  };
}
