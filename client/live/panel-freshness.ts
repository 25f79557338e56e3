/**
 * Whether each panel's data is stale: older than a few times the normal reporting interval of the
 * families it shows (an energy meter reports every 60 s, so energy is stale after 3 min at the
 * default factor of 3). Panels fed by no telemetry (alerts, indicators) go stale when the live
 * connection has been down that long. One 1 s timer computes it for every panel into a small
 * store, so a panel re-renders only when its own marker changes.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { familyOf } from '../../streams/families/index.ts';
import { hasTelemetry } from './live-connection.ts';
import type { LiveStore } from './live-store.ts';

/** Measurements each panel (its PanelFrame id) draws from. */
export const PANEL_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  energy: ['energy'],
  parking: ['parking', 'parking_space'],
  pipes: ['pipe'],
  environment: ['env'],
  services: ['elevator', 'fire_water', 'waste_bin', 'access_control', 'utility_meter'],
};
/** Panels fed by the connection alone (events, records, assessments). */
const CONNECTION_PANELS = ['scenes', 'progress', 'items', 'rankings', 'alert-stats', 'alerts'];
/** Summaries above a community arrive about this often, s. */
const SUMMARY_INTERVAL_S = 60;

export interface FreshnessOptions {
  /** Stale after this many times the families' interval. Default 3. */
  staleFactor?: number;
  /** Or stale after this many seconds whatever the family. Default none. */
  staleAfterS?: number | null;
  /** Check period, ms. Default 1000. */
  everyMs?: number;
}

/** Age of each stale panel's data, s (absent: fresh or never had data). */
export const freshnessStore = createStore<{ stale: Readonly<Record<string, number>> }>()(() => ({ stale: {} }));

/** How old the panel's data is when stale, s; undefined while fresh. */
export function usePanelStaleness(panel: string): number | undefined {
  return useStore(freshnessStore, (s) => s.stale[panel]);
}

/** Starts the check; returns the function that stops it and clears the markers. */
export function startPanelFreshness(store: LiveStore, opts: FreshnessOptions = {}): () => void {
  const factor = opts.staleFactor ?? 3;
  const thresholdS = (intervalS: number) => opts.staleAfterS ?? factor * intervalS;
  // Before the first connection nothing is stale yet: the page is starting, and says so.
  let wasConnected = false;
  const check = () => {
    const now = Date.now();
    const d = store.data;
    const s = store.api.getState();
    const next: Record<string, number> = {};
    // Newest arrival per measurement, one pass over the schema.
    const newest = new Map<string, number>();
    for (const [id, series] of d.schema) {
      const t = d.arrivedT[id];
      if (t > (newest.get(series.measurement) ?? -Infinity)) newest.set(series.measurement, t);
    }
    const telemetry = s.node ? hasTelemetry(s.node.level) : true;
    for (const [panel, families] of Object.entries(PANEL_FAMILIES)) {
      let at = NaN;
      let intervalS = 0;
      if (telemetry) {
        for (const f of families) {
          const t = newest.get(f);
          if (t !== undefined && !(t <= at)) at = t;
          intervalS = Math.max(intervalS, familyOf(f)?.intervalS ?? 0);
        }
      } else {
        at = d.summaryAt;
        intervalS = SUMMARY_INTERVAL_S;
      }
      // Never had data: the panel says so itself.
      if (Number.isNaN(at) || intervalS === 0) continue;
      const ageS = (now - at) / 1000;
      if (ageS > thresholdS(intervalS)) next[panel] = shownAge(ageS);
    }
    if (s.connection.phase === 'connected') wasConnected = true;
    const down = wasConnected && s.connection.phase !== 'connected' ? (now - s.connection.since) / 1000 : 0;
    if (down > thresholdS(SUMMARY_INTERVAL_S)) for (const p of CONNECTION_PANELS) next[p] = shownAge(down);
    const prev = freshnessStore.getState().stale;
    const keys = Object.keys(next);
    const changed = keys.length !== Object.keys(prev).length || keys.some((k) => prev[k] !== next[k]);
    if (changed) freshnessStore.setState({ stale: next });
  };
  const timer = setInterval(check, opts.everyMs ?? 1000);
  // A connection that comes back clears the connection's markers at once, not a second later.
  const unsubscribe = store.api.subscribe((st, prev) => { if (st.connection.phase !== prev.connection.phase) check(); });
  check();
  return () => {
    clearInterval(timer);
    unsubscribe();
    freshnessStore.setState({ stale: {} });
  };
}

/** An age as the marker shows it (seconds under 2 min, whole minutes above), so the store changes only when the text does. */
function shownAge(ageS: number): number {
  return ageS >= 120 ? Math.floor(ageS / 60) * 60 : Math.round(ageS);
}

/** "3 min" / "45 s" in the page's language, for the marker. */
export function staleText(ageS: number, lang: 'zh' | 'en'): string {
  const span = ageS >= 120 ? `${Math.floor(ageS / 60)} ${lang === 'zh' ? '分钟' : 'min'}` : `${ageS} ${lang === 'zh' ? '秒' : 's'}`;
  return lang === 'zh' ? `数据已 ${span}未更新` : `No update for ${span}`;
}
