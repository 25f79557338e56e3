/** Entry of the reports page (`/reports.html?kind=shift|indicators|energy&node=<id>&month=YYYY-MM`). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LANG_TAGS, langStore } from '../i18n/i18n-store.ts';
import { ReportsPage } from './reports-page.tsx';
import { askFromUrl } from './report-url.ts';
import '../auth/user-menu.css';
import './reports.css';

document.documentElement.lang = LANG_TAGS[langStore.getState().lang];
langStore.subscribe((s) => { document.documentElement.lang = LANG_TAGS[s.lang]; });
const root = document.getElementById('root');
if (!root) throw new Error('reports: reports.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ReportsPage initial={askFromUrl(window.location.search, Date.now())} />
  </StrictMode>,
);
