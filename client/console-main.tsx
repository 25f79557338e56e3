/**
 * Entry of the alert console (`/console.html?node=<community or neighbourhood>`), or of its
 * printable handover report (`?view=handover&node=&from=&to=`).
 *
 * `?video=<template>` (remembered in localStorage as `console.videoTemplate`) points the camera
 * links at the customer's video platform: `{camera}` and `{community}` are replaced. Default none.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LANG_TAGS, langStore } from './i18n/i18n-store.ts';
import { ConsoleApp } from './console/console-app.tsx';
import { ConsoleStore } from './console/live/console-store.ts';
import { AlertSound } from './console/sound/alert-sound.ts';
import { HandoverPage } from './console/handover/handover-page.tsx';
import './app/cockpit.css';
import './console/console.css';

const params = new URLSearchParams(window.location.search);
document.documentElement.lang = LANG_TAGS[langStore.getState().lang];

function videoTemplate(): string | null {
  const KEY = 'console.videoTemplate';
  try {
    const fromUrl = params.get('video');
    if (fromUrl !== null) localStorage.setItem(KEY, fromUrl);
    return localStorage.getItem(KEY) || null;
  } catch {
    return params.get('video') || null;
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('console: console.html has no #root element');

if (params.get('view') === 'handover') {
  document.body.classList.add('printable');
  createRoot(root).render(
    <StrictMode>
      <HandoverPage node={params.get('node') ?? ''} from={Number(params.get('from'))} to={Number(params.get('to'))} />
    </StrictMode>,
  );
} else {
  // The store and the sound outlive StrictMode's double mount; the session inside is disposed and restarted.
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp store={new ConsoleStore()} sound={new AlertSound()} requestedNode={params.get('node')} videoTemplate={videoTemplate()} />
    </StrictMode>,
  );
}
