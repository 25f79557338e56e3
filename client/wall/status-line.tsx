/**
 * The wall's discreet status line, bottom right: how old the data is, the connection, the clock's
 * drift from the server's when it is more than `maxDriftS`, the carousel's position, reloads and
 * the version. Read at a glance from across the room; needs no hover. Re-renders once a second.
 */
import { useEffect, useState } from 'react';
import { useLang } from '../i18n/i18n-store.ts';
import { useLiveState, useLiveStore } from '../app/live-context.ts';
import { APP_VERSION } from '../app/app-version.ts';
import { useWallState } from './wall-state.ts';
import { ww } from './wall-words.ts';

export function StatusLine({ maxDriftS }: { maxDriftS: number }) {
  const lang = useLang();
  const store = useLiveStore();
  const phase = useLiveState((s) => s.connection.phase);
  const { step, steps, clockOffsetMs, reloading, reloads } = useWallState((s) => s);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const last = store.data.lastDataAt;
  const ageS = Math.max(0, Math.round((now - last) / 1000));
  const age = Number.isNaN(last) ? ww('noData', lang) : ageS >= 120 ? ww('ageMinutes', lang, { n: Math.floor(ageS / 60) }) : ww('ageSeconds', lang, { n: ageS });
  const driftS = Math.abs(clockOffsetMs) / 1000;
  const drifting = driftS > maxDriftS;
  return (
    <footer className="wall-status" data-testid="wall-status" data-phase={phase} data-step={step} data-steps={steps} data-drift={drifting ? 'true' : undefined}>
      {reloading ? <span className="wall-status-bad" role="alert">{ww('reloading', lang, { reason: reloading })}</span> : null}
      <span data-testid="wall-data-age">{ww('dataAge', lang, { age })}</span>
      <span className={phase === 'connected' ? 'wall-status-ok' : 'wall-status-warn'} data-testid="wall-connection">{ww(`conn_${phase}`, lang)}</span>
      {drifting ? <span className="wall-status-warn" data-testid="wall-clock-drift">{ww(clockOffsetMs < 0 ? 'clockAhead' : 'clockBehind', lang, { s: Math.round(driftS) })}</span> : null}
      {steps > 1 ? <span data-testid="wall-step">{ww('view', lang, { i: step + 1, n: steps })}</span> : null}
      {reloads > 0 ? <span data-testid="wall-reloads">{ww('reloads', lang, { n: reloads })}</span> : null}
      <span data-testid="wall-version">{ww('version', lang, { v: APP_VERSION })}</span>
    </footer>
  );
}
