/**
 * The sites registry: the tree opened level by level (never all 12,000-odd places at once), a
 * search by name or code, a place's detail with its edit, removal and a new place below it, and
 * the import of a CSV or JSON file whose problems are listed, every one. Edits send the registry
 * revision they were based on; a 409 reloads and says someone else changed it.
 */
import { useCallback, useEffect, useState } from 'react';
import { LEVELS, LEVEL_LABELS, type Level } from '../../streams/hierarchy.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { ApiError } from '../api/api-client.ts';
import { createSite, deleteSite, getSite, importSites, listSites, updateSite, type ImportResult, type SiteDetail, type SiteSummary } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { errorText, problemsOf } from './error-text.ts';
import { siteLabel } from './site-picker.tsx';
import { EMPTY_TREE, levelLoaded, loadFailed, siteDeleted, siteSaved, startLoading, toggle, TOP, visibleRows, type TreeState } from './site-tree-state.ts';

export function SitesTab() {
  const lang = useLang();
  const [tree, setTree] = useState<TreeState>(EMPTY_TREE);
  const [selected, setSelected] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [results, setResults] = useState<SiteSummary[] | null>(null);
  const [searchError, setSearchError] = useState('');

  const loadLevel = useCallback((under: string | null) => {
    setTree((s) => startLoading(s, under));
    listSites({ under, depth: 1 }).then((list) => setTree((s) => levelLoaded(s, under, list)), (e) => setTree((s) => loadFailed(s, under, errorText(e))));
  }, []);
  useEffect(() => loadLevel(null), [loadLevel]);

  const onToggle = (id: string) => {
    const { state, load } = toggle(tree, id);
    setTree(state);
    if (load) loadLevel(id);
  };
  const search = () => {
    const text = q.trim();
    if (!text) { setResults(null); return; }
    listSites({ q: text }).then((r) => { setResults(r.sites); setSearchError(''); }, (e) => setSearchError(errorText(e)));
  };
  const rows = visibleRows(tree);

  return (
    <section className="admin-section sites" data-testid="sites-tab">
      <div className="sites-left">
        <form className="admin-toolbar" onSubmit={(e) => { e.preventDefault(); search(); }}>
          <input type="search" data-testid="sites-search" placeholder={t('searchSites', lang)} value={q} onChange={(e) => setQ(e.target.value)} />
          <button type="submit" data-testid="sites-search-run">{t('siteSearch', lang)}</button>
          {results && <button type="button" onClick={() => { setResults(null); setQ(''); }}>{t('clearSearch', lang)}</button>}
          {tree.revision !== null && <span className="muted" data-testid="sites-revision">{t('revision', lang, { n: tree.revision })}</span>}
        </form>
        {searchError && <p className="bad" role="alert">{t('loadFailed', lang)}{searchError}</p>}
        {results ? (
          <ul className="site-results" data-testid="sites-results">
            <li className="muted">{t('searchResults', lang, { n: results.length })}</li>
            {results.map((s) => (
              <li key={s.id}>
                <button type="button" className={`site-name${selected === s.id ? ' selected' : ''}`} data-testid="sites-result" data-site-id={s.id} onClick={() => setSelected(s.id)}>{siteLabel(s, lang)}</button>
              </li>
            ))}
          </ul>
        ) : (
          <ul className="site-tree" data-testid="site-tree" role="tree">
            {rows.map((r) => {
              const indent = { paddingLeft: `${r.depth * 1.2}rem` };
              if (r.kind !== 'site') {
                const text = r.kind === 'failed' ? `${t('loadFailed', lang)}${r.error}` : r.kind === 'loading' ? t('loading', lang) : t('noChildren', lang);
                return (
                  <li key={`${r.parent}:${r.kind}`} className={`tree-note ${r.kind === 'failed' ? 'bad' : 'muted'}`} style={indent} data-testid={`tree-${r.kind}`}>
                    {text}
                    {r.kind === 'failed' && <button type="button" onClick={() => loadLevel(r.parent === TOP ? null : r.parent)}>{t('refresh', lang)}</button>}
                  </li>
                );
              }
              return (
                <li key={r.site.id} role="treeitem" aria-expanded={r.leaf ? undefined : r.expanded} style={indent} data-testid="tree-row" data-site-id={r.site.id} data-level={r.site.level}>
                  {r.leaf ? <span className="tree-toggle" /> : (
                    <button type="button" className="tree-toggle" data-testid="tree-toggle" aria-label={r.expanded ? '−' : '+'} onClick={() => onToggle(r.site.id)}>{r.expanded ? '▾' : '▸'}</button>
                  )}
                  <button type="button" className={`site-name${selected === r.site.id ? ' selected' : ''}`} data-testid="tree-name" onClick={() => setSelected(r.site.id)}>
                    {r.site.name[lang] || r.site.name.zh}
                  </button>
                  <span className="muted"> {LEVEL_LABELS[r.site.level]?.[lang]}{r.site.code ? ` · ${r.site.code}` : ''}</span>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <div className="sites-right">
        {selected ? (
          <SiteDetailPanel
            key={selected}
            id={selected}
            revision={tree.revision}
            onSaved={(site, revision) => { setTree((s) => siteSaved(s, site, revision ?? s.revision)); loadLevel(site.parent); }}
            onDeleted={(site) => { setTree((s) => siteDeleted(s, site.id)); setSelected(site.parent); loadLevel(site.parent); }}
            onStale={() => { setTree(EMPTY_TREE); loadLevel(null); }}
            onSelect={setSelected}
          />
        ) : <p className="muted">{t('selectSite', lang)}</p>}
        <ImportForm under={selected} onImported={() => { setTree(EMPTY_TREE); loadLevel(null); }} />
      </div>
    </section>
  );
}

interface DetailProps {
  id: string;
  revision: number | null;
  onSaved: (site: SiteSummary, revision: number | null) => void;
  onDeleted: (site: SiteSummary) => void;
  onStale: () => void;
  onSelect: (id: string) => void;
}

function SiteDetailPanel({ id, revision, onSaved, onDeleted, onStale, onSelect }: DetailProps) {
  const lang = useLang();
  const [site, setSite] = useState<SiteDetail | null>(null);
  const [error, setError] = useState('');
  const [mode, setMode] = useState<'view' | 'edit' | 'add'>('view');
  useEffect(() => {
    const ac = new AbortController();
    getSite(id, ac.signal).then(setSite, (e) => { if (!ac.signal.aborted) setError(t('loadFailed', lang) + errorText(e)); });
    return () => ac.abort();
  }, [id, lang]);
  const rev = site?.revision ?? revision ?? 0;
  const failed = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) { setError(t('stale', lang) + errorText(e)); onStale(); }
    else setError(t('failed', lang) + errorText(e));
  };

  if (!site) return <div className="site-detail" data-testid="site-detail">{error ? <p className="bad" role="alert">{error}</p> : <p className="muted">{t('loading', lang)}</p>}</div>;
  return (
    <div className="site-detail" data-testid="site-detail" data-site-id={site.id}>
      <h3 data-testid="site-detail-name">{site.name[lang] || site.name.zh}</h3>
      {site.path && site.path.length > 0 && (
        <p className="site-path">{t('path', lang)}: {site.path.map((p, i) => (
          <span key={p.id}>{i > 0 && ' / '}<button type="button" className="link" onClick={() => onSelect(p.id)}>{p.name[lang] || p.name.zh}</button></span>
        ))}</p>
      )}
      <dl className="detail-list">
        <dt>{t('id', lang)}</dt><dd data-testid="site-detail-id">{site.id}</dd>
        <dt>{t('level', lang)}</dt><dd>{LEVEL_LABELS[site.level]?.[lang] ?? site.level}</dd>
        <dt>{t('code', lang)}</dt><dd data-testid="site-detail-code">{site.code ?? t('none', lang)}</dd>
        <dt>{t('nameZh', lang)}</dt><dd>{site.name.zh}</dd>
        <dt>{t('nameEn', lang)}</dt><dd>{site.name.en}</dd>
        <dt>{t('parent', lang)}</dt><dd>{site.parent ?? t('none', lang)}</dd>
        {site.level === 'community' && <><dt>{t('twin', lang)}</dt><dd data-testid="site-detail-twin">{site.twin ?? t('none', lang)}</dd></>}
        {site.urban !== undefined && <><dt>{t('urban', lang)}</dt><dd>{site.urban ? t('yes', lang) : t('no', lang)}</dd></>}
        {site.source && <><dt>{t('source', lang)}</dt><dd>{site.source}</dd></>}
        {site.childCount !== undefined && <><dt>{t('childCount', lang, { n: site.childCount })}</dt><dd /></>}
      </dl>
      {error && <p className="bad" role="alert" data-testid="site-error">{error}</p>}
      {mode === 'view' && (
        <div className="form-buttons">
          <button type="button" data-testid="site-edit" onClick={() => { setError(''); setMode('edit'); }}>{t('edit', lang)}</button>
          {site.level !== 'neighbourhood' && <button type="button" data-testid="site-add-child" onClick={() => { setError(''); setMode('add'); }}>{t('addChild', lang)}</button>}
          <button type="button" className="danger" data-testid="site-delete" onClick={() => {
            if (!window.confirm(t('confirmDeleteSite', lang, { name: site.name[lang] || site.name.zh }))) return;
            deleteSite(site.id, rev).then(() => onDeleted(site), failed);
          }}>{t('delete', lang)}</button>
        </div>
      )}
      {mode === 'edit' && (
        <SiteForm
          initial={site}
          editing
          onCancel={() => setMode('view')}
          onSubmit={(v) => updateSite(site.id, { name: v.name, code: v.code, parent: v.parent ?? undefined, twin: v.twin ?? null }, rev).then((saved) => {
            setSite({ ...site, ...saved });
            setMode('view');
            onSaved(saved, saved.revision ?? null);
          }, failed)}
        />
      )}
      {mode === 'add' && (
        <SiteForm
          initial={{ id: '', level: nextLevel(site.level), parent: site.id, code: null, name: { zh: '', en: '' } }}
          editing={false}
          onCancel={() => setMode('view')}
          onSubmit={(v) => createSite(v).then((made) => { setMode('view'); onSaved(made, made.revision ?? null); }, failed)}
        />
      )}
    </div>
  );
}

function nextLevel(level: Level): Level {
  return LEVELS[Math.min(LEVELS.indexOf(level) + 1, LEVELS.length - 1)]!;
}

function SiteForm({ initial, editing, onSubmit, onCancel }: { initial: SiteSummary; editing: boolean; onSubmit: (s: SiteSummary) => Promise<void>; onCancel: () => void }) {
  const lang = useLang();
  const [v, setV] = useState<SiteSummary>(initial);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<SiteSummary>) => setV((x) => ({ ...x, ...patch }));
  return (
    <form className="admin-form" data-testid="site-form" onSubmit={(e) => {
      e.preventDefault();
      setBusy(true);
      void onSubmit({ ...v, id: v.id.trim(), code: v.code?.trim() || null, twin: v.twin?.trim() || null }).finally(() => setBusy(false));
    }}>
      <div className="form-grid">
        <label>{t('id', lang)}<input data-testid="site-form-id" value={v.id} disabled={editing} required onChange={(e) => set({ id: e.target.value })} /></label>
        <label>{t('level', lang)}<input value={LEVEL_LABELS[v.level][lang]} disabled /></label>
        <label>{t('code', lang)}<input data-testid="site-form-code" value={v.code ?? ''} onChange={(e) => set({ code: e.target.value })} /></label>
        <label>{t('nameZh', lang)}<input data-testid="site-form-name-zh" value={v.name.zh} required onChange={(e) => set({ name: { ...v.name, zh: e.target.value } })} /></label>
        <label>{t('nameEn', lang)}<input data-testid="site-form-name-en" value={v.name.en} onChange={(e) => set({ name: { ...v.name, en: e.target.value } })} /></label>
        {editing && v.parent !== null && <label>{t('parent', lang)}<input data-testid="site-form-parent" value={v.parent} required onChange={(e) => set({ parent: e.target.value })} /></label>}
        {v.level === 'community' && <label>{t('twin', lang)}<input data-testid="site-form-twin" value={v.twin ?? ''} onChange={(e) => set({ twin: e.target.value })} /></label>}
      </div>
      <div className="form-buttons">
        <button type="submit" className="primary" data-testid="site-form-save" disabled={busy}>{t('save', lang)}</button>
        <button type="button" onClick={onCancel}>{t('cancel', lang)}</button>
      </div>
    </form>
  );
}

function ImportForm({ under, onImported }: { under: string | null; onImported: () => void }) {
  const lang = useLang();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace-subtree'>('merge');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [error, setError] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const run = async () => {
    if (!file) return;
    if (mode === 'replace-subtree' && !under) { setError(t('importNeedsUnder', lang)); return; }
    setBusy(true); setDone(null); setError(''); setProblems([]);
    try {
      const text = await file.text();
      const format = /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'csv' : 'json';
      setDone(await importSites(text, format, mode, mode === 'replace-subtree' ? under : null));
      onImported();
    } catch (e) {
      setProblems(problemsOf(e));
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="admin-form import-form" data-testid="sites-import" onSubmit={(e) => { e.preventDefault(); void run(); }}>
      <h3>{t('importTitle', lang)}</h3>
      <div className="form-grid">
        <input type="file" data-testid="sites-import-file" accept=".csv,.json,text/csv,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <label>{t('importMode', lang)}
          <select data-testid="sites-import-mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="merge">{t('mode_merge', lang)}</option>
            <option value="replace-subtree">{t('mode_replace-subtree', lang)}{under ? ` (${under})` : ''}</option>
          </select>
        </label>
        <button type="submit" className="primary" data-testid="sites-import-run" disabled={busy || !file}>{t('importRun', lang)}</button>
      </div>
      {done && <p className="ok" role="status" data-testid="sites-import-done">{t('importDone', lang, { ...done })}</p>}
      {problems.length > 0 ? (
        <div className="bad" role="alert" data-testid="sites-import-problems">
          <p>{t('importProblems', lang, { n: problems.length })}</p>
          <ol>{problems.map((p, i) => <li key={i} data-testid="sites-import-problem">{p}</li>)}</ol>
        </div>
      ) : error && <p className="bad" role="alert" data-testid="sites-import-error">{t('failed', lang)}{error}</p>}
    </form>
  );
}
