/**
 * The BIM detail of one building: its floors, exploded or clipped by storey, and its elements,
 * with the elements that carry sensors highlighted and clickable. One canvas (one WebGL context)
 * stays mounted for the component's lifetime; opening another building or closing the detail
 * swaps and disposes the model, never the context (see README.md in this folder).
 */
import { Component, useCallback, useEffect, useMemo, useState, type ErrorInfo, type ReactNode } from 'react';
import { Canvas } from '@react-three/fiber';
import { useLang } from '../../i18n/i18n-store.ts';
import { loadBuildingScene } from './load-building-model.ts';
import { prepareBuilding, type BuildingModel } from './building-model.ts';
import { BuildingScene, type SceneView } from './building-scene.tsx';
import { elementInfo, sensorElements, type ElementInfo } from './element-lookup.ts';
import type { DeviceLiveState } from './device-state.ts';
import { installProbe, probeState } from './detail-probe.ts';
import { MAX_EXPLODE, type ClipMode } from './storey-layout.ts';
import type { ManifestDevice, TwinResponse } from './twin-types.ts';
import { dmsg } from './detail-messages.ts';
import { StoreyPanel } from './storey-panel.tsx';
import { ElementCard } from './element-card.tsx';
import { DetailLegend } from './detail-legend.tsx';
import './building-detail.css';

/** An element picked in the detail, with the registry's devices bound to it. */
export interface SelectedElement extends ElementInfo {
  /** Building the element belongs to. */
  building: string;
  /** Devices of the registry bound to this element (empty for plain building parts). */
  devices: ManifestDevice[];
}

export interface BuildingDetailProps {
  /** The twin as `GET /api/twins/:community` returns it (manifest plus `base`). */
  manifest: TwinResponse;
  /** Building to show (a manifest building id); null closes the detail but keeps its canvas. */
  buildingId: string | null;
  /** The user asked to close the detail (close button or Escape). */
  onClose(): void;
  /** An element was selected (null: the selection was cleared). Default: none. */
  onSelectElement?(element: SelectedElement | null): void;
  /**
   * Live state of devices by device id (open alerts, latest readings), e.g. from `deviceStates()`.
   * A new map re-renders the detail once; bound elements in alarm pulse red. Default: empty.
   */
  deviceStates?: ReadonlyMap<string, DeviceLiveState>;
  /** Explode factor the detail opens with (0–4, in storey heights). Default 0. */
  initialExplode?: number;
  /** Installs `window.__twinDetail` for tests and diagnostics. Default false. */
  probe?: boolean;
}

type Load =
  | { phase: 'idle' }
  | { phase: 'loading'; building: string }
  | { phase: 'ready'; building: string; model: BuildingModel; drawn: boolean }
  | { phase: 'error'; building: string; error: string };

const NO_STATES: ReadonlyMap<string, DeviceLiveState> = new Map();

