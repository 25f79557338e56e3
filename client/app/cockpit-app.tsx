/**
 * The cockpit page: owns the live session for its lifetime and lays the panels around the twin's
 * stage on one full-viewport grid. The grid's areas are re-laid per aspect ratio in cockpit.css
 * (16:9, 32:9, 48:9 walls); sizes are rem of a root font computed from the viewport, so text stays
 * sharp at any resolution and nothing scrolls.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { CockpitPanel } from '../../streams/cockpit-vocabulary.ts';
import type { LiveStore } from '../live/live-store.ts';
import type { IndicatorStore } from '../indicators/indicator-store.ts';
import { IndicatorStoreContext } from '../indicators/indicator-context.ts';
import { AlertList } from '../panels/alert-list/alert-list.tsx';
import { AlertStatsPanel } from '../panels/alert-stats/alert-stats-panel.tsx';
import { EnergyPanel } from '../panels/energy/energy-panel.tsx';
import { EnvironmentPanel } from '../panels/environment/environment-panel.tsx';
import { IndicatorItemsPanel } from '../panels/indicator-items/indicator-items-panel.tsx';
import { IndicatorProgressPanel } from '../panels/indicator-progress/indicator-progress-panel.tsx';
import { SceneRadarPanel } from '../panels/indicator-scenes/scene-radar-panel.tsx';
import { ParkingPanel } from '../panels/parking/parking-panel.tsx';
import { PipesPanel } from '../panels/pipes/pipes-panel.tsx';
import { RankingsPanel } from '../panels/rankings/rankings-panel.tsx';
import { ServicesPanel } from '../panels/services/services-panel.tsx';
import { CockpitHeader } from './cockpit-header.tsx';
import { LiveStoreContext, useAboveCommunity } from './live-context.ts';
import { startLiveSession, type LiveSession } from './live-session.ts';
import { followBrowserHistory, navigateTo, navigationStore, useRequestedNode } from './navigation.ts';
import { PanelBoundary } from './panel-boundary.tsx';
import { TwinStage } from '../twin/twin-stage.tsx';
import { startPanelFreshness, type FreshnessOptions } from '../live/panel-freshness.ts';
import type { DisplayLayout } from '../../streams/displays.ts';
import { useWallFocus } from './wall-focus.ts';

/** How a wall screen (client/wall) shows the cockpit; absent on an ordinary cockpit. */
export interface WallOptions {
  /** Grid arrangement; 'auto' (default) follows the aspect ratio. */
  layout?: DisplayLayout;
  /** Shown under the grid, inside the live store's context (the wall's status line). */
  footer?: ReactNode;
}

import { TourMode } from '../tours/tour-mode.tsx';
import { RecordedKeyframe } from '../tours/recorded-keyframe.tsx';
import { ReplayBar } from '../replay/replay-bar.tsx';
import { useReplay } from '../replay/use-replay.ts';
import { tourStage } from '../tours/tour-stage.ts';

/** The tour asked for in the URL (`?tour=<id>&tourStep=<step>&tourSpeed=<factor>`). */
function tourInUrl(): { id: string; step: string | null; speed: number } | null {
  const p = new URLSearchParams(window.location.search);
  const id = p.get('tour');
  if (!id) return null;
  const speed = Number(p.get('tourSpeed') ?? '1');
  return { id, step: p.get('tourStep'), speed: Number.isFinite(speed) && speed >= 0.1 && speed <= 1000 ? speed : 1 };
}

export interface CockpitAppProps {
  store: LiveStore;
  indicators: IndicatorStore;
  /** When panels count as stale (panel-freshness.ts). Default 3 × their families' interval. */
  freshness?: FreshnessOptions;
  wall?: WallOptions;
}

