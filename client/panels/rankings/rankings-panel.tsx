/**
 * Above the community level, in place of the item table: the node's children ranked by a figure
 * of `/api/compare` (binding-gate ratio, basic ratio, open alerts by severity, median time to
 * acknowledge, energy intensity), each row with its value, unit and bar; a second view lists the
 * communities failing the binding gate with their open items; below, compliance over the last 30
 * days. A click on a row drills to that child. Re-read every 5 s while shown; as many rows as fit,
 * the pages turning on a timer (a wall does not scroll).
 */
import { useEffect, useRef, useState } from 'react';
import { SEVERITIES } from '../../../streams/alerts.ts';
import type { CompareAnswer, CompareRow, ComplianceHistoryAnswer } from '../../../streams/compare.ts';
import { getJson } from '../../api/api-client.ts';
import { navigateTo } from '../../app/navigation.ts';
import { useLiveState } from '../../app/live-context.ts';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { levelLabel, severityLabel } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { pageCount, pageOf } from '../../layout/pages.ts';
import { usePageRotation } from '../../layout/use-page-rotation.ts';
import { useRowsThatFit } from '../../layout/use-rows-that-fit.ts';
import { usePolled } from '../../live/use-polled.ts';
import { formatNumber } from '../../ui/metric.tsx';
import { PanelFrame } from '../../ui/panel-frame.tsx';
import { ComplianceChart, type ComplianceChartLabels } from './compliance-chart.ts';
import { METRIC_KEYS, METRICS, metricLabel, rankRows, type RankingMetric } from './ranking-metrics.ts';

export interface RankingsPanelProps {
  /** How often the rankings are read again, ms. Default 5 s. */
  refreshMs?: number;
  /** How often compliance over time is read again, ms. Default 5 min. */
  historyRefreshMs?: number;
  /** Time a page stays, ms. Default 12 s. */
  pageMs?: number;
}

type View = RankingMetric | 'failing';

/** Height of one row including its gap, rem (matches `.ranking-row` in cockpit.css). */
const ROW_REM = 2.1;

function chartLabels(lang: Lang): ComplianceChartLabels {
  return { gate: msg('gateShare', lang), basic: msg('basicShare', lang), yName: msg('ratioAxis', lang) };
}

