/**
 * Operator actions on one alert: those the alert's state allows (streams/alert-lifecycle.ts), each
 * sent with the revision the operator saw (`expectedRevision`). A 409 means someone acted first:
 * the server's account of who did what is shown and the alert is refreshed. Dispatch needs a
 * person or team, reopen a reason, a comment its text. Who acted is the signed-in user (the
 * server takes it from the session); a 403 shows the server's reason.
 */
import { useState } from 'react';
import { allowedActions, type AlertRecord, type OperatorAction } from '../../../streams/alert-lifecycle.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { t } from '../console-messages.ts';
import { act } from '../live/alerts-api.ts';

export interface AlertActionsProps {
  alert: AlertRecord;
  /** The new record after an action, or a refreshed one after a conflict. */
  onChanged: (a: AlertRecord) => void;
  /** Re-read the alert (after a conflict). */
  refresh: () => void;
}

type Outcome = { kind: 'done' | 'conflict' | 'error'; text: string } | null;

export function AlertActions({ alert, onChanged, refresh }: AlertActionsProps) {
  const lang = useLang();
  const [assignee, setAssignee] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const allowed = allowedActions(alert.state);

  const run = async (action: OperatorAction) => {
    if (action === 'dispatch' && !assignee.trim()) { setOutcome({ kind: 'error', text: t('assigneeRequired', lang) }); return; }
    if (action === 'reopen' && !comment.trim()) { setOutcome({ kind: 'error', text: t('reasonRequired', lang) }); return; }
    if (action === 'comment' && !comment.trim()) { setOutcome({ kind: 'error', text: t('commentRequired', lang) }); return; }
    setBusy(true);
    const res = await act(alert.id, action, {
      ...(action === 'comment' ? {} : { expectedRevision: alert.revision }),
      ...(comment.trim() ? { comment } : {}),
      ...(action === 'dispatch' ? { assignee: assignee.trim() } : {}),
    });
    setBusy(false);
    if (res.ok) {
      setOutcome({ kind: 'done', text: t('done', lang, { a: t(`act_${action}`, lang) }) });
      setComment('');
      if (action === 'dispatch') setAssignee('');
      onChanged(res.alert);
    } else if (res.conflict) {
      setOutcome({ kind: 'conflict', text: `${t('conflict', lang)} ${res.error}` });
      refresh();
    } else {
      setOutcome({ kind: 'error', text: `${t('actionFailed', lang)} ${res.error}` });
    }
  };

  return (
    <div className="actions" data-testid="actions">
      <h3>{t('actions', lang)}</h3>
      <div className="action-fields">
        {allowed.includes('dispatch') && (
          <label>{t('assignee', lang)}
            <input data-testid="assignee-input" value={assignee} maxLength={100} onChange={(e) => setAssignee(e.target.value)} />
          </label>
        )}
        <label>{alert.state === 'resolved' || alert.state === 'closed' ? `${t('commentLabel', lang)} / ${t('reason', lang)}` : t('commentLabel', lang)}
          <textarea data-testid="comment-input" value={comment} maxLength={2000} rows={2} onChange={(e) => setComment(e.target.value)} />
        </label>
      </div>
      <div className="action-buttons">
        {allowed.map((a) => (
          <button key={a} type="button" className={`act act-${a}`} data-testid={`act-${a}`} disabled={busy} onClick={() => void run(a)}>
            {t(`act_${a}`, lang)}
          </button>
        ))}
      </div>
      {outcome && <p className={`outcome outcome-${outcome.kind}`} data-testid="action-outcome" data-kind={outcome.kind} role="status">{outcome.text}</p>}
    </div>
  );
}
