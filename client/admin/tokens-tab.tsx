/**
 * Display and gateway tokens: the list (revoked ones kept, marked), creating one, revoking. A new
 * token's secret is shown once, with a copy button and, for a display, the wall screen's link.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLang } from '../i18n/i18n-store.ts';
import { displayLink } from '../auth/display-fragment.ts';
import { createToken, listTokens, revokeToken, type AdminToken } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { errorText } from './error-text.ts';
import { formatWhen } from './format.ts';
import { SitePicker } from './site-picker.tsx';

export function TokensTab() {
  const lang = useLang();
  const [tokens, setTokens] = useState<AdminToken[] | null>(null);
  const [error, setError] = useState('');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ token: AdminToken; secret: string } | null>(null);

  const reload = useCallback(() => {
    listTokens().then((x) => { setTokens(x); setError(''); }, (e) => setError(t('loadFailed', lang) + errorText(e)));
  }, [lang]);
  useEffect(reload, [reload]);

  const revoke = async (tok: AdminToken) => {
    if (!window.confirm(t('confirmRevoke', lang, { name: tok.name }))) return;
    try {
      await revokeToken(tok.id);
      setError('');
    } catch (e) {
      setError(t('failed', lang) + errorText(e));
    }
    reload();
  };

  return (
    <section className="admin-section" data-testid="tokens-tab">
      <div className="admin-toolbar">
        <button type="button" data-testid="token-new" onClick={() => { setCreated(null); setCreating(true); }}>{t('newToken', lang)}</button>
        <button type="button" onClick={reload}>{t('refresh', lang)}</button>
      </div>
      {error && <p className="bad" role="alert" data-testid="tokens-error">{error}</p>}
      {created && <SecretOnce created={created} onDismiss={() => setCreated(null)} />}
      {creating && <TokenForm onClose={(made) => { setCreating(false); if (made) { setCreated(made); reload(); } }} />}
      {tokens === null ? <p className="muted">{t('loading', lang)}</p> : tokens.length === 0 ? <p className="muted">{t('noTokens', lang)}</p> : (
        <table className="admin-table" data-testid="tokens-table">
          <thead>
            <tr>
              <th>{t('tokenName', lang)}</th><th>{t('kind', lang)}</th><th>{t('scopes', lang)}</th><th>{t('createdAt', lang)}</th>
              <th>{t('createdBy', lang)}</th><th>{t('lastUsed', lang)}</th><th>{t('status', lang)}</th><th>{t('actions', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((tok) => (
              <tr key={tok.id} data-testid="token-row" data-token-id={tok.id} data-token-name={tok.name} data-revoked={tok.revokedAt !== null}>
                <td data-testid="token-name">{tok.name}</td>
                <td>{t(`kind_${tok.kind}`, lang)}</td>
                <td className="ids">{tok.scopes.join('、') || t('none', lang)}</td>
                <td>{formatWhen(tok.createdAt, lang)}</td>
                <td>{tok.createdBy}</td>
                <td>{formatWhen(tok.lastUsedAt, lang, t('never', lang))}</td>
                <td data-testid="token-status">{tok.revokedAt !== null ? t('revoked', lang, { time: formatWhen(tok.revokedAt, lang) }) : t('active', lang)}</td>
                <td className="row-actions">
                  {tok.revokedAt === null && <button type="button" className="danger" data-testid="token-revoke" onClick={() => void revoke(tok)}>{t('revoke', lang)}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TokenForm({ onClose }: { onClose: (made: { token: AdminToken; secret: string } | null) => void }) {
  const lang = useLang();
  const [kind, setKind] = useState<AdminToken['kind']>('display');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (scopes.length === 0) { setError(t('scopeRequired', lang)); return; }
    setBusy(true);
    try {
      onClose(await createToken({ kind, name: name.trim(), scopes }));
    } catch (e) {
      setError(t('failed', lang) + errorText(e));
      setBusy(false);
    }
  };
  return (
    <form className="admin-form" data-testid="token-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3>{t('newToken', lang)}</h3>
      <div className="form-grid">
        <label>{t('kind', lang)}
          <select data-testid="token-form-kind" value={kind} onChange={(e) => setKind(e.target.value as AdminToken['kind'])}>
            <option value="display">{t('kind_display', lang)}</option>
            <option value="gateway">{t('kind_gateway', lang)}</option>
          </select>
        </label>
        <label>{t('tokenName', lang)}
          <input data-testid="token-form-name" value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
      </div>
      <fieldset>
        <legend>{t('scopes', lang)}</legend>
        <SitePicker value={scopes} onChange={setScopes} />
      </fieldset>
      {error && <p className="bad" role="alert" data-testid="token-form-error">{error}</p>}
      <div className="form-buttons">
        <button type="submit" className="primary" data-testid="token-form-save" disabled={busy}>{t('create', lang)}</button>
        <button type="button" onClick={() => onClose(null)}>{t('cancel', lang)}</button>
      </div>
    </form>
  );
}

function SecretOnce({ created, onDismiss }: { created: { token: AdminToken; secret: string }; onDismiss: () => void }) {
  const lang = useLang();
  const link = created.token.kind === 'display' ? displayLink(window.location.origin, created.secret) : null;
  return (
    <div className="secret-once" data-testid="token-secret-panel" role="status">
      <p>{t('secretOnce', lang)}</p>
      <CopyLine text={created.secret} testId="token-secret" />
      {link && (
        <>
          <p>{t('displayLink', lang)}</p>
          <CopyLine text={link} testId="token-display-link" />
        </>
      )}
      <button type="button" data-testid="token-secret-dismiss" onClick={onDismiss}>{t('dismiss', lang)}</button>
    </div>
  );
}

function CopyLine({ text, testId }: { text: string; testId: string }) {
  const lang = useLang();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="copy-line">
      <code data-testid={testId}>{text}</code>
      <button type="button" data-testid={`${testId}-copy`} onClick={() => {
        navigator.clipboard?.writeText(text).then(() => setState('copied'), () => setState('failed')) ?? setState('failed');
      }}>{state === 'copied' ? t('copied', lang) : t('copy', lang)}</button>
      {state === 'failed' && <span className="warn">{t('copyFailed', lang)}</span>}
    </div>
  );
}
