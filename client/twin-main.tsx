/**
 * The twin on its own page (`/twin.html?community=c-eling`): full screen, live, for walls and tests.
 * `&focus=ID` opens it flown to an object; `&bim=0` keeps every building as its massing close up too
 * (a wall PC without a graphics card).
 */
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { LiveStore } from './live/live-store.ts';
import { startLiveSession } from './app/live-session.ts';
import { LANG_TAGS, langStore } from './i18n/i18n-store.ts';
import { TwinView } from './twin/twin-view.tsx';
import './app/cockpit.css';

const params = new URLSearchParams(window.location.search);
const community = params.get('community') ?? 'c-eling';
document.documentElement.lang = LANG_TAGS[langStore.getState().lang];
const store = new LiveStore();
// ?probe=1 (the benchmark): time spent putting frames into the store, summed per revision tick.
if (params.get('probe') === '1') {
  const ring: number[] = [];
  (window as unknown as { __storeApplyMs: number[] }).__storeApplyMs = ring;
  let pending = 0;
  const apply = store.applyTelemetry.bind(store);
  store.applyTelemetry = (frame, snapshot) => {
    const t0 = performance.now();
    try { return apply(frame, snapshot); } finally { pending += performance.now() - t0; }
  };
  store.api.subscribe((s, prev) => {
    if (s.rev === prev.rev) return;
    ring.push(pending);
    pending = 0;
    if (ring.length > 4000) ring.splice(0, 2000);
  });
}

function TwinPage() {
  useEffect(() => {
    const session = startLiveSession({ store, requestedNode: community });
    return () => session.dispose();
  }, []);
  return <div style={{ position: 'fixed', inset: 0 }}><TwinView store={store} community={community} focus={params.get('focus')} bimShells={params.get('bim') !== '0'} /></div>;
}

const root = document.getElementById('root');
if (!root) throw new Error('twin: twin.html has no #root element');
createRoot(root).render(<StrictMode><TwinPage /></StrictMode>);
