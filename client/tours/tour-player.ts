/**
 * Plays a demo tour in the cockpit, without React: each step drills to its node (navigation.ts),
 * waits until the live session is there and the stage has put its camera in place
 * (tour-stage.ts), then runs the step's clock: the staged incident is raised at its time and
 * handled acknowledge → dispatch → resolve through /api/tours, and the next step follows when the
 * step's duration is over. The presenter moves on, back, pauses and jumps (presenter-keys.ts).
 *
 * Where the tour is (step, seconds into it, paused) is kept in the URL (`tourStep=`) and in
 * sessionStorage, so a reload mid-tour resumes there; a staged incident is asked for again and the
 * server answers the one it holds. Leaving a step ends its incident; ending the tour (Esc, or the
 * last step over) ends them all and takes the tour out of the URL, so the cockpit is as it was.
 *
 * Owns its timers and subscriptions; `dispose()` releases them (and does not end the tour: a
 * reload disposes too, and must resume).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { TRANSITIONS, type AlertRecord } from '../../streams/alert-lifecycle.ts';
import type { Tour, TourStep } from '../../streams/tours/tour.ts';
import { sendJson } from '../api/api-client.ts';
import { navigateTo } from '../app/navigation.ts';
import type { LiveStore } from '../live/live-store.ts';
import { tourStage, type CameraView } from './tour-stage.ts';

export interface TourPlayerState {
  index: number;
  paused: boolean;
  /** The step's view is in place and its clock runs (unless paused). */
  arrived: boolean;
  /** Tour seconds into the step at `since` (performance.now(), ms). */
  elapsed: number;
  since: number;
  /** The step's staged incident as last answered, or null. */
  incident: AlertRecord | null;
  /** Why the step's incident could not be staged or handled, or null. */
  incidentError: string | null;
  ended: boolean;
}

export interface TourPlayerOptions {
  tour: Tour;
  store: LiveStore;
  /** Speed factor: 10 plays a step of 20 s in 2 s. Default 1. */
  speed?: number;
  /** Where to begin (a reload resumes): a step id, tour seconds into it, paused. Default the first step. */
  resume?: { step: string; elapsed: number; paused: boolean } | null;
  /** The node the cockpit showed before the tour, shown again when it ends. Default none (it stays at the last step's). */
  returnTo?: string | null;
  /** Called once the tour has ended (Esc, or the last step over). */
  onEnd?(): void;
}

/** What tests read of a playing tour (`window.__tour`). */
export interface TourProbe {
  tour: string;
  /** One entry per step arrived at, in order. */
  arrivals: { step: string; caption: string; node: string | null; target: 'twin' | 'map' | null; view: CameraView | null; timedOut: boolean }[];
  /** Each state the staged incidents went through, in order (`<step>:<state>`). */
  incidents: string[];
  state(): TourPlayerState & { step: string };
}

declare global { interface Window { __tour?: TourProbe } }

/** The longest a step waits for its node and camera before its clock starts anyway, ms. */
export const ARRIVAL_TIMEOUT_MS = 30_000;
export const TOUR_STORAGE_KEY = 'cockpit.tour';
/** URL parameters of a tour: which tour, which step, how fast. */
export const TOUR_PARAMS = ['tour', 'tourStep', 'tourSpeed'] as const;

export class TourPlayer {
  readonly state: StoreApi<TourPlayerState>;
  readonly tour: Tour;
  readonly speed: number;
  private readonly store: LiveStore;
  private readonly onEnd: (() => void) | undefined;
  private readonly returnTo: string | null;
  private readonly probe: TourProbe;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private arrivalTimer: ReturnType<typeof setTimeout> | undefined;
  private waiting: (() => void)[] = [];
  private seq = 0;
  /** Moves on with every step entered: an answer for a step already left is not applied. */
  private generation = 0;
  /** A call to /api/tours for the incident is under way. */
  private busy = false;
  private readonly onPageHide = () => this.persist();
  private disposed = false;

  constructor(opts: TourPlayerOptions) {
    this.tour = opts.tour;
    this.store = opts.store;
    this.speed = opts.speed ?? 1;
    this.onEnd = opts.onEnd;
    this.returnTo = opts.returnTo ?? null;
    const r = opts.resume;
    const at = r ? Math.max(0, this.tour.steps.findIndex((s) => s.id === r.step)) : 0;
    this.state = createStore<TourPlayerState>()(() => ({
      index: at, paused: r?.paused ?? false, arrived: false, elapsed: 0, since: performance.now(), incident: null, incidentError: null, ended: false,
    }));
    this.probe = {
      tour: this.tour.id, arrivals: [], incidents: [],
      state: () => ({ ...this.state.getState(), step: this.step().id }),
    };
    window.__tour = this.probe;
    window.addEventListener('pagehide', this.onPageHide);
    const resumeAt = r && this.tour.steps[at]?.id === r.step ? Math.min(r.elapsed, this.tour.steps[at].duration) : 0;
    this.enter(at, resumeAt);
  }

