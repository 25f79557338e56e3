/**
 * The sign-in page (`/login.html?next=<path>`): username and password, the language toggle, the
 * demo visit when the server offers it, and a forced password change when one is due. Failures
 * say what happened: a wrong password, a lock with its end in China time, a throttle counting down.
 * Afterwards the browser goes to `next`, but only if it is a path on this site.
 */
import { useEffect, useState } from 'react';
import { fetchClientConfig } from '../api/api-client.ts';
import { setLang, useLang, type Lang } from '../i18n/i18n-store.ts';
import { msg } from '../i18n/messages.ts';
import { formatDate, formatTime } from '../i18n/time-format.ts';
import { t } from './auth-messages.ts';
import { signIn, visitAsGuest } from './auth-api.ts';
import { PasswordForm } from './password-form.tsx';
import { adoptSession, loadSession, mustChangePassword, safeNextPath, type Session } from './session.ts';
import { secondsLeft, signInFailure, type SignInFailure } from './sign-in-outcome.ts';

export function LoginPage({ rawNext }: { rawNext: string | null }) {
  const lang = useLang();
  const next = safeNextPath(rawNext);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<SignInFailure | null>(null);
  const [demoGuest, setDemoGuest] = useState(false);
  const [changeFor, setChangeFor] = useState<string | null>(null);
  const now = useNow(failure?.kind === 'throttled');

  useEffect(() => {
    const ac = new AbortController();
    // Already signed in (a bookmark of the sign-in page): straight on.
    loadSession({ redirect: false, signal: ac.signal }).then((s) => { if (s && !mustChangePassword(s)) window.location.replace(next); }, () => {});
    fetchClientConfig(ac.signal).then((c) => setDemoGuest(c.demoGuest === true), () => {});
    return () => ac.abort();
  }, [next]);

  const proceed = (s: Session, typedPassword: string | null) => {
    adoptSession(s);
    if (typedPassword !== null && mustChangePassword(s)) setChangeFor(typedPassword);
    else window.location.assign(next);
  };
  const attempt = async (how: () => Promise<Session>, typedPassword: string | null) => {
    setBusy(true);
    setFailure(null);
    try {
      proceed(await how(), typedPassword);
    } catch (e) {
      setFailure(signInFailure(e, Date.now()));
    } finally {
      setBusy(false);
    }
  };
  const throttled = failure?.kind === 'throttled' && secondsLeft(failure.retryUntil, now) > 0;

  return (
    <main className="auth-page" data-testid="login-page">
      <div className="auth-card">
        <header className="auth-header">
          <h1>{t('productName', lang)}</h1>
          <button type="button" className="lang-toggle" data-testid="lang-toggle" title={msg('langToggleTitle', lang)} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {msg('langToggle', lang)}
          </button>
        </header>
        {changeFor !== null ? (
          <>
            <h2>{t('changePassword', lang)}</h2>
            <p className="auth-note" data-testid="must-change-password">{t('mustChangePassword', lang)}</p>
            <PasswordForm knownOldPassword={changeFor} onDone={() => window.location.assign(next)} />
          </>
        ) : (
          <>
            <h2>{t('signInTitle', lang)}</h2>
            <form className="auth-form" data-testid="login-form" onSubmit={(e) => {
              e.preventDefault();
              if (!username.trim() || !password) { setFailure({ kind: 'incomplete' }); return; }
              void attempt(() => signIn(username.trim(), password), password);
            }}>
              <label>{t('username', lang)}
                <input data-testid="login-username" name="username" autoComplete="username" autoFocus value={username} maxLength={64} onChange={(e) => setUsername(e.target.value)} />
              </label>
              <label>{t('password', lang)}
                <input data-testid="login-password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              </label>
              {failure && <p className="auth-error" role="alert" data-testid="login-error" data-kind={failure.kind}>{failureText(failure, lang, now)}</p>}
              <div className="auth-buttons">
                <button type="submit" className="primary" data-testid="login-submit" disabled={busy || throttled}>{busy ? t('signingIn', lang) : t('signIn', lang)}</button>
              </div>
            </form>
            {demoGuest && (
              <div className="auth-demo">
                <button type="button" data-testid="demo-visit" disabled={busy} onClick={() => void attempt(visitAsGuest, null)}>{t('demoVisit', lang)}</button>
                <span className="auth-note">{t('demoVisitNote', lang)}</span>
              </div>
            )}
          </>
        )}
      </div>
    </main>
  );
}

function failureText(f: SignInFailure, lang: Lang, now: number): string {
  switch (f.kind) {
    case 'wrong': return t('wrongCredentials', lang);
    case 'locked': return f.lockedUntil === null ? t('locked', lang) : t('lockedUntil', lang, { time: `${formatDate(f.lockedUntil, lang)} ${formatTime(f.lockedUntil, lang)}` });
    case 'throttled': {
      const s = secondsLeft(f.retryUntil, now);
      return s > 0 ? t('throttled', lang, { s }) : t('throttledDone', lang);
    }
    case 'unreachable': return t('unreachable', lang) + f.message;
    case 'incomplete': return t('fieldsRequired', lang);
    case 'other': return t('signInFailed', lang) + f.message;
  }
}

/** The time, ticking each second while `ticking` (the throttle's countdown). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
