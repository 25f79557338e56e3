/**
 * The signed-in person in a page's header: name and role, and a panel with the scopes, a password
 * change, the way to the admin pages (administrators) and sign-out. A wall screen (display
 * principal) shows nothing: it never signs out. Without sign-in on the server, nothing either.
 * Loads the session itself on mount; a 401 sends the page to sign in.
 */
import { useEffect, useState } from 'react';
import { ROLE_LABELS } from '../../streams/roles.ts';
import { useLang, type Lang } from '../i18n/i18n-store.ts';
import { t } from './auth-messages.ts';
import { PasswordForm } from './password-form.tsx';
import { isAdmin, loadSession, signOut, useSessionState, type SessionPrincipal } from './session.ts';
import './user-menu.css';

export interface UserMenuProps {
  /** A scope's name in the current language, where the page knows the place (its hierarchy). */
  scopeName?: (id: string, lang: Lang) => string | undefined;
}

export function UserMenu({ scopeName }: UserMenuProps) {
  const lang = useLang();
  const state = useSessionState();
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const [changed, setChanged] = useState(false);

  useEffect(() => {
    if (state.status === 'unknown') void loadSession().catch(() => {});
  }, [state.status]);

  if (state.status !== 'signed-in' || state.session.principal.kind === 'display') return null;
  const p = state.session.principal;
  return (
    <div className="user-menu" data-testid="user-menu" data-kind={p.kind}>
      <button type="button" className="user-menu-button" data-testid="user-menu-button" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
        <span data-testid="user-name">{p.displayName || p.name}</span> · <span data-testid="user-role">{rolesText(p, lang)}</span>
      </button>
      {open && (
        <div className="user-menu-panel" data-testid="user-menu-panel">
          <dl>
            <dt>{t('signedInAs', lang)}</dt><dd>{p.name}</dd>
            <dt>{t('role', lang)}</dt><dd>{rolesText(p, lang)}</dd>
            <dt>{t('scopes', lang)}</dt><dd data-testid="user-scopes">{scopesText(p, lang, scopeName)}</dd>
          </dl>
          {changed && <p className="auth-ok" role="status">{t('passwordChanged', lang)}</p>}
          {changing && p.kind === 'user' ? (
            <PasswordForm onDone={() => { setChanging(false); setChanged(true); }} onCancel={() => setChanging(false)} />
          ) : (
            <div className="user-menu-actions">
              {p.kind === 'user' && !p.roles.includes('demo_guest') && (
                <button type="button" data-testid="change-password" onClick={() => { setChanged(false); setChanging(true); }}>{t('changePassword', lang)}</button>
              )}
              {isAdmin(state.session) && <a className="button" data-testid="admin-link" href="/admin.html">{t('administration', lang)}</a>}
              <button type="button" data-testid="sign-out" onClick={() => void signOut()}>{t('signOut', lang)}</button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

export function rolesText(p: Pick<SessionPrincipal, 'roles'>, lang: Lang): string {
  return p.roles.map((r) => ROLE_LABELS[r]?.[lang] ?? r).join('、');
}

function scopesText(p: SessionPrincipal, lang: Lang, scopeName: UserMenuProps['scopeName']): string {
  if (p.roles.includes('admin') && p.scopes.length === 0) return t('allScopes', lang);
  if (p.scopes.length === 0) return t('noScopes', lang);
  return p.scopes.map((id) => scopeName?.(id, lang) ?? id).join('、');
}
