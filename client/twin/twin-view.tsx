/**
 * The 3D twin of one community, as React sees it: a thin shell around the scene controller
 * (scene/twin-controller.ts), which owns the Deck, its layers, the live colours, the animations
 * and the camera. The shell creates the controller on mount, passes its props through the
 * controller's methods and disposes it on unmount; it renders the chrome (presets, layer toggles,
 * legend, compass, scale, the object card, the building detail) from the controller's chrome
 * store. Nothing here re-renders per live message: the card and the building detail re-read the
 * live data on the store's throttled tick.
 */
import { useContext, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { LiveStore } from '../live/live-store.ts';
import { useLang } from '../i18n/i18n-store.ts';
import { SCENE_PRESETS } from './camera/scene-presets.ts';
import { ObjectCard } from './object-card/object-card.tsx';
import { INTENSITY_STOPS } from './colour-rules.ts';
import { tw } from './twin-words.ts';
import { BuildingDetail } from './building-detail/building-detail.tsx';
import { TwinController } from './scene/twin-controller.ts';
import { TWIN_LAYERS } from './scene/layer-names.ts';
import { buildingDeviceStates } from './scene/family-looks.ts';
import type { TwinSceneData } from './scene/scene-data.ts';
import { IndicatorStoreContext } from '../indicators/indicator-context.ts';
import { followCameraRequests } from '../tours/tour-stage.ts';
import './twin-view.css';

export type { TwinProbe } from './scene/twin-probe.ts';

export interface TwinViewProps {
  store: LiveStore;
  /** Community whose twin to show (must have one under /api/twins). */
  community: string;
  /** Called with a building id when the user asks for its floors and elements. Default: the view opens its own building detail. */
  onOpenBuilding?(id: string): void;
  /** A device, feature or building id to fly to once the twin has loaded (the console's "locate"). Default none. */
  focus?: string | null;
  /** Close up, buildings give way to their BIM shells (scene/bim/bim-shells.ts). Default true; false keeps the massing at every distance. Read once. */
  bimShells?: boolean;
}

export function TwinView({ store, community, onOpenBuilding, focus = null, bimShells = true }: TwinViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const lang = useLang();
  const [controller, setController] = useState<TwinController | null>(null);
  // In the cockpit the evidence view can ask for the walking routes; the twin page has no such view.
  const evidence = useContext(IndicatorStoreContext)?.evidence;

  // The controller lives as long as the view (and its store): its Deck is never re-created on re-render.
  useEffect(() => {
    const c = new TwinController({ parent: host.current!, store, community, lang, focus, evidence, bimShells });
    setController(c);
    return () => c.dispose();
    // Later prop changes reach the controller through its methods below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);
  useEffect(() => controller?.setCommunity(community), [controller, community]);
  useEffect(() => controller?.setFocus(focus), [controller, focus]);
  useEffect(() => controller?.setLanguage(lang), [controller, lang]);
  // A playing tour's camera for this community (tours/tour-stage.ts).
  useEffect(() => (controller
    ? followCameraRequests('twin', (r) => r.target === 'twin' && r.community === community, (r, done) => controller.setTourCamera(r, done))
    : undefined), [controller, community]);

  return (
    <div className="twin-view" data-testid="twin-view">
      <div className="twin-canvas" ref={host} data-testid="twin-canvas" />
      {controller ? <TwinChrome controller={controller} store={store} onOpenBuilding={onOpenBuilding} /> : <div className="twin-status">{tw('loading', lang)}</div>}
    </div>
  );
}

function TwinChrome({ controller, store, onOpenBuilding }: { controller: TwinController; store: LiveStore; onOpenBuilding?(id: string): void }) {
  const lang = useLang();
  const scene = useStore(controller.chrome, (s) => s.scene);
  const error = useStore(controller.chrome, (s) => s.error);
  const visible = useStore(controller.chrome, (s) => s.visible);
  const picked = useStore(controller.chrome, (s) => s.picked);
  const [openBuilding, setOpenBuilding] = useState<string | null>(null);
  useEffect(() => setOpenBuilding(null), [scene]);

  if (!scene) return <div className="twin-status">{error ?? tw('loading', lang)}</div>;
  return (
    <>
      <div className="twin-presets" data-testid="twin-presets">
        {SCENE_PRESETS.map((p) => (
          <button type="button" key={p.key} data-preset={p.key} onClick={() => controller.flyToPreset(p)}>{lang === 'zh' ? p.zh : p.en}</button>
        ))}
        {controller.hasBasement() && <button type="button" data-preset="basement" onClick={() => controller.showBasement()}>{tw('basement', lang)}</button>}
      </div>
      <div className="twin-layers" data-testid="twin-layers">
        <div className="twin-panel-title">{tw('layers', lang)}</div>
        {TWIN_LAYERS.map((name) => (
          <label key={name}><input type="checkbox" data-layer={name} checked={visible[name]} onChange={() => controller.setLayerVisible(name, !visible[name])} />{tw(name, lang)}</label>
        ))}
      </div>
      <div className="twin-legend" data-testid="twin-legend">
        <div className="twin-panel-title">{tw('legendIntensity', lang)}</div>
        <div className="twin-ramp">
          {INTENSITY_STOPS.map((s) => <span key={s.wPerM2} style={{ background: `rgb(${s.colour.slice(0, 3).join(',')})` }}>{s.wPerM2}</span>)}
        </div>
      </div>
      <TileProblems controller={controller} scene={scene} />
      <Compass controller={controller} />
      <ScaleBar controller={controller} />
      {picked && (
        <LiveObjectCard store={store} scene={scene} picked={picked} onClose={() => controller.select(null)} onOpenBuilding={onOpenBuilding ?? setOpenBuilding} />
      )}
      {!onOpenBuilding && (
        // Kept mounted once the twin has loaded: closing a building swaps its model, never its WebGL context.
        <LiveBuildingDetail store={store} scene={scene} buildingId={openBuilding} onClose={() => setOpenBuilding(null)} />
      )}
    </>
  );
}

/** Re-renders the caller on the live store's throttled tick (never per message) while `on`. */
function useLiveTick(store: LiveStore, on = true): number {
  return useStore(store.api, (s) => (on ? s.rev : -1));
}

function LiveObjectCard({ store, scene, ...props }: { store: LiveStore; scene: TwinSceneData } & Omit<Parameters<typeof ObjectCard>[0], 'scene' | 'data' | 'revision'>) {
  const revision = useLiveTick(store);
  return <ObjectCard {...props} scene={scene} data={store.data} revision={revision} />;
}

function LiveBuildingDetail({ store, scene, buildingId, onClose }: { store: LiveStore; scene: TwinSceneData; buildingId: string | null; onClose(): void }) {
  const lang = useLang();
  useLiveTick(store, buildingId !== null);
  return (
    <BuildingDetail manifest={scene.model.manifest} buildingId={buildingId} onClose={onClose}
      deviceStates={buildingId ? buildingDeviceStates(scene, store.data, buildingId, lang) : undefined} />
  );
}

/** What failed to load among the tilesets, over the twin: which tileset, which file, why. */
function TileProblems({ controller, scene }: { controller: TwinController; scene: TwinSceneData }) {
  const lang = useLang();
  const problems = useStore(controller.chrome, (s) => s.tileProblems);
  if (problems.length === 0) return null;
  const nameOf = (id: string) => scene.model.manifest.tilesets.find((t) => t.id === id)?.name[lang] ?? id;
  const shown = problems.slice(0, 3);
  return (
    <div className="twin-tile-problems" role="alert" data-testid="twin-tile-problems" data-count={problems.length}>
      <div className="twin-panel-title">{tw('tileFailed', lang)}</div>
      {shown.map((p) => <div key={`${p.tileset} ${p.url}`}><b>{nameOf(p.tileset)}</b>: {p.url} — {p.message}</div>)}
      {problems.length > shown.length && <div>+{problems.length - shown.length} {tw('tileMore', lang)}</div>}
    </div>
  );
}

function Compass({ controller }: { controller: TwinController }) {
  const lang = useLang();
  const bearing = useStore(controller.chrome, (s) => s.bearing);
  return (
    <div className="twin-compass" title={`${Math.round(bearing)}°`} style={{ transform: `rotate(${-bearing}deg)` }}>
      <span>{tw('north', lang)}</span>▲
    </div>
  );
}

function ScaleBar({ controller }: { controller: TwinController }) {
  const metres = useStore(controller.chrome, (s) => s.metresPer100px);
  return <div className="twin-scale" data-testid="twin-scale"><span style={{ width: '100px' }} />{metres > 0 ? `${Math.round(metres)} m` : ''}</div>;
}
