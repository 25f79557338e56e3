/**
 * Entry of a wall screen, `/display/<id>#token=<secret>`: takes the display token from the
 * fragment (and out of the address bar), exchanges it for a session that never expires (after a
 * reload the cookie alone signs in), reads the display's profile and shows the cockpit as the
 * profile says: node, layout, language, scale, carousel, idle pointer hidden, with the status
 * line, the heartbeat and the watchdog. While the server is unreachable it retries by itself; a
 * lost token is said on screen (nobody is at a wall to sign in).
 */
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { DisplayProfile } from '../../streams/displays.ts';
import { ApiError, getJson } from '../api/api-client.ts';
import { exchangeDisplayToken } from '../auth/auth-api.ts';
import { parseDisplayFragment } from '../auth/display-fragment.ts';
import { adoptSession, loadSession } from '../auth/session.ts';
import { CockpitApp } from '../app/cockpit-app.tsx';
import { navigateTo, navigationStore } from '../app/navigation.ts';
import { wallFocusStore } from '../app/wall-focus.ts';
import { LANG_TAGS, langStore, setLang, useLang } from '../i18n/i18n-store.ts';
import { IndicatorStore } from '../indicators/indicator-store.ts';
import { LiveStore } from '../live/live-store.ts';
import { startCarousel } from './carousel.ts';
import { clockOffset, startHeartbeat } from './heartbeat.ts';
import { reloadRecord } from './reload-record.ts';
import { applyScale, hideIdleCursor, keepAwake } from './screen-fit.ts';
import { StatusLine } from './status-line.tsx';
import { startWatchdog } from './watchdog.ts';
import { wallState } from './wall-state.ts';
import { ww } from './wall-words.ts';
import '../app/cockpit.css';
import './wall.css';

/** Wait before asking an unreachable server again, s. */
const RETRY_S = 5;
/** The display cookie lasts 400 days from its last renewal (GET /api/auth/me): a wall renews it daily. */
const RENEW_SESSION_MS = 24 * 3600_000;
/** Wait before asking again after a refusal (a token revoked, a profile deleted): an administrator may fix it, s. */
const REFUSED_RETRY_S = 60;

const displayId = decodeURIComponent(window.location.pathname.match(/^\/display\/([^/]+)\/?$/)?.[1] ?? '');
const { token } = parseDisplayFragment(window.location.hash);
window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
document.documentElement.lang = LANG_TAGS[langStore.getState().lang];
wallState.setState({ reloads: reloadRecord().count });

type Boot = { kind: 'starting' } | { kind: 'unreachable'; message: string } | { kind: 'refused'; message: string; tokenLost: boolean } | { kind: 'ready'; profile: DisplayProfile };

function WallPage() {
  const lang = useLang();
  const [boot, setBoot] = useState<Boot>({ kind: 'starting' });
  useEffect(() => {
    if (!displayId) { setBoot({ kind: 'refused', message: ww('noDisplayId', lang), tokenLost: false }); return; }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let exchanged = false;
    const ac = new AbortController();
    const attempt = async () => {
      try {
        if (token && !exchanged) { adoptSession(await exchangeDisplayToken(token)); exchanged = true; }
        else if (!exchanged) { await loadSession({ redirect: false, signal: ac.signal }); }
        const sentAt = Date.now();
        const { display, serverTime } = await getJson<{ display: DisplayProfile; serverTime: number }>(`/api/displays/${encodeURIComponent(displayId)}`, ac.signal, { noLoginRedirect: true });
        wallState.setState({ clockOffsetMs: clockOffset(sentAt, serverTime, Date.now()) });
        startAt(display);
        setBoot({ kind: 'ready', profile: display });
      } catch (e) {
        if (ac.signal.aborted) return;
        const status = e instanceof ApiError ? e.status : 0;
        const message = e instanceof ApiError ? e.serverMessage : String(e);
        if (status === 0 || status >= 500) {
          setBoot({ kind: 'unreachable', message });
          timer = setTimeout(() => void attempt(), RETRY_S * 1000);
        } else {
          setBoot({ kind: 'refused', message, tokenLost: status === 401 });
          timer = setTimeout(() => void attempt(), REFUSED_RETRY_S * 1000);
        }
      }
    };
    void attempt();
    return () => { ac.abort(); clearTimeout(timer); };
  }, []);
  if (boot.kind === 'ready') return <WallScreen profile={boot.profile} />;
  return (
    <main className="wall-boot" data-testid="wall-boot" data-state={boot.kind}>
      {boot.kind === 'starting' && <p>{ww('starting', lang)}</p>}
      {boot.kind === 'unreachable' && <p>{ww('serverUnreachable', lang, { s: RETRY_S })}{boot.message}</p>}
      {boot.kind === 'refused' && <p role="alert">{boot.tokenLost ? ww('tokenLost', lang) : `${ww('refused', lang)}${boot.message}`}</p>}
    </main>
  );
}

/** Before the cockpit mounts: the profile's language, and its first node in the URL and the navigation. */
function startAt(p: DisplayProfile): void {
  setLang(p.lang);
  const first = p.views[0]?.node ?? p.node;
  const url = new URL(window.location.href);
  url.searchParams.set('node', first);
  window.history.replaceState({ node: first }, '', url);
  navigationStore.setState({ node: first });
}

const store = new LiveStore();
const indicators = new IndicatorStore();

function WallScreen({ profile }: { profile: DisplayProfile }) {
  useEffect(() => {
    const undo = [applyScale(profile.scale, profile.layout), hideIdleCursor(profile.hideCursorS), keepAwake()];
    const heartbeat = startHeartbeat(profile.id);
    const renew = setInterval(() => void loadSession({ redirect: false }), RENEW_SESSION_MS);
    const watchdog = startWatchdog({
      noFrameS: profile.watchdog.noFrameS,
      heapLimitMb: profile.watchdog.heapLimitMb,
      report: (reason, detail) => heartbeat.beforeReload(reason, detail),
      onTrip: (reason) => wallState.setState({ reloading: reason }),
    });
    const carousel = startCarousel({
      views: profile.views,
      profileNode: profile.node,
      tree: () => store.api.getState().hierarchy,
      show: (step, index, count) => {
        wallFocusStore.setState({ panel: step.panel, scene: step.scene }, true);
        wallState.setState({ step: index, steps: count });
        navigateTo(step.node, { replace: true });
      },
    });
    return () => {
      clearInterval(renew);
      carousel.dispose();
      watchdog.dispose();
      heartbeat.dispose();
      for (const u of undo) u();
    };
  }, [profile]);
  return (
    <CockpitApp
      store={store}
      indicators={indicators}
      freshness={{ staleFactor: profile.watchdog.staleFactor, staleAfterS: profile.watchdog.staleAfterS }}
      wall={{ layout: profile.layout, footer: <StatusLine maxDriftS={profile.watchdog.maxDriftS} /> }}
    />
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('wall: wall.html has no #root element');
// No StrictMode: its double effect would spend the token exchange twice.
createRoot(root).render(<WallPage />);
