/**
 * Pipe networks of the watched node: sensors by status per network and in all, the distribution
 * of current pressures with its mean (water supply and gas apart: hundreds of kPa against a few),
 * and the sensors reporting a leak now.
 */
import { useEffect, useMemo, useRef } from 'react';
import { PIPE_NETWORKS, PIPE_STATUSES } from '../../../streams/families/index.ts';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { pipeStatusLabel } from '../../i18n/labels.ts';
import { msg, networkLabel } from '../../i18n/messages.ts';
import { formatHourMinute } from '../../i18n/time-format.ts';
import { useAboveCommunity, useLiveData, useLiveState, useNodeName } from '../../app/live-context.ts';
import { summarySeries, summaryValue } from '../../live/summary-values.ts';
import { CHART_COLORS } from '../../charts/chart-host.ts';
import { Metric, formatNumber } from '../../ui/metric.tsx';
import { PanelFrame } from '../../ui/panel-frame.tsx';
import { pipeHealth, totalByStatus } from './pipe-health.ts';
import { histogram } from './pressure-histogram.ts';
import { PressureChart, type PressureChartLabels } from './pressure-chart.ts';
import { CommunityHint } from '../community-hint/community-hint.tsx';
import { useNodeDaysChart } from '../../charts/use-node-days-chart.ts';
import { daysOf, type NodeDays } from '../../charts/node-days.ts';
import type { DayCompareLabels } from '../../charts/day-compare-chart.ts';

