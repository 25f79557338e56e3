/**
 * The cockpit's tour mode (`?tour=<id>`, `&tourSpeed=` to play faster): reads the tour
 * (`GET /api/tours/:id`), plays it with a TourPlayer for as long as it is mounted, listens for the
 * presenter's keys and shows the caption, the narration, the progress (steps to jump to, the
 * step's time), pause and the staged incident's state. A reload resumes where the tour was.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { ALERT_STATE_LABELS } from '../../streams/alert-lifecycle.ts';
import { INCIDENT_KINDS, type TourAnswer } from '../../streams/tours/tour.ts';
import { getJson } from '../api/api-client.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { navigationStore } from '../app/navigation.ts';
import type { LiveStore } from '../live/live-store.ts';
import { listenForPresenterKeys } from './presenter-keys.ts';
import { leaveTourUrl, storedTour, TourPlayer } from './tour-player.ts';
import { tw } from './tour-words.ts';
import './tour-mode.css';

export interface TourModeProps {
  tourId: string;
  store: LiveStore;
  /** Speed factor (`?tourSpeed=`), 0.1 to 1000. Default 1. */
  speed?: number;
  /** The step to start at (`?tourStep=`, a reload), else where sessionStorage says, else the first. */
  startStep?: string | null;
  /** The tour ended (Esc or its last step over). */
  onEnd(): void;
}

export function TourMode({ tourId, store, speed = 1, startStep = null, onEnd }: TourModeProps) {
  const lang = useLang();
  const [answer, setAnswer] = useState<TourAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [player, setPlayer] = useState<TourPlayer | null>(null);
  const endRef = useRef(onEnd);
  endRef.current = onEnd;

  useEffect(() => {
    const ac = new AbortController();
    getJson<TourAnswer>(`/api/tours/${encodeURIComponent(tourId)}`, ac.signal).then(setAnswer, (e: Error) => {
      if (ac.signal.aborted) return;
      console.warn(`tour: ${e.message}`);
      setError(e.message);
    });
    return () => ac.abort();
  }, [tourId]);

  useEffect(() => {
    if (!answer || answer.tour.steps.length === 0) return;
    const stored = storedTour(answer.tour.id);
    const step = startStep ?? stored?.step;
    const resume = step ? { step, elapsed: stored?.step === step ? stored.elapsed : 0, paused: stored?.step === step ? stored.paused : false } : null;
    // Shown again when the tour ends: the node before it (a reload mid-tour remembers the first one).
    const returnTo = stored ? stored.returnTo : navigationStore.getState().node;
    const p = new TourPlayer({ tour: answer.tour, store, speed, resume, returnTo, onEnd: () => endRef.current() });
    const stopKeys = listenForPresenterKeys(p);
    setPlayer(p);
    return () => {
      stopKeys();
      p.dispose();
    };
    // The start step is read once: later steps live in the player.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [answer, store, speed]);

  const failed = error !== null || (answer !== null && answer.tour.steps.length === 0);
  // A tour that cannot be played is closed with Esc, like one that plays.
  useEffect(() => {
    if (!failed) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { leaveTourUrl(); endRef.current(); } };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [failed]);

  if (failed) {
    return <div className="tour-overlay tour-failed" data-testid="tour-overlay" data-state="failed">{tw('loadFailed', lang)}{error ? `: ${error}` : ''} · {tw('escCloses', lang)}</div>;
  }
  if (!answer || !player) return <div className="tour-overlay" data-testid="tour-overlay" data-state="loading">{tw('loading', lang)}</div>;
  return <TourOverlay player={player} skipped={answer.skipped.length} />;
}

function TourOverlay({ player, skipped }: { player: TourPlayer; skipped: number }) {
  const lang = useLang();
  const index = useStore(player.state, (s) => s.index);
  const paused = useStore(player.state, (s) => s.paused);
  const arrived = useStore(player.state, (s) => s.arrived);
  const incident = useStore(player.state, (s) => s.incident);
  const incidentError = useStore(player.state, (s) => s.incidentError);
  const ended = useStore(player.state, (s) => s.ended);
  const bar = useRef<HTMLDivElement>(null);
  const steps = player.tour.steps;
  const step = steps[index];

  // The step's time, 4 times a second on the bar's own style: nothing else re-renders.
  useEffect(() => {
    const draw = () => { if (bar.current) bar.current.style.width = `${Math.min(100, (100 * player.elapsed()) / step.duration)}%`; };
    draw();
    const timer = setInterval(draw, 250);
    return () => clearInterval(timer);
  }, [player, step]);

  if (ended) return null;
  const kind = step.incident ? INCIDENT_KINDS[step.incident.kind] : undefined;
  return (
    <div className="tour-overlay" data-testid="tour-overlay" data-state={paused ? 'paused' : arrived ? 'playing' : 'moving'} data-step={step.id}>
      <div className="tour-progress" data-testid="tour-progress">
        <span className="tour-title">{tw('tour', lang)} · {player.tour.title[lang]}</span>
        <span className="tour-count" data-testid="tour-count">{tw('stepOf', lang, { i: index + 1, n: steps.length })}</span>
        <ol className="tour-steps">
          {steps.map((s, i) => (
            <li key={s.id}>
              <button type="button" data-testid="tour-step" data-step={s.id} data-current={i === index ? '1' : undefined}
                className={i < index ? 'done' : i === index ? 'current' : ''} title={s.caption[lang]} onClick={(e) => { e.currentTarget.blur(); player.go(i); }}>
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
        {paused ? <span className="tour-paused" data-testid="tour-paused">{tw('paused', lang)}</span> : !arrived ? <span className="tour-moving">{tw('waiting', lang)}</span> : null}
      </div>
      <div className="tour-time"><div ref={bar} /></div>
      <div className="tour-caption-box">
        <div className="tour-caption" data-testid="tour-caption">{step.caption[lang]}</div>
        <div className="tour-narration" data-testid="tour-narration">{step.narration[lang]}</div>
        {kind && (incident || incidentError) ? (
          <div className="tour-incident" data-testid="tour-incident" data-state={incident?.state ?? 'failed'}>
            {incident
              ? <>{tw('incident', lang)} · {kind.label[lang]} · <b>{ALERT_STATE_LABELS[incident.state][lang]}</b>{incident.assignee ? ` · ${incident.assignee}` : ''} · <i>{tw('demoNote', lang)}</i></>
              : <>{tw('incidentFailed', lang)}: {incidentError}</>}
          </div>
        ) : null}
      </div>
      <div className="tour-keys">{tw('keys', lang)}{skipped > 0 ? ` · ${tw('skipped', lang, { n: skipped })}` : ''}</div>
    </div>
  );
}
