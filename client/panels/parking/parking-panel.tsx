/**
 * Parking of the watched node: free spaces and occupancy now, each lot's free / total spaces (as
 * many lots as fit, the rest on pages that turn), and occupancy over the last 24 hours; above the
 * community, occupancy today against yesterday from the roll-up history.
 */
import { useMemo, useRef } from 'react';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { fieldUnit } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { formatHourMinute } from '../../i18n/time-format.ts';
import { useAboveCommunity, useLiveData, useLiveState, useNodeName } from '../../app/live-context.ts';
import { queryNode } from '../../api/node-query.ts';
import { useLiveCurveChart } from '../../charts/use-live-curve-chart.ts';
import { summaryValue } from '../../live/summary-values.ts';
import { usePageRotation } from '../../layout/use-page-rotation.ts';
import { useRowsThatFit } from '../../layout/use-rows-that-fit.ts';
import { Metric, formatNumber } from '../../ui/metric.tsx';
import { PanelFrame } from '../../ui/panel-frame.tsx';
import { pageCount, pageOf } from '../../layout/pages.ts';
import { OccupancyChart, type OccupancyChartLabels } from './occupancy-chart.ts';
import { lotsNow, occupancyPercent } from './lot-occupancy.ts';
import { usePolled } from '../../live/use-polled.ts';
import { useNodeDaysChart } from '../../charts/use-node-days-chart.ts';
import { daysOf, ratioCurve, type NodeDays } from '../../charts/node-days.ts';
import type { DayCompareLabels } from '../../charts/day-compare-chart.ts';
import { CommunityHint } from '../community-hint/community-hint.tsx';
import { worstLevel } from '../../../streams/families/thresholds.ts';
import type { ThresholdLevel } from '../../../streams/families/family-descriptor.ts';

export interface ParkingPanelProps {
  /** How often the 24-hour history is read again, ms. Default 10 minutes. */
  refreshMs?: number;
  /** Time a page of lots stays, ms. Default 8 s. */
  pageMs?: number;
}

/** Bar class of each threshold level (cockpit.css `.bar-ok`, `.bar-warn`, `.bar-bad`). */
const BAR_CLASS: Readonly<Record<ThresholdLevel, string>> = { ok: 'ok', warn: 'warn', alarm: 'bad' };

/** Height of one lot row, rem (matches `.lot-row` in cockpit.css). */
const LOT_ROW_REM = 2.3;

function chartLabels(lang: Lang): OccupancyChartLabels {
  return {
    seriesName: msg('occupancy', lang), yName: `${msg('occupancy', lang)} (%)`,
    formatAxisTime: (ms) => formatHourMinute(ms, lang), formatValue: (v) => formatNumber(v, 0, lang),
  };
}

function dayLabels(lang: Lang): DayCompareLabels {
  return {
    today: msg('today', lang), yesterday: msg('yesterday', lang), yName: `${msg('occupancy', lang)} (%)`, unit: '%',
    formatAxisTime: (ms) => formatHourMinute(ms, lang), formatValue: (v) => formatNumber(v, 0, lang),
  };
}

const OCCUPANCY_KEYS = ['parking.occupied', 'parking.capacity'] as const;

/** Occupancy (%) per bucket: the area's occupied spaces over its capacity. */
function occupancyDays(d: NodeDays) {
  const occ = daysOf(d, 'parking.occupied');
  const cap = daysOf(d, 'parking.capacity');
  return { today: ratioCurve(occ.today, cap.today, 100), yesterday: ratioCurve(occ.yesterday, cap.yesterday, 100) };
}

