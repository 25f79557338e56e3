/**
 * The routing rules: the list in force (the default while none is configured) as a table, and the
 * whole list edited as JSON (the server names any wrong field, e.g. `rules.2.node`).
 */
import { useCallback, useEffect, useState } from 'react';
import { SEVERITY_LABELS } from '../../streams/alerts.ts';
import type { RoutingRule } from '../../streams/notify.ts';
import { ROLE_LABELS } from '../../streams/roles.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { getRouting, putRouting, type RoutingAnswer } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { errorText } from './error-text.ts';

const EXAMPLE: RoutingRule[] = [
  { id: 'fire-at-once', node: 's-example', roles: ['property_operator', 'centre_operator'], types: ['fire'], severities: ['critical'], immediate: true },
  { id: 'street-ladder', node: 's-example', roles: ['property_operator', 'centre_operator'], types: [], severities: [], immediate: false },
];

export function RoutingRules() {
  const lang = useLang();
  const [routing, setRouting] = useState<RoutingAnswer | null>(null);
  const [error, setError] = useState('');
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(() => {
    getRouting().then((r) => { setRouting(r); setError(''); }, (e) => setError(t('loadFailed', lang) + errorText(e)));
  }, [lang]);
  useEffect(() => { reload(); }, [reload]);

  const save = async () => {
    let rules: unknown;
    try { rules = JSON.parse(text ?? '[]'); } catch (e) { setError(t('notJson', lang) + (e as Error).message); return; }
    setBusy(true);
    try {
      setRouting(await putRouting(rules));
      setText(null);
      setError('');
    } catch (e) {
      setError(t('failed', lang) + errorText(e));
    }
    setBusy(false);
  };
  const list = (xs: readonly string[], label: (x: string) => string) => (xs.length ? xs.map(label).join('、') : t('everything', lang));
  return (
    <div className="admin-section" data-testid="routing-rules">
      <h2>{t('routingRules', lang)}</h2>
      <p className="muted">{t('routingNote', lang)}</p>
      {routing?.isDefault && <p className="warn" data-testid="routing-default">{t('routingDefault', lang)}</p>}
      {error && <p className="bad" role="alert" data-testid="routing-error">{error}</p>}
      {routing && (
        <table className="admin-table" data-testid="rules-table">
          <thead><tr><th>ID</th><th>{t('ruleNode', lang)}</th><th>{t('ruleRoles', lang)}</th><th>{t('ruleTypes', lang)}</th><th>{t('ruleSeverities', lang)}</th><th>{t('ruleImmediate', lang)}</th></tr></thead>
          <tbody>
            {routing.inForce.map((r) => (
              <tr key={r.id} data-testid="rule-row">
                <td className="ids">{r.id}</td>
                <td className="ids">{r.node}</td>
                <td>{list(r.roles, (x) => ROLE_LABELS[x as keyof typeof ROLE_LABELS]?.[lang] ?? x)}</td>
                <td>{list(r.types, (x) => x)}</td>
                <td>{list(r.severities, (x) => SEVERITY_LABELS[x as keyof typeof SEVERITY_LABELS]?.[lang] ?? x)}</td>
                <td>{r.immediate ? '✓' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {text === null ? (
        <div className="admin-toolbar">
          <button type="button" data-testid="rules-edit" onClick={() => setText(JSON.stringify(routing?.rules.length ? routing.rules : EXAMPLE, null, 2))}>{t('editRules', lang)}</button>
        </div>
      ) : (
        <form className="admin-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <label>{t('rulesJson', lang)}
            <textarea data-testid="rules-json" rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} style={{ width: '100%', fontFamily: 'monospace' }} />
          </label>
          <div className="form-buttons">
            <button type="submit" className="primary" data-testid="rules-save" disabled={busy}>{t('save', lang)}</button>
            <button type="button" onClick={() => setText(null)}>{t('cancel', lang)}</button>
          </div>
        </form>
      )}
    </div>
  );
}