function labels(lang: Lang, digits: number): PressureChartLabels {
  return {
    xName: `${msg('pressure', lang)} (kPa)`, yName: `${msg('sensors', lang)} (${msg('sensorUnit', lang)})`,
    formatEdge: (v) => formatNumber(v, digits, lang),
  };
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Histogram of one network's pressures, one chart instance for the panel's life. */
function PressureHistogram({ network, values, digits, color }: { network: string; values: readonly number[]; digits: number; color: string }) {
  const lang = useLang();
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<PressureChart | null>(null);
  useEffect(() => {
    const chart = new PressureChart(hostRef.current!, labels(lang, digits), color);
    chartRef.current = chart;
    return () => {
      chart.dispose();
      chartRef.current = null;
    };
  }, [color, digits]);
  useEffect(() => {
    chartRef.current?.setLabels(labels(lang, digits));
  }, [lang, digits]);
  useEffect(() => {
    chartRef.current?.setHistogram(histogram(values, 5));
  });
  return (
    <figure className="pressure-hist" data-testid={`pressure-${network}`} data-sensors={values.length}>
      <figcaption>
        {networkLabel(network, lang)}{msg('meanPressure', lang)}{' '}
        <b data-testid={`value-pipe.${network}_pressure`}>{formatNumber(mean(values), digits, lang)}</b> kPa
      </figcaption>
      <div className="chart-wrap">
        <div className="chart-host" ref={hostRef} />
        {values.length === 0 ? <div className="chart-overlay">{msg('noSensors', lang)}</div> : null}
      </div>
    </figure>
  );
}

const DRAINAGE_KEYS = ['pipe.level_m'] as const;
const drainageDays = (d: NodeDays) => daysOf(d, 'pipe.level_m');

function drainageLabels(lang: Lang): DayCompareLabels {
  return {
    today: msg('today', lang), yesterday: msg('yesterday', lang), yName: `${msg('maxDrainageLevel', lang)} (m)`, unit: 'm',
    formatAxisTime: (ms) => formatHourMinute(ms, lang), formatValue: (v) => formatNumber(v, 2, lang),
  };
}

/**
 * A city, district or street has no per-sensor statuses: the sensors reporting under it (pressure
 * sensors of water and gas, level sensors of drainage) and the highest drainage level, from its
 * summary, with that level's curve today against yesterday from the roll-up history.
 */
function AreaPipes() {
  const lang = useLang();
  const data = useLiveData();
  const nodeId = useLiveState((s) => s.node)?.id;
  const hostRef = useRef<HTMLDivElement>(null);
  const dayLabels = useMemo(() => drainageLabels(lang), [lang]);
  const status = useNodeDaysChart(hostRef, { enabled: true, nodeId, keys: DRAINAGE_KEYS, pick: drainageDays, labels: dayLabels, look: { color: CHART_COLORS.info }, name: 'pipes' });
  const sensors = summarySeries(data, 'pipe', 'pressure_kpa') + summarySeries(data, 'pipe', 'level_m');
  return (
    <PanelFrame id="pipes" testId="card-pipe" title={msg('pipesTitle', lang)} note={msg('areaTotals', lang)}>
      <div className="metric-row">
        <Metric id="pipe.sensors" label={msg('sensors', lang)} value={sensors} unit={msg('sensorUnit', lang)} digits={0} lang={lang} size="hero" />
        <Metric id="pipe.level_m" label={msg('maxDrainageLevel', lang)} value={summaryValue(data, 'pipe', 'level_m')} unit="m" digits={2} lang={lang} size="hero" />
      </div>
      <div className="chart-wrap">
        <div className="chart-host" ref={hostRef} data-testid="pipes-days-chart" data-status={status} />
        {status === 'none' || status === 'failed' ? <div className="chart-overlay">{msg(status === 'none' ? 'noHistoryYet' : 'loadFailed', lang)}</div> : null}
        <div className="chart-caption">{msg('drainageTodayVsYesterday', lang)}</div>
      </div>
      <CommunityHint message="pipesNeedCommunity" />
    </PanelFrame>
  );
}

export function PipesPanel() {
  return useAboveCommunity() ? <AreaPipes /> : <CommunityPipes />;
}

function CommunityPipes() {
  const lang = useLang();
  const data = useLiveData();
  const hierarchy = useLiveState((s) => s.hierarchy);
  const health = pipeHealth(data);
  const total = totalByStatus(health);
  const placeName = useNodeName(lang);
  const leaks = health.leaks.slice(0, 3);
  return (
    <PanelFrame id="pipes" testId="card-pipe" title={msg('pipesTitle', lang)} note={msg('sensorCount', lang, { n: health.sensors })}>
      <table className="network-table" data-testid="network-table">
        <thead>
          <tr>
            <th>{msg('network', lang)}</th>
            {PIPE_STATUSES.map((s) => <th key={s}>{pipeStatusLabel(s, lang)}</th>)}
          </tr>
        </thead>
        <tbody>
          {PIPE_NETWORKS.map((n) => (
            <tr key={n} data-testid={`network-${n}`}>
              <th>{networkLabel(n, lang)}</th>
              {PIPE_STATUSES.map((s) => <td key={s} className={health.counts[n][s] > 0 && s !== 'normal' ? `cell-${s}` : undefined}>{health.counts[n][s]}</td>)}
            </tr>
          ))}
          <tr>
            <th>{msg('total', lang)}</th>
            {PIPE_STATUSES.map((s) => (
              <td key={s} className={total[s] > 0 && s !== 'normal' ? `cell-${s}` : undefined} data-testid={`pipe-status-${s}`}>{formatNumber(total[s], 0, lang)}</td>
            ))}
          </tr>
        </tbody>
      </table>
      <div className="pressure-pair">
        <PressureHistogram network="water_supply" values={health.pressures.water_supply} digits={0} color={CHART_COLORS.accent} />
        <PressureHistogram network="gas" values={health.pressures.gas} digits={2} color={CHART_COLORS.warn} />
      </div>
      <div className={`leak-line${health.leaks.length ? ' leak-active' : ''}`} data-testid="pipe-leaks" data-count={health.leaks.length}>
        <span className="leak-title">{msg('leaksNow', lang)} {health.leaks.length}</span>
        {leaks.map((l) => (
          <span key={`${l.network}/${l.sensor}`} className="leak-item">
            {networkLabel(l.network, lang)} · {placeName(l.neighbourhood)} · {l.sensor} · {formatHourMinute(l.since, lang)}
          </span>
        ))}
        {health.leaks.length > leaks.length ? <span className="leak-item">+{health.leaks.length - leaks.length}</span> : null}
        {health.leaks.length === 0 ? <span className="leak-item muted">{msg('noLeaks', lang)}</span> : null}
      </div>
    </PanelFrame>
  );
}
