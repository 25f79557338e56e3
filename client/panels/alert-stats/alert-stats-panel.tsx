/**
 * Alerts of the watched node over the last 24 hours: counts by type and severity (history of the
 * `alert` measurement plus the live alerts since), and the handling figures (open and closed, time
 * to acknowledge and to resolve) from `/api/alerts/stats` when the server offers it.
 */
import { useEffect, useRef, useState } from 'react';
import { SEVERITIES } from '../../../streams/alerts.ts';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { alertTypeLabel, severityLabel } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { useLiveData, useLiveState } from '../../app/live-context.ts';
import { queryNode } from '../../api/node-query.ts';
import { formatNumber } from '../../ui/metric.tsx';
import { PanelFrame } from '../../ui/panel-frame.tsx';
import { AlertTypeChart, type AlertTypeChartLabels } from './alert-type-chart.ts';
import { eventsOfHistory, tallyAlerts, type AlertEventKey } from './alert-tally.ts';
import { closedCount, fetchLifecycleStats, type AlertLifecycleStats } from './alert-lifecycle-stats.ts';
import { usePolled } from '../../live/use-polled.ts';
import { DAY_MS } from '../../../streams/china-time.ts';


export interface AlertStatsPanelProps {
  /** How often the history and the handling figures are read again, ms. Default 2 minutes. */
  refreshMs?: number;
}

function chartLabels(lang: Lang): AlertTypeChartLabels {
  return {
    typeLabel: (t) => alertTypeLabel(t, lang), severityLabel: (s) => severityLabel(s, lang),
    xName: `${msg('alertCount', lang)} (${msg('timesUnit', lang)})`,
  };
}

/** Seconds as minutes (under an hour) or hours, with the unit. */
function duration(seconds: number | null | undefined, lang: Lang): { value: string; unit: string } {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return { value: '—', unit: '' };
  if (seconds < 3600) return { value: formatNumber(seconds / 60, 1, lang), unit: msg('minutesUnit', lang) };
  return { value: formatNumber(seconds / 3600, 1, lang), unit: msg('hoursUnit', lang) };
}

export function AlertStatsPanel({ refreshMs = 120_000 }: AlertStatsPanelProps) {
  const lang = useLang();
  const data = useLiveData();
  const node = useLiveState((s) => s.node);
  const epoch = useLiveState((s) => s.epoch);
  const hierarchy = useLiveState((s) => s.hierarchy);
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<AlertTypeChart | null>(null);
  const [history, setHistory] = useState<{ events: AlertEventKey[]; to: number } | undefined>(undefined);
  const [lifecycle, setLifecycle] = useState<AlertLifecycleStats | null | undefined>(undefined);

  useEffect(() => {
    const chart = new AlertTypeChart(hostRef.current!, chartLabels(lang));
    chartRef.current = chart;
    return () => {
      chart.dispose();
      chartRef.current = null;
    };
  }, []);
  useEffect(() => {
    chartRef.current?.setLabels(chartLabels(lang));
  }, [lang]);

  const nodeId = node?.id;
  const hasHierarchy = hierarchy.length > 0;
  usePolled(Boolean(node), [nodeId, epoch, hasHierarchy, refreshMs], async (signal) => {
    const [h, stats] = await Promise.all([
      queryNode(node!, hierarchy, { measurement: 'alert', field: 'value', from: 'now-24h', window: 'raw', maxPoints: 10_000 }, signal),
      fetchLifecycleStats(node!.id, 'now-24h', signal).catch((e: Error) => {
        console.warn(`alert stats: ${e.message}`);
        return undefined;
      }),
    ]);
    if (signal.aborted) return;
    setHistory({ events: eventsOfHistory(h.series), to: h.to });
    setLifecycle(stats ?? null);
  }, { name: 'alert stats', refreshMs });

  const now = Date.now();
  // Live alerts count from the end of the history; those before it are in the history already.
  const live = history ? data.alerts.filter((a) => a.time > history.to) : data.alerts;
  const tally = tallyAlerts([...(history?.events ?? []), ...live], now - DAY_MS, Infinity);
  useEffect(() => {
    chartRef.current?.setTally(tally);
  });
  const ack = duration(lifecycle?.timeToAck.median, lang);
  const resolve = duration(lifecycle?.timeToResolve.median, lang);
  return (
    <PanelFrame id="alert-stats" title={msg('alertStatsTitle', lang)} note={msg('last24h', lang)}>
      <ul className="severity-counts" data-testid="severity-counts">
        <li className="sev-total"><span className="sev-label">{msg('total', lang)}</span><span className="sev-count" data-testid="alerts-total">{formatNumber(tally.total, 0, lang)}</span></li>
        {[...SEVERITIES].reverse().map((s) => (
          <li key={s} className={`sev sev-${s}`} data-testid={`severity-${s}`}>
            <span className="sev-label">{severityLabel(s, lang)}</span>
            <span className="sev-count">{formatNumber(tally.bySeverity.get(s) ?? 0, 0, lang)}</span>
          </li>
        ))}
      </ul>
      <div className="chart-wrap">
        <div className="chart-host" ref={hostRef} data-testid="alert-type-chart" data-total={tally.total} />
        {tally.total === 0 ? <div className="chart-overlay">{msg('noAlerts', lang)}</div> : null}
      </div>
      <div className="lifecycle" data-testid="alert-lifecycle" data-available={String(!!lifecycle)}>
        <div className="life-fig"><span className="life-label">{msg('openAlerts', lang)}</span><span className="life-value">{lifecycle ? formatNumber(lifecycle.open, 0, lang) : '—'}</span></div>
        <div className="life-fig"><span className="life-label">{msg('closedAlerts', lang)}</span><span className="life-value">{lifecycle ? formatNumber(closedCount(lifecycle), 0, lang) : '—'}</span></div>
        <div className="life-fig"><span className="life-label">{msg('timeToAck', lang)}</span><span className="life-value">{ack.value}<small>{ack.unit}</small></span></div>
        <div className="life-fig"><span className="life-label">{msg('timeToResolve', lang)}</span><span className="life-value">{resolve.value}<small>{resolve.unit}</small></span></div>
        {lifecycle === null ? <div className="life-note">{msg('lifecycleUnavailable', lang)}</div> : null}
      </div>
    </PanelFrame>
  );
}
