/** Entry point: reads the URL, creates the live and indicator stores and mounts the cockpit. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CockpitApp } from './app/cockpit-app.tsx';
import { LiveStore } from './live/live-store.ts';
import { IndicatorStore } from './indicators/indicator-store.ts';
import { LANG_TAGS, langStore } from './i18n/i18n-store.ts';
import './app/cockpit.css';

const params = new URLSearchParams(window.location.search);
document.documentElement.lang = LANG_TAGS[langStore.getState().lang];

const root = document.getElementById('root');
if (!root) throw new Error('cockpit: index.html has no #root element');

const store = new LiveStore();
const mount = () => createRoot(root).render(
  <StrictMode>
    <CockpitApp store={store} indicators={new IndicatorStore()} />
  </StrictMode>,
);
// `?perf=1`: the benchmark's probe (test/bench/cockpit.ts), loaded apart and installed before any frame arrives.
if (params.get('perf') === '1') void import('./app/perf-probe.ts').then((m) => m.installPerfProbe(store)).then(mount);
else mount();
