/**
 * Entry of the wall-screen page (`/display.html#token=…`): takes the display token from the
 * fragment, removes it from the address bar and the history, exchanges it for a session that
 * never expires, and goes to the cockpit (or the fragment's `next`, a path on this site).
 */
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from '../api/api-client.ts';
import { LANG_TAGS, langStore, useLang } from '../i18n/i18n-store.ts';
import { t } from './auth-messages.ts';
import { exchangeDisplayToken } from './auth-api.ts';
import { parseDisplayFragment } from './display-fragment.ts';
import { adoptSession } from './session.ts';
import './auth.css';

document.documentElement.lang = LANG_TAGS[langStore.getState().lang];
const { token, next } = parseDisplayFragment(window.location.hash);
window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);

type Outcome = { kind: 'working' } | { kind: 'noToken' } | { kind: 'refused'; message: string };

function DisplayPage() {
  const lang = useLang();
  const [outcome, setOutcome] = useState<Outcome>(token ? { kind: 'working' } : { kind: 'noToken' });
  useEffect(() => {
    if (!token) return;
    exchangeDisplayToken(token).then((s) => {
      adoptSession(s);
      window.location.replace(next);
    }, (e: unknown) => setOutcome({ kind: 'refused', message: e instanceof ApiError ? e.serverMessage : String(e) }));
  }, []);
  return (
    <main className="auth-page" data-testid="display-page" data-outcome={outcome.kind}>
      <div className="auth-card">
        <h1>{t('displayTitle', lang)}</h1>
        {outcome.kind === 'working' && <p className="auth-note">{t('displayConnecting', lang)}</p>}
        {outcome.kind === 'noToken' && <p className="auth-error" role="alert">{t('displayNoToken', lang)}</p>}
        {outcome.kind === 'refused' && <p className="auth-error" role="alert" data-testid="display-error">{t('displayRefused', lang)}{outcome.message}</p>}
      </div>
    </main>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('display: display.html has no #root element');
// No StrictMode: its double effect would spend the exchange twice.
createRoot(root).render(<DisplayPage />);
