/**
 * The selected alert's emergency plan: its steps in order, each with the role it falls to, the
 * checklist to tick, the time target counting down (overdue in red once passed), the people to
 * call (tel: links), and "step done" once every item is ticked. Read from
 * `GET /api/alerts/:id/plan` whenever the alert's record changes (a tick anywhere is a `plan`
 * entry on the alert, which reaches every console watching its node as a live update). A drill's
 * plan says so, links its printable report and can be finished.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { PlanRun, PlanStepState } from '../../../streams/plans.ts';
import { ROLE_LABELS } from '../../../streams/roles.ts';
import { ApiError } from '../../api/api-client.ts';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { formatTime } from '../../i18n/time-format.ts';
import { clockStore } from '../live/clock-store.ts';
import { formatDuration } from '../model/sla-clock.ts';
import { completeStep, drillReportUrl, finishDrill, getPlan, tickItem } from './plan-api.ts';
import { pt } from './plan-messages.ts';

type Load = { status: 'loading' } | { status: 'none' } | { status: 'error'; error: string } | { status: 'ok'; run: PlanRun };

export function PlanCard({ alert }: { alert: AlertRecord }) {
  const lang = useLang();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [reads, setReads] = useState(0);

  useEffect(() => {
    const ac = new AbortController();
    getPlan(alert.id, ac.signal).then((r) => setLoad({ status: 'ok', run: r.run }), (e) => {
      if (ac.signal.aborted) return;
      if (e instanceof ApiError && e.status === 404) setLoad({ status: 'none' });
      else setLoad({ status: 'error', error: (e as Error).message });
    });
    return () => ac.abort();
  }, [alert.id, alert.updatedAt, reads]);

  /** `shown`: the run as it will be, shown at once (a tick); the server's answer, or a re-read on failure, replaces it. */
  const act = (fn: () => Promise<{ run: PlanRun } | unknown>, shown?: PlanRun) => {
    setBusy(true);
    setError('');
    if (shown) setLoad({ status: 'ok', run: shown });
    fn().then((r) => {
      if (r && typeof r === 'object' && 'run' in r) setLoad({ status: 'ok', run: (r as { run: PlanRun }).run });
    }, (e) => {
      setError(e instanceof ApiError ? e.serverMessage : (e as Error).message);
      setReads((n) => n + 1);
    }).finally(() => setBusy(false));
  };

  if (load.status === 'none') return <div className="plan-card plan-none" data-testid="plan-card" data-status="none"><p className="muted">{pt('planNone', lang)}</p></div>;
  if (load.status === 'loading') return <div className="plan-card" data-testid="plan-card" data-status="loading" />;
  if (load.status === 'error') return <div className="plan-card" data-testid="plan-card" data-status="error"><p className="bad">{pt('planFailed', lang)}: {load.error}</p></div>;
  const run = load.run;

  return (
    <div className={`plan-card${run.drill ? ' plan-drill' : ''}`} data-testid="plan-card" data-status="ok" data-run-id={run.id} data-drill={run.drill ? 'true' : 'false'}
      data-finished={run.finishedAt === null ? 'false' : 'true'}>
      <h3>
        {pt('plan', lang)} · <span data-testid="plan-name">{run.name[lang]}</span>
        {run.drill && <span className="drill-badge" data-testid="plan-drill-badge">{pt('drill', lang)}</span>}
        <small className="muted"> {pt('started', lang, { t: formatTime(run.startedAt, lang) })}</small>
      </h3>
      {run.drill && (
        <p className="drill-note">
          {pt('drillNote', lang)} · <a href={drillReportUrl(run.id)} target="_blank" rel="noopener" data-testid="drill-report-link">{pt('report', lang)}</a>
          {run.finishedAt === null && <> · <button type="button" data-testid="drill-finish" disabled={busy} onClick={() => act(() => finishDrill(run.id))}>{pt('finishDrill', lang)}</button></>}
        </p>
      )}
      {run.finishedAt !== null && <p className="plan-complete" data-testid="plan-complete">{pt('complete', lang)}</p>}
      {error && <p className="bad" data-testid="plan-error">{pt('failed', lang)} {error}</p>}
      <ol className="plan-steps">
        {run.steps.map((s, i) => (
          <PlanStep key={s.id} step={s} n={i + 1} run={run} lang={lang} busy={busy}
            onTick={(item, done) => act(() => tickItem(alert.id, s.id, item, done), ticked(run, s.id, item, done))}
            onDone={() => act(() => completeStep(alert.id, s.id))} />
        ))}
      </ol>
    </div>
  );
}