  step(): TourStep {
    return this.tour.steps[this.state.getState().index];
  }

  /** Tour seconds into the current step, now. */
  elapsed(): number {
    const s = this.state.getState();
    return s.arrived && !s.paused ? s.elapsed + ((performance.now() - s.since) / 1000) * this.speed : s.elapsed;
  }

  next(): void {
    const i = this.state.getState().index;
    if (i + 1 < this.tour.steps.length) this.enter(i + 1, 0);
    else this.end();
  }

  prev(): void {
    this.enter(Math.max(0, this.state.getState().index - 1), 0);
  }

  /** Jumps to a step (by its position). */
  go(index: number): void {
    if (index >= 0 && index < this.tour.steps.length) this.enter(index, 0);
  }

  togglePause(): void {
    const s = this.state.getState();
    if (s.ended) return;
    if (s.paused) this.state.setState({ paused: false, since: performance.now() });
    else this.state.setState({ paused: true, elapsed: this.elapsed(), since: performance.now() });
    this.schedule();
  }

  /** Ends the tour: its incidents are ended, the panel and the URL are as before it. */
  end(): void {
    if (this.state.getState().ended) return;
    this.leaveStep();
    void sendJson('DELETE', '/api/tours/incidents').catch((e: Error) => console.warn(`tour: ending the staged incidents: ${e.message}`));
    this.state.setState({ ended: true, paused: true });
    leaveTourUrl();
    if (this.returnTo) navigateTo(this.returnTo, { replace: true });
    this.dispose();
    this.onEnd?.();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.persist();
    this.stopWaiting();
    clearTimeout(this.timer);
    window.removeEventListener('pagehide', this.onPageHide);
    tourStage.setState({ request: null, arrived: null, panel: null });
    // An ended tour's probe stays for whoever wants its record; a disposed one (a reload) goes.
    if (window.__tour === this.probe && !this.state.getState().ended) delete window.__tour;
  }

  private enter(index: number, elapsed: number): void {
    if (this.disposed) return;
    this.leaveStep();
    this.generation++;
    clearTimeout(this.timer);
    this.stopWaiting();
    const step = this.tour.steps[index];
    this.state.setState({ index, elapsed, since: performance.now(), arrived: false, incident: null, incidentError: null });
    tourStage.setState({ panel: step.panel ?? null, request: null, arrived: null });
    const url = new URL(window.location.href);
    url.searchParams.set('tourStep', step.id);
    window.history.replaceState(window.history.state, '', url);
    this.persist();
    navigateTo(step.node, { replace: true });
    this.awaitArrival(step);
  }

  /** Waits for the live session at the step's node, asks for its camera, and starts the clock when the stage reports it. */
  private awaitArrival(step: TourStep): void {
    const gen = this.generation;
    let requested = false;
    const check = () => {
      if (gen !== this.generation || this.disposed) return;
      const live = this.store.api.getState().node;
      if (!requested && live?.id === step.node) {
        requested = true;
        const twin = live.level === 'community' || live.level === 'neighbourhood';
        tourStage.setState({
          request: {
            seq: ++this.seq, target: twin ? 'twin' : 'map', node: step.node, community: twin ? (live.level === 'community' ? live.id : live.parent) : null,
            camera: step.camera ?? null, layers: step.layers ?? null, speed: this.speed,
          },
          arrived: null,
        });
      }
      const arrived = tourStage.getState().arrived;
      if (requested && arrived?.seq === this.seq) this.arrive(step, arrived.target, arrived.view, false);
    };
    this.waiting.push(this.store.api.subscribe(check), tourStage.subscribe(check));
    this.arrivalTimer = setTimeout(() => {
      if (gen !== this.generation) return;
      console.warn(`tour: step "${step.id}": its node or camera was not ready within ${ARRIVAL_TIMEOUT_MS / 1000} s; going on`);
      this.arrive(step, null, null, true);
    }, ARRIVAL_TIMEOUT_MS);
    check();
  }

  private arrive(step: TourStep, target: 'twin' | 'map' | null, view: CameraView | null, timedOut: boolean): void {
    // The stage may report while the request is still being handed out (a nested store update).
    if (this.state.getState().arrived) return;
    this.stopWaiting();
    this.state.setState({ arrived: true, since: performance.now() });
    const live = this.store.api.getState().node;
    this.probe.arrivals.push({ step: step.id, caption: step.caption.zh, node: live?.id ?? null, target, view, timedOut });
    this.schedule();
  }

  private stopWaiting(): void {
    clearTimeout(this.arrivalTimer);
    for (const release of this.waiting) release();
    this.waiting = [];
  }

