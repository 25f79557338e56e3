/**
 * Who changed an item's assessment, what and when, newest first. Read when the drawer opens and
 * again whenever the item's revision moves (a change made here or arriving live).
 */
import { useEffect, useState } from 'react';
import type { Assessment } from '../../../streams/indicators/assessment.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { fetchHistory } from '../../indicators/assessment-api.ts';
import { ew } from '../indicator-evidence/evidence-words.ts';
import { EvidenceCell } from './evidence-cell.tsx';
import { changesOf, formatDateTime } from './history-changes.ts';

export function AssessmentHistory({ community, item, revision }: { community: string; item: string; revision: number }) {
  const lang = useLang();
  const [history, setHistory] = useState<Assessment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    fetchHistory(community, item, ac.signal).then(
      (h) => { setHistory(h); setError(null); },
      (e: Error & { serverMessage?: string }) => { if (!ac.signal.aborted) setError(e.serverMessage ?? e.message); },
    );
    return () => ac.abort();
  }, [community, item, revision]);

  return (
    <section className="assessment-history" data-testid="history">
      <h3>{ew('historyTitle', lang)}</h3>
      {error ? <div className="form-error">{ew('historyFailed', lang, { e: error })}</div> : null}
      {history && history.length === 0 ? <div className="muted">{ew('noHistory', lang)}</div> : null}
      <ol>
        {(history ?? []).map((a, i) => ({ a, before: history![i - 1] })).reverse().map(({ a, before }) => (
          <li key={a.revision} data-testid="history-entry" data-revision={a.revision}>
            <div className="history-head">
              <b>r{a.revision}</b> <span data-testid="history-who">{a.operator}</span> · <span data-testid="history-at">{a.at === null ? '' : formatDateTime(a.at, lang)}</span>
            </div>
            <div className="history-what" data-testid="history-what">{changesOf(a, before, lang).join('；')}</div>
            {a.evidence.note || a.evidence.links.length || a.evidence.attachments.length ? <EvidenceCell evidence={a.evidence} lang={lang} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
