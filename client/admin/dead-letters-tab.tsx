/**
 * Dead letters: the lines `/write` refused, counted by sender and reason, the newest listed with
 * their text; after a fix an administrator replays the ticked ones, or every one the filter matches,
 * and sees how many were accepted and how many refused again.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLang } from '../i18n/i18n-store.ts';
import { DEAD_LETTER_REASONS, listDeadLetters, replayDeadLetters, type DeadLetterListing, type DeadLetterReason } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { deadLetterQuery, EMPTY_DEAD_LETTER_FILTER, formatBytes, replayReport, replayRequest, senderLabel, type DeadLetterFilter } from './dead-letter-view.ts';
import { errorText } from './error-text.ts';
import { formatWhen } from './format.ts';

export function DeadLettersTab() {
  const lang = useLang();
  const [filter, setFilter] = useState<DeadLetterFilter>(EMPTY_DEAD_LETTER_FILTER);
  const [listing, setListing] = useState<DeadLetterListing | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState('');
  const [report, setReport] = useState('');
  const [busy, setBusy] = useState(false);

  const reload = useCallback((signal?: AbortSignal) => {
    listDeadLetters(deadLetterQuery(filter), signal).then((l) => {
      setListing(l);
      // Ticks of letters no longer listed (replayed, dropped) would replay nothing; forget them.
      setSelected((old) => new Set(l.letters.filter((x) => old.has(x.id)).map((x) => x.id)));
      setError('');
    }, (e: unknown) => { if (!signal?.aborted) setError(t('loadFailed', lang) + errorText(e)); });
  }, [filter, lang]);
  useEffect(() => {
    const ctl = new AbortController();
    reload(ctl.signal);
    return () => ctl.abort();
  }, [reload]);

  const replay = async (all: boolean) => {
    if (!listing) return;
    if (all && !window.confirm(t('dlConfirmAll', lang, { n: listing.matching }))) return;
    setBusy(true);
    try {
      const result = await replayDeadLetters(replayRequest(all ? new Set() : selected, filter));
      setReport(replayReport(result, lang) + (result.errors.length ? `\n${result.errors.join('\n')}` : ''));
      setSelected(new Set());
      setError('');
    } catch (e) {
      setError(t('failed', lang) + errorText(e));
    } finally {
      setBusy(false);
      reload();
    }
  };

  const toggle = (id: number) => setSelected((old) => {
    const next = new Set(old);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const s = listing?.stats;

  return (
    <section className="admin-section" data-testid="dead-letters-tab">
      <p className="muted">{t('dlIntro', lang)}</p>
      {s && (
        <p data-testid="dl-stats">
          {t('dlKept', lang, { kept: s.kept, bytes: formatBytes(s.bytes), maxRecords: s.limits.maxRecords, maxBytes: formatBytes(s.limits.maxBytes) })}
          <br />
          <span className="muted">{t('dlCounts', lang, { refused: s.refused, dropped: s.dropped, replayed: s.replayed })}</span>
        </p>
      )}
      {error && <p className="bad" role="alert" data-testid="dl-error">{error}</p>}
      {report && <p className="ok dl-report" role="status" data-testid="dl-report">{report}</p>}
      {listing && listing.sources.length > 0 && (
        <>
          <h3>{t('dlSources', lang)}</h3>
          <table className="admin-table" data-testid="dl-sources">
            <thead>
              <tr>
                <th>{t('dlSender', lang)}</th><th>{t('address', lang)}</th><th>{t('dlLines', lang)}</th>
                {DEAD_LETTER_REASONS.map((r) => <th key={r}>{t(`reason_${r}`, lang)}</th>)}
                <th>{t('dlLastAt', lang)}</th><th>{t('actions', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {listing.sources.map((src) => (
                <tr key={src.key} data-testid="dl-source-row" data-source={src.key}>
                  <td>{senderLabel(src, lang)}</td>
                  <td>{src.address}</td>
                  <td>{src.lines}</td>
                  {DEAD_LETTER_REASONS.map((r) => <td key={r}>{src.byReason[r]}</td>)}
                  <td>{formatWhen(src.lastAt, lang)}</td>
                  <td><button type="button" className="link" onClick={() => setFilter((f) => ({ ...f, source: src.key }))}>{t('dlShowSender', lang)}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div className="admin-toolbar">
        <select data-testid="dl-source" value={filter.source} onChange={(e) => setFilter((f) => ({ ...f, source: e.target.value }))}>
          <option value="">{t('dlAllSenders', lang)}</option>
          {listing?.sources.map((src) => <option key={src.key} value={src.key}>{senderLabel(src, lang)}</option>)}
          {filter.source && !listing?.sources.some((src) => src.key === filter.source) && <option value={filter.source}>{filter.source}</option>}
        </select>
        <select data-testid="dl-reason" value={filter.reason} onChange={(e) => setFilter((f) => ({ ...f, reason: e.target.value as DeadLetterReason | '' }))}>
          <option value="">{t('dlAllReasons', lang)}</option>
          {DEAD_LETTER_REASONS.map((r) => <option key={r} value={r}>{t(`reason_${r}`, lang)}</option>)}
        </select>
        <button type="button" onClick={() => reload()} disabled={busy}>{t('refresh', lang)}</button>
        <span className="spacer" />
        <button type="button" className="primary" data-testid="dl-replay-selected" disabled={busy || selected.size === 0} onClick={() => void replay(false)}>
          {t('dlReplaySelected', lang, { n: selected.size })}
        </button>
        <button type="button" data-testid="dl-replay-all" disabled={busy || !listing || listing.matching === 0} onClick={() => void replay(true)}>
          {t('dlReplayAll', lang, { n: listing?.matching ?? 0 })}
        </button>
      </div>
      {listing === null ? <p className="muted">{t('loading', lang)}</p> : listing.letters.length === 0 ? <p className="muted" data-testid="dl-empty">{t('dlNone', lang)}</p> : (
        <>
          <table className="admin-table" data-testid="dl-table">
            <thead>
              <tr>
                <th>
                  <input type="checkbox" aria-label={t('dlSelectAll', lang)} title={t('dlSelectAll', lang)}
                    checked={listing.letters.every((l) => selected.has(l.id))}
                    onChange={(e) => setSelected(e.target.checked ? new Set(listing.letters.map((l) => l.id)) : new Set())} />
                </th>
                <th>{t('at', lang)}</th><th>{t('dlSender', lang)}</th><th>{t('address', lang)}</th><th>{t('dlReason', lang)}</th>
                <th>{t('dlLine', lang)}</th><th>{t('dlRaw', lang)}</th><th>{t('dlMessage', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {listing.letters.map((l) => (
                <tr key={l.id} data-testid="dl-row" data-reason={l.reason}>
                  <td><input type="checkbox" aria-label={String(l.id)} checked={selected.has(l.id)} onChange={() => toggle(l.id)} /></td>
                  <td>{formatWhen(l.at, lang)}</td>
                  <td>{senderLabel(l.source, lang)}</td>
                  <td>{l.source.address}</td>
                  <td>{t(`reason_${l.reason}`, lang)}</td>
                  <td>{l.line ?? '—'}</td>
                  <td className="ids dl-raw">{l.raw}{l.truncated && <span className="warn">{t('dlCut', lang)}</span>}</td>
                  <td className="detail-cell">{l.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('dlShown', lang, { shown: listing.letters.length, matching: listing.matching })}</p>
        </>
      )}
    </section>
  );
}