  /** Runs what is due now and sets the timer for what comes next (the incident, a handling step, the step's end). */
  private schedule(): void {
    clearTimeout(this.timer);
    const s = this.state.getState();
    if (this.disposed || s.ended || !s.arrived || s.paused) return;
    const step = this.step();
    const now = this.elapsed();
    const inc = step.incident;
    let due = step.duration;
    if (inc && !s.incidentError && !this.busy) {
      if (!s.incident) due = Math.min(due, inc.at ?? 1);
      else {
        const next = inc.handling[handledSteps(step, s.incident)];
        if (next) due = Math.min(due, next.at);
      }
    }
    // While a call for the incident is under way the step does not end; its answer schedules again.
    if (this.busy && due >= step.duration) return;
    if (due <= now) { this.runDue(step); return; }
    this.timer = setTimeout(() => this.schedule(), ((due - now) * 1000) / this.speed);
    this.persist();
  }

  private runDue(step: TourStep): void {
    const s = this.state.getState();
    const inc = step.incident;
    if (inc && !s.incidentError) {
      if (!s.incident) { void this.callIncident(step, 'POST', `/api/tours/${enc(this.tour.id)}/steps/${enc(step.id)}/incident`); return; }
      const next = inc.handling[handledSteps(step, s.incident)];
      if (next && next.at <= this.elapsed()) {
        void this.callIncident(step, 'POST', `/api/tours/incidents/${s.incident.id}/${next.action}`, next.assignee ? { assignee: next.assignee.zh } : {});
        return;
      }
    }
    this.next();
  }

  private async callIncident(step: TourStep, method: 'POST', path: string, body?: unknown): Promise<void> {
    const gen = this.generation;
    this.busy = true;
    try {
      const { alert } = await sendJson<{ alert: AlertRecord }>(method, path, body);
      if (gen !== this.generation || this.disposed) {
        // The presenter moved on while it was raised: it ends at once.
        if (this.state.getState().incident?.id !== alert.id) void endIncident(alert.id);
        return;
      }
      this.store.holdDemoAlert(alert);
      this.state.setState({ incident: alert });
      this.probe.incidents.push(`${step.id}:${alert.state}`);
    } catch (e) {
      if (gen === this.generation) this.state.setState({ incidentError: (e as Error).message });
      console.warn(`tour: step "${step.id}": ${(e as Error).message}`);
    } finally {
      if (gen === this.generation) {
        this.busy = false;
        this.schedule();
      }
    }
  }

  /** Ends the current step's incident: gone from the screen, and from the server. */
  private leaveStep(): void {
    const a = this.state.getState().incident;
    this.busy = false;
    if (!a) return;
    this.store.dropDemoAlert(a.id);
    this.state.setState({ incident: null });
    void endIncident(a.id);
  }

  private persist(): void {
    if (this.state.getState().ended) return;
    const s = this.state.getState();
    try {
      sessionStorage.setItem(TOUR_STORAGE_KEY, JSON.stringify({ tour: this.tour.id, step: this.step().id, elapsed: this.elapsed(), paused: s.paused, returnTo: this.returnTo }));
    } catch {
      // Storage may be disabled; the URL still names the step.
    }
  }
}

/** How many of the step's handling steps the incident has been through (its state says). */
export function handledSteps(step: TourStep, a: AlertRecord): number {
  const h = step.incident?.handling ?? [];
  for (let i = h.length - 1; i >= 0; i--) if (TRANSITIONS[h[i].action].to === a.state) return i + 1;
  return 0;
}

/** Where a reload left this tour (sessionStorage), or null. */
export function storedTour(tourId: string): { step: string; elapsed: number; paused: boolean; returnTo: string | null } | null {
  try {
    const raw = sessionStorage.getItem(TOUR_STORAGE_KEY);
    const v = raw ? JSON.parse(raw) as { tour?: unknown; step?: unknown; elapsed?: unknown; paused?: unknown; returnTo?: unknown } : null;
    if (!v || v.tour !== tourId || typeof v.step !== 'string') return null;
    return {
      step: v.step, elapsed: typeof v.elapsed === 'number' && v.elapsed >= 0 ? v.elapsed : 0, paused: v.paused === true,
      returnTo: typeof v.returnTo === 'string' ? v.returnTo : null,
    };
  } catch {
    return null;
  }
}

/** Takes the tour out of the URL and out of sessionStorage. */
export function leaveTourUrl(): void {
  clearStoredTour();
  const url = new URL(window.location.href);
  for (const p of TOUR_PARAMS) url.searchParams.delete(p);
  window.history.replaceState(window.history.state, '', url);
}

function clearStoredTour(): void {
  try {
    sessionStorage.removeItem(TOUR_STORAGE_KEY);
  } catch {
    // See persist.
  }
}

function endIncident(id: number): Promise<void> {
  return sendJson('DELETE', `/api/tours/incidents/${id}`).catch((e: Error) => {
    // Already gone (expired, or ended with the tour) is what was wanted.
    if (!/ 404 /.test(e.message)) console.warn(`tour: ending staged incident ${id}: ${e.message}`);
  });
}

const enc = encodeURIComponent;
