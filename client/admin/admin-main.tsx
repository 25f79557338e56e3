/** Entry of the admin pages (`/admin.html?tab=users|tokens|displays|sites|audit|deadletters`). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LANG_TAGS, langStore } from '../i18n/i18n-store.ts';
import { AdminApp, TABS, type Tab } from './admin-app.tsx';
import './admin.css';

document.documentElement.lang = LANG_TAGS[langStore.getState().lang];
const asked = new URLSearchParams(window.location.search).get('tab');
const tab: Tab = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'users';
const root = document.getElementById('root');
if (!root) throw new Error('admin: admin.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <AdminApp initialTab={tab} />
  </StrictMode>,
);