/** One live session for the page's life; a drill (navigation.ts) moves it to another node. */
export function CockpitApp({ store, indicators, freshness, wall }: CockpitAppProps) {
  const requestedNode = useRequestedNode();
  const session = useRef<LiveSession | null>(null);
  useEffect(() => {
    const live = (session.current = startLiveSession({
      store, indicators, requestedNode: navigationStore.getState().node,
      onHome: (id) => navigateTo(id, { replace: true }),
    }));
    const stopHistory = followBrowserHistory();
    const stopFreshness = startPanelFreshness(store, freshness);
    return () => {
      stopFreshness();
      stopHistory();
      live.dispose();
      session.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read once for the page's life
  }, [store, indicators]);
  useEffect(() => {
    if (requestedNode) session.current?.go(requestedNode);
  }, [requestedNode]);
  const featured = useWallFocus((f) => f.panel);
  const [tour, setTour] = useState(tourInUrl);
  // While a replay is on screen, panels and the twin read its store; the live one keeps receiving.
  const replay = useReplay(store);
  const player = replay.player;
  return (
    <LiveStoreContext.Provider value={player?.store ?? store}>
      <IndicatorStoreContext.Provider value={indicators}>
        <div className="cockpit" data-layout={wall?.layout && wall.layout !== 'auto' ? wall.layout : undefined} data-featured={featured} data-wall={wall ? 'true' : undefined} data-replay={player ? 'true' : undefined}>
          <CockpitHeader wall={wall !== undefined} touring={tour !== null} onReplay={wall || tour || player ? undefined : replay.start} />
          <main className="cockpit-grid">
            <Area name="scenes"><PanelBoundary name="scenes"><SceneRadarPanel /></PanelBoundary></Area>
            <Area name="progress"><PanelBoundary name="progress"><IndicatorProgressPanel /></PanelBoundary></Area>
            <Area name="items"><ItemsOrRankings /></Area>
            <Area name="twin" testId="twin-stage">
              <PanelBoundary name="twin"><TwinStage /></PanelBoundary>
              {/* Captions over the stage, like subtitles: the panel a step points at stays in sight. */}
              {tour ? <TourMode tourId={tour.id} store={store} speed={tour.speed} startStep={tour.step} onEnd={() => setTour(null)} /> : null}
              {player ? <ReplayBar player={player} onExit={replay.exit} /> : null}
            </Area>
            <Area name="energy"><PanelBoundary name="energy"><EnergyPanel /></PanelBoundary></Area>
            <Area name="parking"><PanelBoundary name="parking"><ParkingPanel /></PanelBoundary></Area>
            <Area name="pipes"><PanelBoundary name="pipes"><PipesPanel /></PanelBoundary></Area>
            <Area name="env"><PanelBoundary name="environment"><EnvironmentPanel /></PanelBoundary></Area>
            <Area name="services"><PanelBoundary name="building services"><ServicesPanel /></PanelBoundary></Area>
            <Area name="alert-stats"><PanelBoundary name="alert statistics"><AlertStatsPanel /></PanelBoundary></Area>
            <Area name="alerts"><PanelBoundary name="alerts"><AlertList /></PanelBoundary></Area>
          </main>
          {wall?.footer}
          <RecordedKeyframe />
        </div>
      </IndicatorStoreContext.Provider>
    </LiveStoreContext.Provider>
  );
}

/** One area of the grid (`area-<name>` in cockpit.css), marked while a tour's step points at it. */
function Area({ name, testId, children }: { name: CockpitPanel; testId?: string; children: ReactNode }) {
  const focused = useStore(tourStage, (s) => s.panel === name);
  return <div className={`area-${name}`} data-testid={testId} data-tour-focus={focused ? '1' : undefined}>{children}</div>;
}

/** A city, district or street ranks its children; a community and a neighbourhood list their items. */
function ItemsOrRankings() {
  return useAboveCommunity()
    ? <PanelBoundary name="rankings"><RankingsPanel /></PanelBoundary>
    : <PanelBoundary name="items"><IndicatorItemsPanel /></PanelBoundary>;
}