export function ParkingPanel({ refreshMs = 600_000, pageMs = 8000 }: ParkingPanelProps) {
  const lang = useLang();
  const data = useLiveData();
  const node = useLiveState((s) => s.node);
  const epoch = useLiveState((s) => s.epoch);
  const hierarchy = useLiveState((s) => s.hierarchy);
  const aboveCommunity = useAboveCommunity();
  const hostRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const labels = useMemo(() => chartLabels(lang), [lang]);
  // Sampled every 10 s: the curve spans a day, a point a second would only cost memory.
  const chartRef = useLiveCurveChart(hostRef, (el) => new OccupancyChart(el, labels), labels, (summary) => {
    const occ = summary.values['parking.occupied'];
    const cap = summary.values['parking.capacity'];
    return occ && cap && cap.value > 0 ? (occ.value / cap.value) * 100 : undefined;
  }, { ring: { maxRows: 2048, windowMs: 3_600_000, initialRows: 128 }, minStepMs: 10_000 });

  const nodeId = node?.id;
  const hasHierarchy = hierarchy.length > 0;
  const daysHostRef = useRef<HTMLDivElement>(null);
  const daysLabels = useMemo(() => dayLabels(lang), [lang]);
  const daysStatus = useNodeDaysChart(daysHostRef, {
    enabled: aboveCommunity, nodeId, keys: OCCUPANCY_KEYS, pick: occupancyDays, labels: daysLabels, look: { min: 0, max: 100 }, name: 'parking',
  });
  usePolled(Boolean(node) && !aboveCommunity, [nodeId, epoch, hasHierarchy, refreshMs], async (signal) => {
    const common = { measurement: 'parking', from: 'now-24h', window: '10m', agg: 'mean' as const, maxPoints: 200 };
    const [occ, cap] = await Promise.all([
      queryNode(node!, hierarchy, { ...common, field: 'occupied' }, signal),
      queryNode(node!, hierarchy, { ...common, field: 'capacity' }, signal),
    ]);
    if (signal.aborted) return;
    chartRef.current?.setHistory(occupancyPercent(occ.series, cap.series, occ.windowMs || 600_000), occ.to);
  }, { name: 'parking', refreshMs, retryMs: 10_000 });

  const occupied = summaryValue(data, 'parking', 'occupied');
  const capacity = summaryValue(data, 'parking', 'capacity');
  const free = Math.max(0, capacity - occupied);
  const ratio = capacity > 0 ? occupied / capacity : NaN;
  const lots = lotsNow(data);
  const perPage = useRowsThatFit(listRef, LOT_ROW_REM);
  const pages = pageCount(lots.length, perPage);
  const page = usePageRotation(pages, pageMs);
  const shown = pageOf(lots, page, perPage);
  const spaces = fieldUnit('parking', 'capacity', lang);
  const placeName = useNodeName(lang);
  const now = Date.now();
  return (
    <PanelFrame id="parking" testId="card-parking" title={msg('parkingTitle', lang)} note={pages > 1 ? `${page + 1} / ${pages}` : undefined}>
      <div className="metric-row">
        <Metric id="parking.free" label={msg('freeSpaces', lang)} value={free} unit={spaces} digits={0} lang={lang} size="hero" />
        <Metric id="parking.occupancy" label={msg('occupancy', lang)} value={ratio * 100} unit="%" digits={0} lang={lang} size="hero" />
        <Metric id="parking.capacity" label={msg('totalSpaces', lang)} value={capacity} unit={spaces} digits={0} lang={lang} />
      </div>
      <div className="parking-split">
        <ol className="lot-list" ref={listRef} data-testid="lot-list">
          {aboveCommunity ? <li className="lot-hint"><CommunityHint message="lotsNeedCommunity" /></li> : null}
          {shown.map((l) => {
            // The parking family's occupancy thresholds, the ones the twin's lot labels are coloured by.
            const level = BAR_CLASS[worstLevel('parking', (f) => (f === 'occupied' ? l.capacity - l.free : f === 'capacity' ? l.capacity : NaN), now) ?? 'ok'];
            return (
              <li key={`${l.neighbourhood}/${l.lot}`} className="lot-row" data-testid="lot-row" data-lot={l.lot}>
                <span className="lot-name">{placeName(l.neighbourhood)} · {l.lot}</span>
                <span className="lot-free" data-testid="lot-free">
                  {msg('freeOfTotal', lang, { free: formatNumber(l.free, 0, lang), total: formatNumber(l.capacity, 0, lang) })} {spaces}
                </span>
                <span className={`bar bar-${level}`} aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${Number.isFinite(l.ratio) ? Math.min(100, l.ratio * 100) : 0}%` }} />
                </span>
              </li>
            );
          })}
        </ol>
        {aboveCommunity ? (
          <div className="chart-wrap">
            <div className="chart-host" ref={daysHostRef} data-testid="parking-days-chart" data-status={daysStatus} />
            {daysStatus === 'none' || daysStatus === 'failed' ? <div className="chart-overlay">{msg(daysStatus === 'none' ? 'noHistoryYet' : 'loadFailed', lang)}</div> : null}
            <div className="chart-caption">{msg('occupancyTodayVsYesterday', lang)}</div>
          </div>
        ) : null}
        {/* The community's chart lives as long as the panel; above the community it is only hidden. */}
        <div className="chart-wrap" hidden={aboveCommunity} style={aboveCommunity ? { display: 'none' } : undefined}>
          <div className="chart-host" ref={hostRef} data-testid="parking-chart" />
          <div className="chart-caption">{msg('last24hOccupancy', lang)}</div>
        </div>
      </div>
    </PanelFrame>
  );
}
