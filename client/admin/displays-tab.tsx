/**
 * Wall screens: each display profile with what its screen last reported (heartbeat time, version,
 * resolution, JS heap, reloads and why it last reloaded), refreshed every 30 s; a profile is
 * created or edited as JSON (fields in docs/wall-and-demo.md; the server names any wrong field).
 */
import { useCallback, useEffect, useState } from 'react';
import type { DisplayStatus } from '../../streams/displays.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { createDisplay, deleteDisplay, listDisplays, updateDisplay } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { errorText } from './error-text.ts';
import { formatWhen } from './format.ts';

/** A screen silent for longer than this is marked (it beats every 30 s), ms. */
const SILENT_MS = 120_000;
const REFRESH_MS = 30_000;
const EXAMPLE = { id: 'centre-wall-1', name: '街道指挥中心大屏', tokenId: '', layout: 'auto', lang: 'zh', scale: 'fit', views: [{ durationS: 60 }], hideCursorS: 5 };

export function DisplaysTab() {
  const lang = useLang();
  const [displays, setDisplays] = useState<DisplayStatus[] | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<{ id: string | null; text: string } | null>(null);
  const reload = useCallback(() => {
    listDisplays().then((x) => { setDisplays(x); setError(''); }, (e) => setError(t('loadFailed', lang) + errorText(e)));
  }, [lang]);
  useEffect(() => {
    reload();
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const edit = (d: DisplayStatus) => {
    const { id: _id, createdAt: _c, updatedAt: _u, ...editable } = d.profile;
    setEditing({ id: d.profile.id, text: JSON.stringify(editable, null, 2) });
  };
  const remove = async (d: DisplayStatus) => {
    if (!window.confirm(`${t('delete', lang)} ${d.profile.name}?`)) return;
    try { await deleteDisplay(d.profile.id); } catch (e) { setError(t('failed', lang) + errorText(e)); }
    reload();
  };
  const now = Date.now();
  return (
    <section className="admin-section" data-testid="displays-tab">
      <div className="admin-toolbar">
        <button type="button" data-testid="display-new" onClick={() => setEditing({ id: null, text: JSON.stringify(EXAMPLE, null, 2) })}>{t('newDisplay', lang)}</button>
        <button type="button" onClick={reload}>{t('refresh', lang)}</button>
      </div>
      <p className="muted">{t('displayLinkNote', lang)}<code>{window.location.origin}/display/&lt;id&gt;#token=&lt;secret&gt;</code></p>
      {error && <p className="bad" role="alert" data-testid="displays-error">{error}</p>}
      {editing && <DisplayForm editing={editing} onClose={(saved) => { setEditing(null); if (saved) reload(); }} />}
      {displays === null ? <p className="muted">{t('loading', lang)}</p> : displays.length === 0 ? <p className="muted">{t('noDisplays', lang)}</p> : (
        <table className="admin-table" data-testid="displays-table">
          <thead>
            <tr>
              <th>{t('wallName', lang)}</th><th>{t('displayNode', lang)}</th><th>{t('displayLayout', lang)}</th><th>{t('displayViews', lang)}</th>
              <th>{t('lastSeen', lang)}</th><th>{t('version', lang)}</th><th>{t('resolution', lang)}</th><th>{t('heap', lang)}</th>
              <th>{t('reloads', lang)}</th><th>{t('lastReload', lang)}</th><th>{t('actions', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {displays.map((d) => {
              const silent = d.lastSeenAt === null || now - d.lastSeenAt > SILENT_MS;
              return (
                <tr key={d.profile.id} data-testid="display-row" data-display-id={d.profile.id} data-silent={silent}>
                  <td>{d.profile.name}<div className="ids">/display/{d.profile.id}</div></td>
                  <td className="ids">{d.profile.node}</td>
                  <td>{d.profile.layout} / {d.profile.scale} / {d.profile.lang}</td>
                  <td>{d.profile.views.length}</td>
                  <td data-testid="display-last-seen" className={silent ? 'bad' : ''} title={silent ? t('displaySilent', lang) : undefined}>{formatWhen(d.lastSeenAt, lang, t('never', lang))}</td>
                  <td data-testid="display-version">{d.version ?? '—'}</td>
                  <td data-testid="display-resolution">{d.width !== null && d.height !== null ? `${d.width} × ${d.height} px` : '—'}</td>
                  <td data-testid="display-heap">{d.heapMb !== null ? `${d.heapMb.toFixed(0)} MB` : '—'}</td>
                  <td data-testid="display-reloads">{d.reloads}</td>
                  <td data-testid="display-last-reload">{d.lastReloadReason ? `${d.lastReloadReason} · ${formatWhen(d.lastReloadAt, lang)}${d.lastReloadDetail ? ` · ${d.lastReloadDetail}` : ''}` : '—'}</td>
                  <td className="row-actions">
                    <button type="button" data-testid="display-edit" onClick={() => edit(d)}>{t('edit', lang)}</button>
                    <button type="button" className="danger" data-testid="display-delete" onClick={() => void remove(d)}>{t('delete', lang)}</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DisplayForm({ editing, onClose }: { editing: { id: string | null; text: string }; onClose: (saved: boolean) => void }) {
  const lang = useLang();
  const [text, setText] = useState(editing.text);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    let body: unknown;
    try { body = JSON.parse(text); } catch (e) { setError(t('notJson', lang) + (e as Error).message); return; }
    setBusy(true);
    try {
      if (editing.id === null) await createDisplay(body);
      else await updateDisplay(editing.id, body);
      onClose(true);
    } catch (e) {
      setError(t('failed', lang) + errorText(e));
      setBusy(false);
    }
  };
  return (
    <form className="admin-form" data-testid="display-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3>{editing.id === null ? t('newDisplay', lang) : `${t('edit', lang)} /display/${editing.id}`}</h3>
      <label>{t('displayJson', lang)}
        <textarea data-testid="display-form-json" rows={16} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} style={{ width: '100%', fontFamily: 'monospace' }} />
      </label>
      {error && <p className="bad" role="alert" data-testid="display-form-error">{error}</p>}
      <div className="form-buttons">
        <button type="submit" className="primary" data-testid="display-form-save" disabled={busy}>{t('save', lang)}</button>
        <button type="button" onClick={() => onClose(false)}>{t('cancel', lang)}</button>
      </div>
    </form>
  );
}