export function BuildingDetail({ manifest, buildingId, onClose, onSelectElement, deviceStates = NO_STATES, initialExplode = 0, probe = false }: BuildingDetailProps) {
  const lang = useLang();
  const [load, setLoad] = useState<Load>({ phase: 'idle' });
  const [retry, setRetry] = useState(0);
  const [explode, setExplode] = useState(initialExplode);
  const [chosen, setChosen] = useState<number | null>(null);
  const [clip, setClip] = useState<ClipMode>('upTo');
  const [rooms, setRooms] = useState(false);
  const [selected, setSelected] = useState<SelectedElement | null>(null);
  const [frameKey, setFrameKey] = useState(0);

  const building = useMemo(() => manifest.buildings.find((b) => b.id === buildingId), [manifest, buildingId]);
  const sensors = useMemo(() => (buildingId ? sensorElements(manifest.devices, buildingId) : new Map<string, ManifestDevice[]>()), [manifest, buildingId]);
  const sensorIds = useMemo(() => new Set(sensors.keys()), [sensors]);
  const alarmIds = useMemo(() => {
    const out = new Set<string>();
    for (const [globalId, devices] of sensors) if (devices.some((d) => deviceStates.get(d.id)?.alert)) out.add(globalId);
    return out;
  }, [sensors, deviceStates]);

  useEffect(() => installProbe(probe), [probe]);

  // Load the building; the model of this run is disposed when the building changes or the detail unmounts.
  useEffect(() => {
    setSelected(null);
    setChosen(null);
    if (!buildingId) { setLoad({ phase: 'idle' }); return; }
    if (!building) { setLoad({ phase: 'error', building: buildingId, error: `twin: building ${buildingId}: not in the manifest of ${manifest.community.id}` }); return; }
    setLoad({ phase: 'loading', building: buildingId });
    const abort = new AbortController();
    let model: BuildingModel | undefined;
    // Marks for the browser's performance panel: fetch + decode, prepare, first frame drawn.
    performance.mark('twin:bim-load');
    loadBuildingScene(buildingId, manifest.base + building.glb, abort.signal)
      .then((scene) => {
        if (abort.signal.aborted) return;
        performance.mark('twin:bim-decoded');
        model = prepareBuilding(scene, sensorIds);
        performance.mark('twin:bim-prepared');
        setLoad({ phase: 'ready', building: buildingId, model, drawn: false });
      })
      .catch((e: Error) => {
        if (abort.signal.aborted) return;
        console.error(e.message);
        setLoad({ phase: 'error', building: buildingId, error: e.message });
      });
    return () => { abort.abort(); model?.owner.dispose(); };
  }, [manifest.base, manifest.community.id, building, buildingId, sensorIds, retry]);

  const model = load.phase === 'ready' ? load.model : null;
  // Until the load effect has seen a new building id, the state still describes the previous one.
  const current = load.phase === 'idle' ? !buildingId : load.building === buildingId;
  const status = !current ? 'loading' : load.phase === 'ready' ? (load.drawn ? 'ready' : 'loading') : load.phase;
  probeState.status = status;
  probeState.building = buildingId;
  probeState.owned = () => (model && !model.owner.disposed ? model.owner.counts() : { geometries: 0, materials: 0, textures: 0 });

  const onDrawn = useCallback((m: BuildingModel) => (performance.mark('twin:bim-drawn'), setLoad((l) => (l.phase === 'ready' && l.model === m && !l.drawn ? { ...l, drawn: true } : l))), []);

  const select = useCallback((element: SelectedElement | null) => {
    setSelected(element);
    onSelectElement?.(element);
  }, [onSelectElement]);

  const onPick = useCallback((globalId: string | null) => {
    const node = globalId && model ? model.elements.get(globalId) : undefined;
    select(node && buildingId ? { ...elementInfo(node), building: buildingId, devices: sensors.get(globalId!) ?? [] } : null);
  }, [model, buildingId, sensors, select]);

  useEffect(() => {
    if (!buildingId) return;
    const key = (e: KeyboardEvent) => { if (e.key === 'Escape') { if (selected) select(null); else onClose(); } };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [buildingId, selected, select, onClose]);

  const view: SceneView = useMemo(() => ({ explode, chosen, clip, rooms }), [explode, chosen, clip, rooms]);
  const name = building ? building.name[lang] : buildingId ?? '';

  return (
    <div className="bim-detail" data-testid="building-detail" data-status={status} data-building={buildingId ?? ''} hidden={!buildingId} aria-hidden={!buildingId}>
      <CanvasBoundary building={buildingId}>
        <Canvas
          className="bim-canvas"
          frameloop="demand"
          flat
          dpr={[1, 2]}
          camera={{ fov: 40, near: 0.5, far: 5000, position: [60, 60, 60] }}
          gl={{ antialias: true, powerPreference: 'high-performance' }}
          onCreated={(state) => {
            probeState.contexts.created++;
            state.gl.domElement.addEventListener('webglcontextlost', () => { probeState.contexts.lost++; });
            probeState.info = () => {
              const { memory, render, programs } = state.gl.info;
              return { geometries: memory.geometries, textures: memory.textures, programs: programs?.length ?? 0, calls: render.calls, triangles: render.triangles };
            };
          }}
        >
          <hemisphereLight args={[0xeef4ff, 0x5a5040, 1.6]} />
          <directionalLight position={[-60, 120, 80]} intensity={2.2} />
          <BuildingScene model={model} view={view} sensorIds={sensorIds} alarmIds={alarmIds} selectedId={selected?.globalId ?? null} onPick={onPick} onDrawn={onDrawn} frameKey={frameKey} />
        </Canvas>
      </CanvasBoundary>

      <header className="bim-bar">
        <div className="bim-title">
          <span className="bim-kicker">{dmsg('title', lang)}</span>
          <h2 data-testid="bim-building-name">{name}</h2>
          {building && (
            <span className="bim-summary" data-testid="bim-summary">
              {dmsg('summary', lang, { floors: building.floors, height: building.heightM.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'), area: building.floorAreaM2.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') })}
              {' · '}{dmsg('sensorCount', lang, { n: sensors.size })}
            </span>
          )}
        </div>
        <button type="button" className="bim-close" data-testid="bim-close" title={dmsg('closeTitle', lang)} onClick={onClose}>{dmsg('close', lang)} ✕</button>
      </header>

      {model && (
        <StoreyPanel
          storeys={model.storeys}
          chosen={chosen}
          clip={clip}
          explode={explode}
          maxExplode={MAX_EXPLODE}
          onChoose={(rank) => setChosen((c) => (c === rank ? null : rank))}
          onClip={setClip}
          onExplode={setExplode}
          onResetView={() => setFrameKey((k) => k + 1)}
          roomCount={model.rooms.length}
          rooms={rooms}
          onRooms={setRooms}
        />
      )}
      {model && <DetailLegend alarms={alarmIds.size} />}
      {selected && <ElementCard element={selected} storeys={model?.storeys ?? []} deviceStates={deviceStates} onClose={() => select(null)} />}

      {load.phase === 'loading' && <div className="bim-state" data-testid="bim-loading">{dmsg('loading', lang)}</div>}
      {load.phase === 'error' && (
        <div className="bim-state bim-error" role="alert" data-testid="bim-error">
          <strong>{dmsg('loadFailed', lang)}</strong>
          <code>{load.error}</code>
          <button type="button" onClick={() => setRetry((r) => r + 1)}>{dmsg('retry', lang)}</button>
        </div>
      )}
    </div>
  );
}

/** Keeps a WebGL failure inside the detail: the message names the building, the page keeps running. */
class CanvasBoundary extends Component<{ building: string | null; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`twin: building ${this.props.building ?? '-'}: the 3D view failed: ${error.message}`, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return <div className="bim-state bim-error" role="alert" data-testid="bim-error">{`twin: building ${this.props.building ?? '-'}: ${this.state.error.message}`}</div>;
    }
    return this.props.children;
  }
}
