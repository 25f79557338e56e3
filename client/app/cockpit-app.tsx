/**
 * The cockpit page: owns the live session for its lifetime and lays the panels out on one
 * full-viewport grid (no scrolling on a wall).
 */
import { useEffect } from 'react';
import type { LiveStore } from '../live/live-store.ts';
import { AlertList } from '../panels/alert-list/alert-list.tsx';
import { EnergyCard, EnvCard, ParkingCard, PipeCard } from '../panels/family-cards/family-cards.tsx';
import { LoadCurvePanel } from '../panels/load-curve/load-curve-panel.tsx';
import { CockpitHeader } from './cockpit-header.tsx';
import { LiveStoreContext } from './live-context.ts';
import { startLiveSession } from './live-session.ts';
import { PanelBoundary } from './panel-boundary.tsx';

export interface CockpitAppProps {
  store: LiveStore;
  /** `?node=`: hierarchy node to watch; default the first community. */
  requestedNode: string | null;
  /** `?building=`: building of the load curve; default the node's first. */
  building: string | null;
}

export function CockpitApp({ store, requestedNode, building }: CockpitAppProps) {
  useEffect(() => startLiveSession({ store, requestedNode }), [store, requestedNode]);
  return (
    <LiveStoreContext.Provider value={store}>
      <div className="cockpit">
        <CockpitHeader requestedNode={requestedNode} />
        <main className="cockpit-grid">
          <div className="area-energy"><PanelBoundary name="energy"><EnergyCard /></PanelBoundary></div>
          <div className="area-parking"><PanelBoundary name="parking"><ParkingCard /></PanelBoundary></div>
          <div className="area-chart"><PanelBoundary name="load curve"><LoadCurvePanel building={building} /></PanelBoundary></div>
          <div className="area-pipe"><PanelBoundary name="pipe"><PipeCard /></PanelBoundary></div>
          <div className="area-env"><PanelBoundary name="env"><EnvCard /></PanelBoundary></div>
          <div className="area-alerts"><PanelBoundary name="alerts"><AlertList /></PanelBoundary></div>
        </main>
      </div>
    </LiveStoreContext.Provider>
  );
}