export function RankingsPanel({ refreshMs = 5000, historyRefreshMs = 300_000, pageMs = 12_000 }: RankingsPanelProps) {
  const lang = useLang();
  const node = useLiveState((s) => s.node);
  const [view, setView] = useState<View>('gateRatio');
  const [answer, setAnswer] = useState<CompareAnswer | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const nodeId = node?.id;

  usePolled(nodeId !== undefined, [nodeId, refreshMs], async (signal) => {
    const a = await getJson<CompareAnswer>(`/api/compare?node=${encodeURIComponent(nodeId!)}`, signal);
    if (signal.aborted) return;
    setAnswer(a);
    setFailed(false);
  }, { name: 'rankings', refreshMs, onError: () => setFailed(true) });

  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ComplianceChart | null>(null);
  useEffect(() => {
    const chart = new ComplianceChart(hostRef.current!, chartLabels(lang));
    chartRef.current = chart;
    return () => {
      chart.dispose();
      chartRef.current = null;
    };
    // The chart lives as long as the panel; the language is applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => { chartRef.current?.setLabels(chartLabels(lang)); }, [lang]);
  usePolled(nodeId !== undefined, [nodeId, historyRefreshMs], async (signal) => {
    const h = await getJson<ComplianceHistoryAnswer>(`/api/indicators/compliance-history?node=${encodeURIComponent(nodeId!)}&days=30`, signal);
    if (!signal.aborted) chartRef.current?.setHistory(h);
  }, { name: 'compliance history', refreshMs: historyRefreshMs, retryMs: 10_000 });

  const boxRef = useRef<HTMLDivElement>(null);
  const perPage = useRowsThatFit(boxRef, ROW_REM);
  const current = answer && answer.node.id === nodeId ? answer : undefined;
  const count = view === 'failing' ? current?.failing.communities.length ?? 0 : current?.children.length ?? 0;
  const pages = pageCount(count, perPage);
  const page = usePageRotation(pages, pageMs);
  const childLevel = current?.children[0]?.level;
  const note = current && childLevel
    ? msg('rankingsOf', lang, { level: levelLabel(childLevel, lang), n: current.children.length })
    : undefined;

  return (
    <PanelFrame id="rankings" title={msg('rankingsTitle', lang)} note={note}>
      <div className="ranking-tabs" role="tablist" aria-label={msg('rankingMetric', lang)}>
        {[...METRIC_KEYS, 'failing' as const].map((k) => (
          <button key={k} type="button" role="tab" aria-selected={view === k} data-testid={`ranking-tab-${k}`}
            className={view === k ? 'ranking-tab active' : 'ranking-tab'} onClick={() => setView(k)}>
            {k === 'failing' ? msg('rankingFailing', lang) : metricLabel(k, lang)}
          </button>
        ))}
      </div>
      <div className="ranking-box" ref={boxRef} data-testid="ranking-box" data-page={page + 1} data-pages={pages}>
        {!current ? (
          <div className="empty">{failed ? msg('loadFailed', lang) : msg('loading', lang)}</div>
        ) : view === 'failing' ? (
          <FailingList answer={current} page={page} perPage={perPage} lang={lang} />
        ) : (
          <RankedList rows={current.children} metric={view} page={page} perPage={perPage} lang={lang} />
        )}
      </div>
      <div className="ranking-history">
        <span className="ranking-history-title">{msg('complianceOverTime', lang)}</span>
        <div className="chart-host" ref={hostRef} data-testid="compliance-chart" />
      </div>
    </PanelFrame>
  );
}

function RankedList({ rows, metric, page, perPage, lang }: { rows: readonly CompareRow[]; metric: RankingMetric; page: number; perPage: number; lang: Lang }) {
  const def = METRICS[metric];
  const unit = def.unit[lang];
  const ranked = rankRows(rows, metric);
  return (
    <ol className="ranking-list" data-testid="ranking-list" data-metric={metric}>
      {pageOf(ranked, page, perPage).map(({ row, rank, value, share }) => (
        <li key={row.id}>
          <button type="button" className="ranking-row" data-testid="ranking-row" data-node={row.id} data-value={value ?? ''}
            title={msg('drillTo', lang, { name: row.name[lang] })} onClick={() => navigateTo(row.id)}>
            <span className="ranking-rank">{rank ?? '–'}</span>
            <span className="ranking-name">{row.name[lang]}</span>
            <span className="ranking-bar" aria-hidden="true">
              {metric === 'openAlerts' ? <SeverityBar row={row} share={share} lang={lang} /> : <span className="ranking-fill" style={{ width: `${share * 100}%` }} />}
            </span>
            <span className="ranking-value" data-testid="ranking-value">
              {value === null ? <span className="muted">{msg('noFigure', lang)}</span> : <>{formatNumber(def.shown(value), def.digits, lang)}<small>{unit}</small></>}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

/** The open alerts' bar, one segment per severity, most serious first. */
function SeverityBar({ row, share, lang }: { row: CompareRow; share: number; lang: Lang }) {
  const open = row.alerts.open;
  return (
    <span className="ranking-fill ranking-stack" style={{ width: `${share * 100}%` }}>
      {[...SEVERITIES].reverse().map((s) => {
        const n = row.alerts.bySeverity[s] ?? 0;
        return n > 0 && open > 0 ? <span key={s} className={`seg-sev sev-${s}`} style={{ flexGrow: n }} title={`${severityLabel(s, lang)} ${n}`} /> : null;
      })}
    </span>
  );
}

function FailingList({ answer, page, perPage, lang }: { answer: CompareAnswer; page: number; perPage: number; lang: Lang }) {
  const { communities, total, unassessed, itemNames } = answer.failing;
  const under = new Map(answer.children.map((c) => [c.id, c.name[lang]]));
  // One row of the box is the count line.
  const rows = Math.max(1, perPage - 1);
  return (
    <div className="failing-view" data-testid="failing-list">
      <div className="failing-count" data-testid="failing-count">
        {total === 0 ? msg('noneFailing', lang) : msg('failingCount', lang, { total, shown: communities.length, unassessed })}
      </div>
      <ol className="ranking-list">
        {pageOf(communities, page, rows).map((c) => (
          <li key={c.id}>
            <button type="button" className="ranking-row failing-row" data-testid="failing-row" data-node={c.id} onClick={() => navigateTo(c.id)}
              title={`${msg('failingItems', lang)}: ${c.items.map((i) => `${i} ${itemNames[i]?.[lang] ?? ''}`).join('；')}`}>
              <span className="ranking-name">{c.name[lang]}{c.under !== c.id ? <small className="muted"> · {under.get(c.under) ?? c.under}</small> : null}</span>
              <span className="failing-items">
                {c.items.slice(0, 8).map((i) => <span key={i} className="type-badge type-binding">{i}</span>)}
                {c.items.length > 8 ? <span className="muted">+{c.items.length - 8}</span> : null}
              </span>
              <span className="ranking-value">{formatNumber(c.items.length, 0, lang)}<small>{lang === 'zh' ? '项' : 'items'}</small></span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

