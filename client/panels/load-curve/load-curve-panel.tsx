/**
 * The load curve of one building of the watched node: 24 hours of 5-minute means, extended live
 * from the series' ring buffer. The chart instance lives as long as the panel; the history is
 * fetched again every few minutes (so the live ring only has to bridge minutes) and whenever the
 * node or the server epoch changes.
 */
import { useEffect, useRef, useState } from 'react';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { fieldLabel, fieldUnit } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { formatHourMinute, formatTime } from '../../i18n/time-format.ts';
import { useLiveState, useLiveStore } from '../../app/live-context.ts';
import type { ApiSeries } from '../../api/api-client.ts';
import { formatNumber } from '../family-cards/metric.tsx';
import { LoadCurveChart, type LoadCurveLabels } from './load-curve-chart.ts';
import { fetchLoadHistory, pickBuildingLoad } from './building-load.ts';

export interface LoadCurvePanelProps {
  /** Building tag to chart (`?building=`); default: the node's first building. */
  building?: string | null;
  /** How often the history is fetched again, ms. Default 5 minutes. */
  refreshMs?: number;
  /** Wait before retrying a failed history fetch, ms. Default 10 s. */
  retryMs?: number;
}

type Status = 'loading' | 'ok' | 'none' | 'failed';

function chartLabels(lang: Lang): LoadCurveLabels {
  const unit = fieldUnit('energy', 'load_kw', lang);
  return {
    seriesName: fieldLabel('energy', 'load_kw', lang),
    xName: msg('axisTime', lang),
    yName: `${msg('axisLoad', lang)} (${unit})`,
    unit,
    peak: lang === 'zh' ? '峰值' : 'Peak',
    formatAxisTime: (ms) => formatHourMinute(ms, lang),
    formatTime: (ms) => formatTime(ms, lang),
    formatValue: (v) => formatNumber(v, 1, lang),
  };
}

export function LoadCurvePanel({ building, refreshMs = 300_000, retryMs = 10_000 }: LoadCurvePanelProps) {
  const lang = useLang();
  const store = useLiveStore();
  const node = useLiveState((s) => s.node);
  const epoch = useLiveState((s) => s.epoch);
  const hierarchy = useLiveState((s) => s.hierarchy);
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<LoadCurveChart | null>(null);
  const [series, setSeries] = useState<ApiSeries | undefined>(undefined);
  const [status, setStatus] = useState<Status>('loading');

  // The chart: one instance for the panel's life, redrawn when the tick publishes new data.
  useEffect(() => {
    const chart = new LoadCurveChart(hostRef.current!, chartLabels(lang));
    chartRef.current = chart;
    const unsubscribe = store.api.subscribe((s, prev) => {
      if (s.rev !== prev.rev) chart.invalidate();
    });
    return () => {
      unsubscribe();
      chart.dispose();
      chartRef.current = null;
    };
    // Labels follow in their own effect; the chart is not rebuilt for them.
  }, [store]);

  useEffect(() => {
    chartRef.current?.setLabels(chartLabels(lang));
  }, [lang]);

  // Which series, and its history; again on a timer and when the node or epoch changes.
  const nodeId = node?.id;
  useEffect(() => {
    if (!node) return;
    const ac = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const s = await pickBuildingLoad(node, building, ac.signal);
        setSeries(s);
        if (!s) {
          setStatus('none');
          chartRef.current?.setLiveSource(undefined);
          timer = setTimeout(load, retryMs * 3);
          return;
        }
        const h = await fetchLoadHistory(s, ac.signal);
        chartRef.current?.setLiveSource(() => store.data.rings.get(s.id));
        chartRef.current?.setHistory(h.t, h.v, h.to);
        setStatus('ok');
        timer = setTimeout(load, refreshMs);
      } catch (e) {
        if (ac.signal.aborted) return;
        console.warn(`load curve: ${(e as Error).message}`);
        setStatus('failed');
        timer = setTimeout(load, retryMs);
      }
    };
    void load();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
    // `node` is named by its id: a new object for the same node must not refetch.
  }, [nodeId, epoch, building, store, refreshMs, retryMs]);

  const neighbourhood = series ? hierarchy.find((n) => n.id === series.tags.neighbourhood)?.name[lang] ?? series.tags.neighbourhood : '';
  const overlay = status === 'loading' ? msg('loading', lang) : status === 'none' ? msg('noBuilding', lang) : status === 'failed' ? msg('loadFailed', lang) : '';
  return (
    <section className="panel load-curve" data-testid="load-curve">
      <header className="panel-header">
        <h2>{msg('loadCurveTitle', lang)}</h2>
        <span className="panel-note" data-testid="load-curve-building">
          {series ? `${neighbourhood} · ${msg('building', lang)} ${series.tags.building} · ` : ''}
          {msg('last24h', lang)}
        </span>
      </header>
      <div className="chart-wrap">
        <div className="chart-host" ref={hostRef} data-testid="load-curve-chart" data-status={status} />
        {overlay ? <div className="chart-overlay">{overlay}</div> : null}
      </div>
    </section>
  );
}
