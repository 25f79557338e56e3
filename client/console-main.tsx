/**
 * Entry of the alert console (`/console.html?node=<community or neighbourhood>`), or of its
 * printable handover report (`?view=handover&node=&from=&to=`), or of a printable drill report
 * (`?view=drill&id=`).
 *
 * The camera links' video platform is the server's setting (VIDEO_LINK_TEMPLATE, read from
 * `GET /api/client-config`): no URL parameter or stored value can point them elsewhere.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LANG_TAGS, langStore } from './i18n/i18n-store.ts';
import { ConsoleApp } from './console/console-app.tsx';
import { ConsoleStore } from './console/live/console-store.ts';
import { AlertSound } from './console/sound/alert-sound.ts';
import { HandoverPage } from './console/handover/handover-page.tsx';
import { DrillReportPage } from './console/plan/drill-report-page.tsx';
import './app/cockpit.css';
import './console/console.css';

const params = new URLSearchParams(window.location.search);
document.documentElement.lang = LANG_TAGS[langStore.getState().lang];

// Earlier versions took the video link template from `?video=` and kept it here; a value planted
// that way must not linger in the browser.
try {
  localStorage.removeItem('console.videoTemplate');
} catch {
  // Storage disabled: nothing was kept either.
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
} else if (params.get('view') === 'drill') {
  document.body.classList.add('printable');
  createRoot(root).render(
    <StrictMode>
      <DrillReportPage id={Number(params.get('id'))} />
    </StrictMode>,
  );
} else {
  // The store and the sound outlive StrictMode's double mount; the session inside is disposed and restarted.
  const store = new ConsoleStore();
  // `?alert=<id>`: opened from a notification's link, the alert is shown ready to acknowledge.
  const linked = Number(params.get('alert'));
  if (Number.isSafeInteger(linked) && linked > 0) store.select(linked);
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp store={store} sound={new AlertSound()} requestedNode={params.get('node')} />
    </StrictMode>,
  );
}
