/**
 * The admin pages (`/admin.html?tab=users|tokens|displays|sites|notify|audit|deadletters`), administrators only: the server
 * refuses everyone else anyway (403); the page says so instead of showing empty tabs.
 */
import { useEffect, useState } from 'react';
import { setLang, useLang } from '../i18n/i18n-store.ts';
import { msg } from '../i18n/messages.ts';
import { UserMenu } from '../auth/user-menu.tsx';
import { isAdmin, loadSession, useSessionState } from '../auth/session.ts';
import { t } from './admin-messages.ts';
import { AuditTab } from './audit-tab.tsx';
import { DeadLettersTab } from './dead-letters-tab.tsx';
import { DisplaysTab } from './displays-tab.tsx';
import { NotifyTab } from './notify-tab.tsx';
import { SitesTab } from './sites-tab.tsx';
import { TokensTab } from './tokens-tab.tsx';
import { UsersTab } from './users-tab.tsx';

export const TABS = ['users', 'tokens', 'displays', 'sites', 'notify', 'audit', 'deadletters'] as const;
export type Tab = (typeof TABS)[number];

export function AdminApp({ initialTab }: { initialTab: Tab }) {
  const lang = useLang();
  const session = useSessionState();
  const [tab, setTab] = useState<Tab>(initialTab);
  useEffect(() => { void loadSession().catch(() => {}); }, []);
  const choose = (next: Tab) => {
    setTab(next);
    const url = new URL(window.location.href);
    url.searchParams.set('tab', next);
    window.history.replaceState(null, '', url);
  };

  let body;
  if (session.status === 'unknown' || session.status === 'signed-out') body = <p className="muted">{t('checkingSession', lang)}</p>;
  else if (session.status === 'unavailable') body = <p className="bad" role="alert" data-testid="admin-refused">{t('noAuth', lang)}{session.error}</p>;
  else if (!isAdmin(session.session)) body = <p className="bad" role="alert" data-testid="admin-refused">{t('notAdmin', lang)}</p>;
  else body = tab === 'users' ? <UsersTab /> : tab === 'tokens' ? <TokensTab /> : tab === 'displays' ? <DisplaysTab /> : tab === 'sites' ? <SitesTab /> : tab === 'notify' ? <NotifyTab /> : tab === 'deadletters' ? <DeadLettersTab /> : <AuditTab />;

  return (
    <div className="admin" data-testid="admin" data-tab={tab}>
      <header className="admin-header">
        <h1>{t('title', lang)}</h1>
        <nav className="admin-tabs" role="tablist">
          {TABS.map((x) => (
            <button key={x} type="button" role="tab" aria-selected={tab === x} className={tab === x ? 'active' : ''} data-testid={`tab-${x}`} onClick={() => choose(x)}>
              {t(`tab_${x}`, lang)}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <a href="/" className="button">{t('toCockpit', lang)}</a>
        <UserMenu />
        <button type="button" data-testid="lang-toggle" title={msg('langToggleTitle', lang)} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{msg('langToggle', lang)}</button>
      </header>
      <main className="admin-main">{body}</main>
    </div>
  );
}
