/**
 * Entry of one item's assessment: status, evidence note, links and attachments by reference, sent
 * with the revision the form started from. The body is checked with the server's own rules
 * (streams/indicators/assessment.ts) before it goes; a change someone else made meanwhile comes
 * back as 409, and the form then says who changed what and shows their version to work from.
 */
import { useContext, useState } from 'react';
import {
  ASSESSMENT_STATUSES, AssessmentInputError, parseAssessmentChange, STATUS_LABELS,
  type Assessment, type AssessmentStatus, type AttachmentRef,
} from '../../../streams/indicators/assessment.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { msg } from '../../i18n/messages.ts';
import { IndicatorStoreContext } from '../../indicators/indicator-context.ts';
import { saveAssessment, StaleAssessment } from '../../indicators/assessment-api.ts';
import { ew } from '../indicator-evidence/evidence-words.ts';
import { formatDateTime } from './history-changes.ts';

interface AttachmentRow { name: string; ref: string }
interface Draft { status: AssessmentStatus; note: string; links: string; attachments: AttachmentRow[] }
type Message = { kind: 'ok' | 'error' | 'stale'; text: string } | null;

const draftOf = (a: Assessment): Draft => ({
  status: a.status, note: a.evidence.note, links: a.evidence.links.join('\n'),
  attachments: a.evidence.attachments.map((r) => ({ name: r.name, ref: r.url ?? r.id ?? '' })),
});

/** A reference with a scheme is a URL (and must be http/https); anything else names a document by its id. */
const attachmentOf = (r: AttachmentRow): AttachmentRef => (/^[a-z][a-z0-9+.-]*:/i.test(r.ref.trim()) ? { name: r.name, url: r.ref.trim() } : { name: r.name, id: r.ref.trim() });

export function AssessmentForm({ current }: { current: Assessment }) {
  const lang = useLang();
  const indicators = useContext(IndicatorStoreContext);
  const [base, setBase] = useState(current);
  const [draft, setDraft] = useState(() => draftOf(current));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const startFrom = (a: Assessment) => {
    setBase(a);
    setDraft(draftOf(a));
  };

  const save = async () => {
    let change;
    try {
      change = parseAssessmentChange({
        status: draft.status, expectedRevision: base.revision,
        evidence: {
          note: draft.note,
          links: draft.links.split('\n').map((l) => l.trim()).filter(Boolean),
          attachments: draft.attachments.filter((r) => r.name.trim() || r.ref.trim()).map(attachmentOf),
        },
      });
    } catch (e) {
      if (!(e instanceof AssessmentInputError)) throw e;
      setMessage({ kind: 'error', text: ew('badInput', lang, { e: e.message.replace(/^indicators: /, '') }) });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const saved = await saveAssessment(current.community, current.item, change);
      indicators?.applyAssessment(saved);
      startFrom(saved);
      setMessage({ kind: 'ok', text: ew('saved', lang, { rev: saved.revision }) });
    } catch (e) {
      if (e instanceof StaleAssessment) {
        const now = e.current;
        indicators?.applyAssessment(now);
        startFrom(now);
        setMessage({
          kind: 'stale',
          text: ew('stale', lang, { who: now.operator || '—', at: now.at === null ? '—' : formatDateTime(now.at, lang), status: STATUS_LABELS[now.status][lang] }),
        });
      } else {
        const err = e as Error & { serverMessage?: string };
        setMessage({ kind: 'error', text: ew('saveFailed', lang, { e: err.serverMessage ?? err.message }) });
      }
    } finally {
      setBusy(false);
    }
  };

  const rows = draft.attachments;
  return (
    <form className="assessment-form" data-testid="assessment-form" data-revision={base.revision} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      {current.revision > base.revision ? (
        <div className="form-note" data-testid="changed-meanwhile">{ew('changedMeanwhile', lang, { who: current.operator, rev: current.revision })}</div>
      ) : null}
      <label>
        <span>{msg('status', lang)}</span>
        <select data-testid="edit-status" value={draft.status} onChange={(e) => set({ status: e.target.value as AssessmentStatus })}>
          {ASSESSMENT_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s][lang]}</option>)}
        </select>
      </label>
      <label>
        <span>{ew('note', lang)}</span>
        <textarea data-testid="edit-note" rows={4} value={draft.note} onChange={(e) => set({ note: e.target.value })} />
      </label>
      <label>
        <span>{ew('links', lang)}</span>
        <textarea data-testid="edit-links" rows={2} value={draft.links} onChange={(e) => set({ links: e.target.value })} />
      </label>
      <fieldset>
        <legend>{ew('attachments', lang)}</legend>
        {rows.map((r, i) => (
          <div className="attachment-row" key={i} data-testid="edit-attachment">
            <input aria-label={ew('attachmentName', lang)} placeholder={ew('attachmentName', lang)} data-testid="edit-attachment-name" value={r.name}
              onChange={(e) => set({ attachments: rows.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })} />
            <input aria-label={ew('attachmentRef', lang)} placeholder={ew('attachmentRef', lang)} data-testid="edit-attachment-ref" value={r.ref}
              onChange={(e) => set({ attachments: rows.map((x, j) => (j === i ? { ...x, ref: e.target.value } : x)) })} />
            <button type="button" onClick={() => set({ attachments: rows.filter((_, j) => j !== i) })}>{ew('remove', lang)}</button>
          </div>
        ))}
        <button type="button" data-testid="edit-add-attachment" onClick={() => set({ attachments: [...rows, { name: '', ref: '' }] })}>{ew('addAttachment', lang)}</button>
      </fieldset>
      <div className="form-actions">
        <button type="submit" data-testid="edit-save" disabled={busy}>{busy ? ew('saving', lang) : ew('save', lang)}</button>
        {message ? <span className={`form-${message.kind}`} data-testid="edit-message" data-kind={message.kind} role="status">{message.text}</span> : null}
      </div>
    </form>
  );
}
