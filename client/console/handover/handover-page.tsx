/**
 * The printable handover report (`console.html?view=handover&node=&from=&to=`): the summary and
 * every alert of the shift with its actions in the range, from `GET /api/alerts/handover`.
 * `@media print` in console.css drops the controls and prints black on white.
 */
import { useEffect, useState } from 'react';
import { ALERT_STATE_LABELS, type AlertHistoryEntry, type AlertRecord } from '../../../streams/alert-lifecycle.ts';
import { getJson } from '../../api/api-client.ts';
import { setLang, useLang } from '../../i18n/i18n-store.ts';
import { severityLabel } from '../../i18n/labels.ts';
import { formatDate, formatTime } from '../../i18n/time-format.ts';
import { alertTypeText } from '../alert-list/alert-words.ts';
import { t, type ConsoleMessage } from '../console-messages.ts';
import { handoverUrl } from '../live/alerts-api.ts';
import { formatDuration } from '../model/sla-clock.ts';
import type { PlanLoop } from '../../../streams/plans.ts';
import { PlanLoopList } from '../plan/plan-loop.tsx';

interface HandoverReport {
  node: string | null;
  from: number;
  to: number;
  generatedAt: number;
  summary: Record<'raised' | 'acknowledged' | 'resolved' | 'closed' | 'escalated' | 'stillOpen', number> & { drills?: number };
  alerts: (AlertRecord & { actions: AlertHistoryEntry[]; plan?: PlanLoop })[];
}

const SUMMARY_KEYS = ['raised', 'acknowledged', 'resolved', 'closed', 'escalated', 'stillOpen'] as const;

export function HandoverPage({ node, from, to }: { node: string; from: number; to: number }) {
  const lang = useLang();
  const [report, setReport] = useState<HandoverReport | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const ac = new AbortController();
    getJson<HandoverReport>(handoverUrl(node, from, to, 'json'), ac.signal).then(setReport, (e) => { if (!ac.signal.aborted) setError((e as Error).message); });
    return () => ac.abort();
  }, [node, from, to]);
  const when = (ms: number) => `${formatDate(ms, lang)} ${formatTime(ms, lang)}`;
  return (
    <main className="handover-page" data-testid="handover-page" data-status={report ? 'ok' : error ? 'error' : 'loading'}>
      <div className="no-print action-buttons">
        <button type="button" onClick={() => window.print()}>{t('print', lang)}</button>
        <button type="button" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{lang === 'zh' ? 'EN' : '中文'}</button>
      </div>
      <h1>{t('handoverTitle', lang)}</h1>
      <p>{node} · {when(from)} — {when(to)} (UTC+8)</p>
      {error && <p className="bad">{error}</p>}
      {report && (
        <>
          <table className="handover-summary" data-testid="handover-summary">
            <tbody><tr>{SUMMARY_KEYS.map((k) => <th key={k}>{t(`sum_${k}` as ConsoleMessage, lang)}</th>)}</tr>
              <tr>{SUMMARY_KEYS.map((k) => <td key={k} data-testid={`sum-${k}`}>{report.summary[k]}</td>)}</tr></tbody>
          </table>
          <table className="handover-alerts" data-testid="handover-alerts">
            <thead><tr>
              <th>{t('colId', lang)}</th><th>{t('raisedAt', lang)}</th><th>{t('colType', lang)}</th><th>{t('colSeverity', lang)}</th>
              <th>{t('location', lang)}</th><th>{t('colState', lang)}</th><th>{t('colAckS', lang)}</th><th>{t('colResolveS', lang)}</th><th>{t('colActions', lang)}</th>
            </tr></thead>
            <tbody>
              {report.alerts.map((a) => (
                <tr key={a.id} data-testid="handover-row">
                  <td>{a.id}{a.drill && <> <span className="drill-badge" data-testid="handover-drill">{t('drillBadge', lang)}</span></>}</td><td>{when(a.raisedAt)}</td><td>{alertTypeText(a.type, lang)}</td><td>{severityLabel(a.severity, lang)}</td>
                  <td>{a.location || a.device}</td><td>{ALERT_STATE_LABELS[a.state][lang]}</td>
                  <td>{a.ackSeconds === null ? '—' : formatDuration(a.ackSeconds * 1000, lang)}</td>
                  <td>{a.resolveSeconds === null ? '—' : formatDuration(a.resolveSeconds * 1000, lang)}</td>
                  <td><ul>{a.actions.map((h) => <li key={h.seq}>{formatTime(h.at, lang)} {h.action} · {h.operator}{h.comment ? ` · ${h.comment}` : ''}</li>)}</ul>
                    {a.plan && <PlanLoopList loop={a.plan} lang={lang} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('generatedAt', lang)}: {when(report.generatedAt)}</p>
        </>
      )}
    </main>
  );
}
