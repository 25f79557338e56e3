/**
 * Users: the list with roles, scopes and state; creating one; editing its name, roles, scopes and
 * password; disabling, unlocking and deleting. Names are whatever an administrator typed, so they
 * are only ever rendered as text.
 */
import { useCallback, useEffect, useState } from 'react';
import { ROLE_LABELS, USER_ROLES, type UserRole } from '../../streams/roles.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { createUser, deleteUser, listUsers, unlockUser, updateUser, type AdminUser } from './admin-api.ts';
import { t } from './admin-messages.ts';
import { errorText } from './error-text.ts';
import { formatWhen } from './format.ts';
import { SitePicker } from './site-picker.tsx';

type Editing = { mode: 'create' } | { mode: 'edit'; user: AdminUser } | null;

export function UsersTab() {
  const lang = useLang();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<Editing>(null);

  const reload = useCallback(() => {
    listUsers().then((u) => { setUsers(u); setError(''); }, (e) => setError(t('loadFailed', lang) + errorText(e)));
  }, [lang]);
  useEffect(reload, [reload]);

  const run = async (what: () => Promise<unknown>) => {
    try {
      await what();
      setError('');
    } catch (e) {
      setError(t('failed', lang) + errorText(e));
    }
    reload();
  };
  const now = Date.now();

  return (
    <section className="admin-section" data-testid="users-tab">
      <div className="admin-toolbar">
        <button type="button" data-testid="user-new" onClick={() => setEditing({ mode: 'create' })}>{t('newUser', lang)}</button>
        <button type="button" onClick={reload}>{t('refresh', lang)}</button>
        {users && <span className="muted">{t('userCount', lang, { n: users.length })}</span>}
      </div>
      {error && <p className="bad" role="alert" data-testid="users-error">{error}</p>}
      {editing && <UserForm key={editing.mode === 'edit' ? editing.user.id : 'new'} editing={editing} onClose={(changed) => { setEditing(null); if (changed) reload(); }} />}
      {users === null ? <p className="muted">{t('loading', lang)}</p> : users.length === 0 ? <p className="muted">{t('noUsers', lang)}</p> : (
        <table className="admin-table" data-testid="users-table">
          <thead>
            <tr>
              <th>{t('username', lang)}</th><th>{t('displayName', lang)}</th><th>{t('roles', lang)}</th><th>{t('scopes', lang)}</th>
              <th>{t('status', lang)}</th><th>{t('lastLogin', lang)}</th><th>{t('actions', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const locked = u.lockedUntil !== null && u.lockedUntil > now;
              return (
                <tr key={u.id} data-testid="user-row" data-user-id={u.id} data-username={u.username}>
                  <td data-testid="user-username">{u.username}</td>
                  <td data-testid="user-display-name">{u.displayName}</td>
                  <td>{u.roles.map((r) => ROLE_LABELS[r]?.[lang] ?? r).join('、')}</td>
                  <td className="ids">{u.scopes.join('、') || (u.roles.includes('admin') ? t('everything', lang) : t('none', lang))}</td>
                  <td data-testid="user-status">
                    {u.disabled ? t('disabled', lang) : t('active', lang)}
                    {locked && <> · <span className="warn">{t('lockedUntil', lang, { time: formatWhen(u.lockedUntil, lang) })}</span></>}
                    {u.mustChangePassword && <> · {t('mustChange', lang)}</>}
                  </td>
                  <td>{formatWhen(u.lastLoginAt, lang, t('never', lang))}</td>
                  <td className="row-actions">
                    <button type="button" data-testid="user-edit" onClick={() => setEditing({ mode: 'edit', user: u })}>{t('edit', lang)}</button>
                    <button type="button" data-testid="user-toggle-disabled" onClick={() => void run(() => updateUser(u.id, { disabled: !u.disabled }))}>
                      {u.disabled ? t('enable', lang) : t('disable', lang)}
                    </button>
                    {locked && <button type="button" data-testid="user-unlock" onClick={() => void run(() => unlockUser(u.id))}>{t('unlock', lang)}</button>}
                    <button type="button" className="danger" data-testid="user-delete" onClick={() => {
                      if (window.confirm(t('confirmDeleteUser', lang, { name: u.username }))) void run(() => deleteUser(u.id));
                    }}>{t('delete', lang)}</button>
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

function UserForm({ editing, onClose }: { editing: NonNullable<Editing>; onClose: (changed: boolean) => void }) {
  const lang = useLang();
  const user = editing.mode === 'edit' ? editing.user : null;
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<UserRole[]>(() => (user?.roles ?? []).filter((r): r is UserRole => (USER_ROLES as readonly string[]).includes(r)));
  const [scopes, setScopes] = useState<string[]>(user?.scopes ?? []);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (roles.length === 0) { setError(t('rolesRequired', lang)); return; }
    setBusy(true);
    try {
      if (user) await updateUser(user.id, { displayName, roles, scopes, ...(password ? { password } : {}) });
      else await createUser({ username: username.trim(), displayName, password, roles, scopes });
      onClose(true);
    } catch (e) {
      setError(t('failed', lang) + errorText(e));
      setBusy(false);
    }
  };

  return (
    <form className="admin-form" data-testid="user-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3>{user ? t('editUser', lang, { name: user.username }) : t('newUser', lang)}</h3>
      <div className="form-grid">
        <label>{t('username', lang)}
          <input data-testid="user-form-username" autoComplete="off" value={username} disabled={user !== null} required maxLength={64} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>{t('displayName', lang)}
          <input data-testid="user-form-display-name" value={displayName} maxLength={100} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label>{user ? t('newPassword', lang) : t('password', lang)}
          <input data-testid="user-form-password" type="password" autoComplete="new-password" value={password} required={user === null} onChange={(e) => setPassword(e.target.value)} />
        </label>
      </div>
      <fieldset>
        <legend>{t('roles', lang)}</legend>
        {USER_ROLES.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" data-testid={`role-${r}`} checked={roles.includes(r)} onChange={(e) => setRoles((rs) => (e.target.checked ? [...rs, r] : rs.filter((x) => x !== r)))} />
            {ROLE_LABELS[r][lang]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('scopes', lang)}</legend>
        <SitePicker value={scopes} onChange={setScopes} />
      </fieldset>
      {error && <p className="bad" role="alert" data-testid="user-form-error">{error}</p>}
      <div className="form-buttons">
        <button type="submit" className="primary" data-testid="user-form-save" disabled={busy}>{t('save', lang)}</button>
        <button type="button" onClick={() => onClose(false)}>{t('cancel', lang)}</button>
      </div>
    </form>
  );
}
