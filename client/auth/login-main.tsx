/** Entry of the sign-in page (`/login.html?next=<path on this site>`). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LANG_TAGS, langStore } from '../i18n/i18n-store.ts';
import { LoginPage } from './login-page.tsx';
import './auth.css';

document.documentElement.lang = LANG_TAGS[langStore.getState().lang];
const root = document.getElementById('root');
if (!root) throw new Error('login: login.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <LoginPage rawNext={new URLSearchParams(window.location.search).get('next')} />
  </StrictMode>,
);
