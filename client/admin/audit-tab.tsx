/**
 * The audit log: every action, who took it, on what, when and from where, newest first. Filters
 * by time (China time), actor, action and target; older entries page in with the server's `next`.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLang } from '../i18n/i18n-store.ts';
import { auditPage, type AuditEntry } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { auditQuery, EMPTY_AUDIT_FILTER, type AuditFilter } from './audit-query.ts';
import { errorText } from './error-text.ts';
import { formatWhen } from './format.ts';

export function AuditTab() {
  const lang = useLang();
  const [draft, setDraft] = useState<AuditFilter>(EMPTY_AUDIT_FILTER);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  /** The first page of `filter` (replacing the list), or the page before `before` (appended). */
  const load = useCallback(async (filter: AuditFilter, before?: string) => {
    let query: string;
    try {
      query = auditQuery(filter, before);
    } catch {
      setError(t('badTime', lang));
      return;
    }
    setBusy(true);
    try {
      const page = await auditPage(query);
      setEntries((old) => (before && old ? [...old, ...page.entries] : page.entries));
      setNext(page.next);
      setError('');
    } catch (e) {
      setError(t('loadFailed', lang) + errorText(e));
    } finally {
      setBusy(false);
    }
  }, [lang]);
  const [applied, setApplied] = useState<AuditFilter>(EMPTY_AUDIT_FILTER);
  useEffect(() => { void load(EMPTY_AUDIT_FILTER); }, [load]);
  const field = (k: keyof AuditFilter) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <section className="admin-section" data-testid="audit-tab">
      <form className="admin-toolbar audit-filters" data-testid="audit-filters" onSubmit={(e) => { e.preventDefault(); setApplied(draft); void load(draft); }}>
        <label>{t('from', lang)}<input type="datetime-local" data-testid="audit-from" value={draft.from} onChange={field('from')} /></label>
        <label>{t('to', lang)}<input type="datetime-local" data-testid="audit-to" value={draft.to} onChange={field('to')} /></label>
        <label>{t('actor', lang)}<input data-testid="audit-actor" value={draft.actor} onChange={field('actor')} /></label>
        <label>{t('action', lang)}<input data-testid="audit-action" value={draft.action} onChange={field('action')} /></label>
        <label>{t('target', lang)}<input data-testid="audit-target" value={draft.target} onChange={field('target')} /></label>
        <button type="submit" className="primary" data-testid="audit-apply" disabled={busy}>{t('apply', lang)}</button>
      </form>
      {error && <p className="bad" role="alert" data-testid="audit-error">{error}</p>}
      {entries === null ? <p className="muted">{t('loading', lang)}</p> : entries.length === 0 ? <p className="muted" data-testid="audit-empty">{t('noEntries', lang)}</p> : (
        <>
          <table className="admin-table" data-testid="audit-table">
            <thead>
              <tr><th>{t('at', lang)}</th><th>{t('actor', lang)}</th><th>{t('action', lang)}</th><th>{t('target', lang)}</th><th>{t('detail', lang)}</th><th>{t('address', lang)}</th></tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                  <td>{formatWhen(e.at, lang)}</td>
                  <td data-testid="audit-actor-name">{e.actor.name} <span className="muted">({e.actor.kind})</span></td>
                  <td>{e.action}</td>
                  <td data-testid="audit-target-cell">{e.target}</td>
                  <td className="detail-cell">{detailText(e.detail)}</td>
                  <td>{e.address}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="admin-toolbar">
            <span className="muted">{t('entryCount', lang, { n: entries.length })}</span>
            {next && <button type="button" data-testid="audit-older" disabled={busy} onClick={() => void load(applied, next)}>{t('older', lang)}</button>}
          </div>
        </>
      )}
    </section>
  );
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined || detail === '') return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}
