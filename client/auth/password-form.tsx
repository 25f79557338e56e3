/**
 * Choosing a new password: the current one, the new one twice. The policy is the server's; its
 * message (400) is shown as it is. Used by the forced change after sign-in and the user menu.
 */
import { useState } from 'react';
import { useLang } from '../i18n/i18n-store.ts';
import { ApiError } from '../api/api-client.ts';
import { t } from './auth-messages.ts';
import { changePassword } from './session.ts';

export interface PasswordFormProps {
  /** The password just typed at sign-in: not asked again. */
  knownOldPassword?: string;
  onDone: () => void;
  onCancel?: () => void;
}

export function PasswordForm({ knownOldPassword, onDone, onCancel }: PasswordFormProps) {
  const lang = useLang();
  const [oldPassword, setOld] = useState(knownOldPassword ?? '');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (newPassword !== repeat) { setError(t('passwordsDiffer', lang)); return; }
    setBusy(true);
    setError('');
    try {
      await changePassword(oldPassword, newPassword);
      onDone();
    } catch (e) {
      setError(t('passwordFailed', lang) + (e instanceof ApiError ? e.serverMessage : (e as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="auth-form" data-testid="password-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      {knownOldPassword === undefined && (
        <label>{t('oldPassword', lang)}
          <input type="password" data-testid="old-password" autoComplete="current-password" value={oldPassword} onChange={(e) => setOld(e.target.value)} required />
        </label>
      )}
      <label>{t('newPassword', lang)}
        <input type="password" data-testid="new-password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} required />
      </label>
      <label>{t('confirmPassword', lang)}
        <input type="password" data-testid="repeat-password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
      </label>
      {error && <p className="auth-error" role="alert" data-testid="password-error">{error}</p>}
      <div className="auth-buttons">
        <button type="submit" data-testid="password-save" disabled={busy || !newPassword}>{t('save', lang)}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t('cancel', lang)}</button>}
      </div>
    </form>
  );
}
