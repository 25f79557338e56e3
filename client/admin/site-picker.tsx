/**
 * Choosing the places a user or token is scoped to: a search of the registry (name or code, never
 * the whole tree), the chosen places as removable chips with their names and levels.
 */
import { useEffect, useState } from 'react';
import { LEVEL_LABELS } from '../../streams/hierarchy.ts';
import { useLang, type Lang } from '../i18n/i18n-store.ts';
import { getSite, listSites, type SiteSummary } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { errorText } from './error-text.ts';

/** Most search results shown. */
const SHOWN = 20;

export function siteLabel(s: SiteSummary, lang: Lang): string {
  return `${s.name[lang] || s.name.zh} · ${LEVEL_LABELS[s.level]?.[lang] ?? s.level}${s.code ? ` · ${s.code}` : ''}`;
}

export function SitePicker({ value, onChange, testId = 'site-picker' }: { value: string[]; onChange: (ids: string[]) => void; testId?: string }) {
  const lang = useLang();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<SiteSummary[] | null>(null);
  const [error, setError] = useState('');
  const [known, setKnown] = useState<ReadonlyMap<string, SiteSummary>>(new Map());

  // Search as the administrator types, a moment after the last key.
  useEffect(() => {
    const text = q.trim();
    if (!text) { setResults(null); return; }
    const ac = new AbortController();
    const timer = setTimeout(() => {
      listSites({ q: text }, ac.signal).then((r) => { setResults(r.sites); setError(''); }, (e) => { if (!ac.signal.aborted) setError(errorText(e)); });
    }, 250);
    return () => { clearTimeout(timer); ac.abort(); };
  }, [q]);

  // Names of chosen places not seen in a search (an existing user's scopes).
  useEffect(() => {
    const missing = value.filter((id) => !known.has(id));
    if (!missing.length) return;
    const ac = new AbortController();
    void Promise.allSettled(missing.map((id) => getSite(id, ac.signal))).then((all) => {
      if (ac.signal.aborted) return;
      const found = all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      if (found.length) setKnown((k) => new Map([...k, ...found.map((s) => [s.id, s] as const)]));
    });
    return () => ac.abort();
  }, [value, known]);

  const add = (s: SiteSummary) => {
    setKnown((k) => new Map(k).set(s.id, s));
    if (!value.includes(s.id)) onChange([...value, s.id]);
  };

  return (
    <div className="site-picker" data-testid={testId}>
      <ul className="chips">
        {value.map((id) => {
          const s = known.get(id);
          return (
            <li key={id} className="chip" data-testid="scope-chip" data-site-id={id}>
              <span>{s ? siteLabel(s, lang) : id}</span>
              <button type="button" title={t('removeScope', lang)} aria-label={t('removeScope', lang)} onClick={() => onChange(value.filter((x) => x !== id))}>×</button>
            </li>
          );
        })}
        {value.length === 0 && <li className="muted">{t('none', lang)}</li>}
      </ul>
      <input type="search" data-testid="site-search" placeholder={t('searchSites', lang)} value={q} onChange={(e) => setQ(e.target.value)} />
      {error && <p className="bad">{t('loadFailed', lang)}{error}</p>}
      {results && (
        <ul className="picker-results" data-testid="site-results">
          {results.length === 0 && <li className="muted">{t('noMatches', lang)}</li>}
          {results.slice(0, SHOWN).map((s) => (
            <li key={s.id}>
              <button type="button" data-testid="site-result" data-site-id={s.id} disabled={value.includes(s.id)} onClick={() => add(s)}>
                {t('addScope', lang)} · {siteLabel(s, lang)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