function ticked(run: PlanRun, step: string, item: number, done: boolean): PlanRun {
  return {
    ...run,
    steps: run.steps.map((s) => (s.id !== step ? s : { ...s, checklist: s.checklist.map((c, i) => (i === item ? { ...c, done } : c)) })),
  };
}

function PlanStep({ step: s, n, run, lang, busy, onTick, onDone }: {
  step: PlanStepState; n: number; run: PlanRun; lang: Lang; busy: boolean;
  onTick: (item: number, done: boolean) => void; onDone: () => void;
}) {
  const now = useStore(clockStore, (c) => c.now);
  const done = s.doneAt !== null;
  const late = done ? (s.seconds ?? 0) > s.targetSeconds : now > s.dueAt;
  const status = done ? (late ? 'late' : 'done') : late || s.overdue ? 'overdue' : 'running';
  const allTicked = s.checklist.every((c) => c.done);
  const closed = done || run.finishedAt !== null;
  return (
    <li className={`plan-step plan-${status}`} data-testid="plan-step" data-step={s.id} data-status={status}>
      <div className="plan-step-head">
        <b>{pt('stepOf', lang, { n })} {s.title[lang]}</b>
        <span className="plan-role" data-testid="plan-role">{ROLE_LABELS[s.role][lang]}</span>
        <span className="plan-target">{pt('target', lang, { d: formatDuration(s.targetSeconds * 1000, lang) })}</span>
        <span className="plan-clock" data-testid="plan-clock" data-status={status}>
          {done
            ? <>{pt('doneBy', lang, { who: s.doneBy ?? '', t: formatTime(s.doneAt!, lang), d: formatDuration((s.seconds ?? 0) * 1000, lang) })} · {late ? pt('missed', lang) : pt('met', lang)}</>
            : now <= s.dueAt
              ? pt('left', lang, { d: formatDuration(s.dueAt - now, lang) })
              : pt('overdue', lang, { d: formatDuration(now - s.dueAt, lang) })}
        </span>
      </div>
      <ul className="plan-checklist">
        {s.checklist.map((c, i) => (
          <li key={i}>
            <label>
              <input type="checkbox" data-testid="plan-item" checked={c.done} disabled={closed || busy} onChange={(e) => onTick(i, e.target.checked)} />
              {' '}{c.text[lang]}
            </label>
            {c.by && c.at !== null && <small className="muted" data-testid="plan-item-by"> · {pt('tickedBy', lang, { who: c.by, t: formatTime(c.at, lang) })}</small>}
          </li>
        ))}
      </ul>
      {s.contacts.length > 0 && (
        <p className="plan-contacts">
          {pt('contacts', lang)}: {s.contacts.map((c) => (
            <a key={`${c.phone}-${c.name.zh}`} className="plan-tel" data-testid="plan-tel" href={`tel:${c.phone.replace(/[ -]/g, '')}`}>☎ {c.name[lang]}{c.name[lang].includes(c.phone) ? '' : ` ${c.phone}`}</a>
          ))}
        </p>
      )}
      {!closed && (
        <button type="button" data-testid="plan-step-done" disabled={!allTicked || busy} title={allTicked ? '' : pt('tickAll', lang)} onClick={onDone}>
          {pt('markDone', lang)}
        </button>
      )}
    </li>
  );
}
