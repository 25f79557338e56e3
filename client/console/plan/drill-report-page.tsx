/**
 * The printable drill report (`console.html?view=drill&id=`): the plan, where and by whom the
 * drill was started, and each step's time against its target, from `GET /api/drills/:id/report`.
 * `@media print` in console.css drops the controls and prints black on white.
 */
import { useEffect, useState } from 'react';
import type { DrillReport } from '../../../streams/plans.ts';
import { ROLE_LABELS } from '../../../streams/roles.ts';
import { setLang, useLang } from '../../i18n/i18n-store.ts';
import { formatDate, formatTime } from '../../i18n/time-format.ts';
import { formatDuration } from '../model/sla-clock.ts';
import { getDrillReport } from './plan-api.ts';
import { pt } from './plan-messages.ts';

export function DrillReportPage({ id }: { id: number }) {
  const lang = useLang();
  const [report, setReport] = useState<DrillReport | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const ac = new AbortController();
    getDrillReport(id, ac.signal).then(setReport, (e) => { if (!ac.signal.aborted) setError((e as Error).message); });
    return () => ac.abort();
  }, [id]);
  const when = (ms: number) => `${formatDate(ms, lang)} ${formatTime(ms, lang)}`;
  const d = (s: number) => formatDuration(s * 1000, lang);
  return (
    <main className="handover-page drill-report" data-testid="drill-report" data-status={report ? 'ok' : error ? 'error' : 'loading'}>
      <div className="no-print action-buttons">
        <button type="button" onClick={() => window.print()}>{pt('print', lang)}</button>
        <button type="button" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{lang === 'zh' ? 'EN' : '中文'}</button>
      </div>
      <h1>{pt('reportTitle', lang)}</h1>
      {error && <p className="bad">{error}</p>}
      {report && (
        <>
          <p>
            <b data-testid="drill-plan">{report.drill.name[lang]}</b> · {report.drill.node} · #{report.drill.alertId}
            {' · '}{pt('startedBy', lang)} {report.drill.startedBy} · {when(report.drill.startedAt)} (UTC+8)
          </p>
          <p data-testid="drill-summary">
            {pt('summary', lang, { ...report.summary, totalSeconds: '' })}
            {' · '}{report.summary.totalSeconds === null ? pt('unfinished', lang) : pt('total', lang, { d: d(report.summary.totalSeconds) })}
          </p>
          <table className="handover-alerts" data-testid="drill-steps">
            <thead><tr>
              <th>{pt('colStep', lang)}</th><th>{pt('colRole', lang)}</th><th>{pt('colTarget', lang)}</th><th>{pt('colTook', lang)}</th>
              <th>{pt('colBy', lang)}</th><th>{pt('colItems', lang)}</th><th>{pt('colVerdict', lang)}</th>
            </tr></thead>
            <tbody>
              {report.steps.map((s, i) => (
                <tr key={s.id} data-testid="drill-step" data-step={s.id} data-met={String(s.met)}>
                  <td>{i + 1}. {s.title[lang]}</td><td>{ROLE_LABELS[s.role][lang]}</td><td>{d(s.targetSeconds)}</td>
                  <td>{s.seconds === null ? '—' : d(s.seconds)}</td><td>{s.doneBy ?? '—'}</td><td>{s.itemsDone}/{s.items}</td>
                  <td className={s.met === false ? 'bad' : ''}>{s.met === true ? pt('met', lang) : s.met === false ? pt('missed', lang) : pt('pending', lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{pt('generatedAt', lang)}: {when(report.generatedAt)}</p>
        </>
      )}
    </main>
  );
}
