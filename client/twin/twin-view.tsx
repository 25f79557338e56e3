/**
 * The 3D twin of one community: one deck.gl Deck, created when the view mounts and finalised when
 * it unmounts (a removed Deck leaks its WebGL context, so it is never re-created on re-render).
 * Live data reaches the layers on the store's throttled tick, never per message; alert markers
 * pulse through a layer uniform on an owned animation frame; a new critical alert flies the
 * camera to its place.
 */
import { useEffect, useRef, useState } from 'react';
import { Deck, FlyToInterpolator, MapView, type MapViewState, type PickingInfo } from '@deck.gl/core';
import type { LiveStore } from '../live/live-store.ts';
import { langStore, useLang } from '../i18n/i18n-store.ts';
import { enuToLonLat } from '../../twin-models/manifest/georef.ts';
import { loadTwinModel, type TwinModel } from './twin-model.ts';
import { PICK_KIND, TWIN_LAYERS, TwinScene, type PickedObject, type TwinLayerName } from './twin-scene.ts';
import { SCENE_PRESETS, type ScenePreset } from './camera/scene-presets.ts';
import { ObjectCard } from './object-card/object-card.tsx';
import { boundDeviceTexts } from './object-card/bound-devices.ts';
import { POINT_FAMILIES } from './layers/family-points-layer.ts';
import { INTENSITY_STOPS } from './colour-rules.ts';
import { tw } from './twin-words.ts';
import { BuildingDetail } from './building-detail/building-detail.tsx';
import { deviceStates, type LatestLike } from './building-detail/device-state.ts';
import './twin-view.css';

export interface TwinViewProps {
  store: LiveStore;
  /** Community whose twin to show (must have one under /api/twins). */
  community: string;
  /** Called with a building id when the user asks for its floors and elements. */
  onOpenBuilding?(id: string): void;
  /** A device, feature or building id to fly to once the twin has loaded (the console's "locate"). */
  focus?: string | null;
}

/** What tests and the benchmark read from the page (`window.__twin`). */
export interface TwinProbe {
  ready: boolean;
  viewState(): MapViewState;
  /** Main-thread ms spent applying each live tick to the layers (bounded ring, newest last). */
  applyMs: number[];
  flights: number;
  pick(x: number, y: number): PickedObject | null;
  /** Screen position of a building's roof centre. */
  project(id: string): [number, number] | null;
  /** Visible layers and how many objects each draws, by layer id. */
  layerCounts(): Record<string, number>;
}

declare global { interface Window { __twin?: TwinProbe } }

export function TwinView({ store, community, onOpenBuilding, focus }: TwinViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const lang = useLang();
  const [scene, setScene] = useState<TwinScene | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<PickedObject | null>(null);
  const [visible, setVisible] = useState<Record<TwinLayerName, boolean> | null>(null);
  const [bearing, setBearing] = useState(0);
  const [metresPer100px, setMetresPer100px] = useState(0);
  const [rev, setRev] = useState(0);
  const [openBuilding, setOpenBuilding] = useState<string | null>(null);
  const deckRef = useRef<Deck<MapView> | null>(null);
  const flyRef = useRef<(preset: ScenePreset | [number, number, number]) => void>(() => {});

  useEffect(() => {
    const el = host.current!;
    const ac = new AbortController();
    let frame = 0;
    let tilesetLoaded = false;
    let sceneRef: TwinScene | null = null;
    let viewState: MapViewState = { longitude: 0, latitude: 0, zoom: 15, pitch: 50, bearing: 0 };
    const probe: TwinProbe = {
      ready: false, applyMs: [], flights: 0,
      viewState: () => viewState,
      layerCounts: () => Object.fromEntries((deck.props.layers as { id: string; props: { visible: boolean; data: unknown } }[])
        .filter((l) => l.props.visible && Array.isArray(l.props.data)).map((l) => [l.id, (l.props.data as unknown[]).length])),
      pick: (x, y) => toPicked(deck.pickObject({ x, y, radius: 4 })),
      project: (id) => {
        const c = sceneRef?.model.buildingCentres.get(id);
        const vp = deck.getViewports()[0];
        if (!c || !vp) return null;
        const [x, y] = vp.project([c[0], c[1], c[2] - 20]);
        return [x, y];
      },
    };
    window.__twin = probe;

    const toPicked = (info: PickingInfo | null): PickedObject | null => {
      if (!info?.object || !info.layer) return null;
      const o = info.object as { id?: string; name?: string; neighbourhood?: string; position?: number[]; a?: { device: string; location: string; neighbourhood: string } };
      if (info.layer.id === 'buildings' && o.id) {
        return { kind: 'building', id: o.id, name: o.name ?? o.id, neighbourhood: o.neighbourhood, position: sceneRef!.model.buildingCentres.get(o.id)! };
      }
      const kind = PICK_KIND[info.layer.id];
      if (!kind) return null;
      if (kind === 'alert' && o.a) return { kind, id: o.a.device, name: o.a.location, neighbourhood: o.a.neighbourhood, position: info.coordinate as [number, number, number] };
      return { kind, id: o.id ?? '', name: o.name ?? o.id ?? '', neighbourhood: o.neighbourhood, position: (o.position ?? info.coordinate) as [number, number, number] };
    };

    const deck = new Deck<MapView>({
      parent: el,
      views: new MapView({ repeat: false, nearZMultiplier: 0.1, farZMultiplier: 2 }),
      initialViewState: viewState,
      controller: { inertia: true },
      layers: [],
      // Walls are large; a device pixel ratio above 1.5 costs fill rate for little sharpness.
      useDevicePixels: Math.min(window.devicePixelRatio || 1, 1.5),
      parameters: { clearColor: [0.02, 0.05, 0.1, 1] } as never,
      getCursor: ({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
      onViewStateChange: ({ viewState: vs }) => {
        viewState = vs as MapViewState;
        setBearing(viewState.bearing ?? 0);
        setMetresPer100px(100 * 156543.03392 * Math.cos((viewState.latitude * Math.PI) / 180) / 2 ** (viewState.zoom + 1) * 2);
      },
      onAfterRender: () => {
        if (!probe.ready && tilesetLoaded && sceneRef) {
          probe.ready = true;
          el.dataset.twinReady = '1';
        }
      },
    });
    deckRef.current = deck;
    // Selection is picked here rather than through deck's onClick, whose asynchronous picking did
    // not report clicks reliably in testing; a press that moved (a drag of the map) selects nothing.
    let downAt: [number, number] | null = null;
    const onDown = (e: PointerEvent) => { downAt = [e.clientX, e.clientY]; };
    const onUp = (e: PointerEvent) => {
      if (!downAt || Math.hypot(e.clientX - downAt[0], e.clientY - downAt[1]) > 5) return;
      const r = el.getBoundingClientRect();
      setPicked(toPicked(deck.pickObject({ x: e.clientX - r.left, y: e.clientY - r.top, radius: 4 })));
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointerup', onUp);

    const fly = (target: ScenePreset | [number, number, number]) => {
      if (!sceneRef) return;
      const o = sceneRef.model.manifest.georef.origin;
      let next: MapViewState;
      if (Array.isArray(target)) {
        // `position` lifts the camera's target to the object's height: the community sits hundreds
        // of metres above the ellipsoid, and a target at 0 m would push it off the top of the view.
        next = { ...viewState, longitude: target[0], latitude: target[1], zoom: 18.2, pitch: 55, position: [0, 0, target[2] ?? o.height] };
      } else {
        const [lon, lat] = enuToLonLat(o, target.east, target.north);
        // Presets are framed for a 1,600 px wide view; a smaller stage zooms out to show the same ground.
        const zoom = target.zoom + Math.log2(Math.max(400, el.clientWidth || 1600) / 1600);
        next = { longitude: lon, latitude: lat, zoom, pitch: target.pitch, bearing: target.bearing, position: [0, 0, o.height] };
        for (const name of TWIN_LAYERS) sceneRef.visible[name] = target.layers.includes(name);
        setVisible({ ...sceneRef.visible });
      }
      probe.flights++;
      deck.setProps({ initialViewState: { ...next, transitionDuration: 1500, transitionInterpolator: new FlyToInterpolator() } as never });
      viewState = next;
      redraw();
    };
    flyRef.current = fly;

    const redraw = () => {
      if (!sceneRef) return;
      const t0 = performance.now();
      sceneRef.update(store.data);
      deck.setProps({ layers: sceneRef.layers(store.data, store.data.alerts) });
      const ms = performance.now() - t0;
      probe.applyMs.push(ms);
      if (probe.applyMs.length > 2000) probe.applyMs.splice(0, 1000);
    };

    // Alert and leak markers pulse, and flow dashes move along pipes, at 10 fps (a wall needs no
    // more for this) and only while there is something to animate.
    let lastPulse = 0;
    const animate = (now: number) => {
      frame = requestAnimationFrame(animate);
      if (!sceneRef || now - lastPulse < 100) return;
      if (store.data.alerts.length === 0 && !sceneRef.visible.pipes) return;
      lastPulse = now;
      sceneRef.pulse = (now % 1500) / 1500;
      sceneRef.flowClock = now / 1000;
      deck.setProps({ layers: sceneRef.layers(store.data, store.data.alerts) });
    };

    let seenAlerts = -1;
    const onTick = () => {
      redraw();
      setRev(store.data.revision);
      // A critical alert that arrived since the last tick flies the camera to it (not those already there at load).
      const alerts = store.data.alerts;
      if (seenAlerts >= 0 && alerts.length > 0) {
        const fresh = alerts.slice(Math.max(0, alerts.length - Math.max(0, alerts.length - seenAlerts)));
        // Only alerts of the last minute: history seeded into the list after a restart is not news.
        const recent = Date.now() - 60_000;
        const critical = [...fresh].reverse().find((a) => a.severity === 'critical' && a.time >= recent && sceneRef?.alertPosition(a));
        if (critical) fly(sceneRef!.alertPosition(critical)!);
      }
      if (sceneRef) seenAlerts = alerts.length;
    };
    const unsubscribe = store.api.subscribe((s, prev) => { if (s.rev !== prev.rev) onTick(); });
    const unsubscribeLang = langStore.subscribe(() => { sceneRef?.invalidate(); redraw(); });

    (async () => {
      try {
        const model: TwinModel = await loadTwinModel(community, ac.signal);
        if (ac.signal.aborted) return;
        const s = new TwinScene(model, () => langStore.getState().lang);
        sceneRef = s;
        // Tile3DLayer reports its tileset through onTilesetLoad; wrap layers() to hook it once.
        const layersOf = s.layers.bind(s);
        s.layers = (data, alerts) => layersOf(data, alerts).map((l) => (l.id === 'photogrammetry' ? l.clone({ onTilesetLoad: () => { tilesetLoaded = true; deck.redraw('tileset'); } } as never) : l));
        if (!model.manifest.tilesets.length) tilesetLoaded = true;
        setScene(s);
        setVisible({ ...s.visible });
        const target = focus ? locate(s, focus) : undefined;
        if (target) {
          fly(target.position);
          setPicked(target);
        } else {
          fly(SCENE_PRESETS[0]);
        }
        seenAlerts = store.data.alerts.length;
        frame = requestAnimationFrame(animate);
      } catch (e) {
        if (!ac.signal.aborted) setError(`twin: ${(e as Error).message}`);
      }
    })();

    return () => {
      ac.abort();
      cancelAnimationFrame(frame);
      unsubscribe();
      unsubscribeLang();
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointerup', onUp);
      deck.finalize();
      deckRef.current = null;
      if (window.__twin === probe) delete window.__twin;
    };
  }, [store, community, focus]);

  /** Underground parking: the ground and the buildings are taken away so the garage's spaces show. */
  const showBasement = (s: TwinScene) => {
    const lot = basementOf(s);
    if (!lot) return;
    for (const name of TWIN_LAYERS) s.visible[name] = name === 'parking' || name === 'alerts' || name === 'walkways';
    setVisible({ ...s.visible });
    flyRef.current(lot.position as [number, number, number]);
  };

  const toggle = (name: TwinLayerName) => {
    if (!scene) return;
    scene.visible[name] = !scene.visible[name];
    setVisible({ ...scene.visible });
    deckRef.current?.setProps({ layers: scene.layers(store.data, store.data.alerts) });
  };

  return (
    <div className="twin-view" data-testid="twin-view">
      <div className="twin-canvas" ref={host} data-testid="twin-canvas" />
      {!scene && <div className="twin-status">{error ?? tw('loading', lang)}</div>}
      {scene && visible && (
        <>
          <div className="twin-presets" data-testid="twin-presets">
            {SCENE_PRESETS.map((p) => (
              <button type="button" key={p.key} data-preset={p.key} onClick={() => flyRef.current(p)}>{lang === 'zh' ? p.zh : p.en}</button>
            ))}
            {basementOf(scene) && <button type="button" data-preset="basement" onClick={() => showBasement(scene)}>{tw('basement', lang)}</button>}
          </div>
          <div className="twin-layers" data-testid="twin-layers">
            <div className="twin-panel-title">{tw('layers', lang)}</div>
            {TWIN_LAYERS.map((name) => (
              <label key={name}><input type="checkbox" data-layer={name} checked={visible[name]} onChange={() => toggle(name)} />{tw(name, lang)}</label>
            ))}
          </div>
          <div className="twin-legend" data-testid="twin-legend">
            <div className="twin-panel-title">{tw('legendIntensity', lang)}</div>
            <div className="twin-ramp">
              {INTENSITY_STOPS.map((s) => <span key={s.wPerM2} style={{ background: `rgb(${s.colour.slice(0, 3).join(',')})` }}>{s.wPerM2}</span>)}
            </div>
          </div>
          <div className="twin-compass" title={`${Math.round(bearing)}°`} style={{ transform: `rotate(${-bearing}deg)` }}>
            <span>{tw('north', lang)}</span>▲
          </div>
          <div className="twin-scale" data-testid="twin-scale"><span style={{ width: '100px' }} />{metresPer100px > 0 ? `${Math.round(metresPer100px)} m` : ''}</div>
        </>
      )}
      {scene && picked && (
        <ObjectCard picked={picked} scene={scene} data={store.data} revision={rev} onClose={() => setPicked(null)} onOpenBuilding={onOpenBuilding ?? setOpenBuilding} />
      )}
      {scene && !onOpenBuilding && (
        // Kept mounted once the twin has loaded: closing a building swaps its model, never its WebGL context.
        <BuildingDetail manifest={scene.model.manifest} buildingId={openBuilding} onClose={() => setOpenBuilding(null)}
          deviceStates={openBuilding ? buildingDeviceStates(scene, store, openBuilding) : undefined} />
      )}
    </div>
  );
}

/** The object an id names: a building, a GIS feature, or the building that holds a BIM device. */
function locate(scene: TwinScene, id: string): PickedObject | undefined {
  const m = scene.model;
  const building = m.manifest.buildings.find((b) => b.id === id) ?? m.manifest.buildings.find((b) => b.id === m.buildingOfDevice.get(id));
  if (building) {
    const position = m.buildingCentres.get(building.id);
    return position ? { kind: 'building', id: building.id, name: building.name.zh, neighbourhood: building.neighbourhood, position } : undefined;
  }
  const f = m.feature(id);
  if (!f || f.geometry.type !== 'Point') return undefined;
  const kinds: Record<string, PickedObject['kind']> = { cameras: 'camera', sensors: 'sensor', pipes: 'pipe-sensor', parking: 'space', facilities: 'facility', transit: 'transit' };
  const layer = Object.entries(m.layers).find(([, fc]) => fc?.features.includes(f))?.[0] ?? '';
  const p = f.properties;
  // A bin stands in the sensors layer and a gate among the walkways: their family says what they are.
  const point = POINT_FAMILIES.find((d) => m.manifest.devices.some((x) => x.id === id && x.measurement === d.measurement))?.twin?.object as PickedObject['kind'] | undefined;
  return { kind: point ?? kinds[layer] ?? 'facility', id, name: typeof p.name === 'string' ? p.name : p.name?.zh ?? id, neighbourhood: p.neighbourhood, position: f.geometry.coordinates as [number, number, number] };
}

/** Open alerts and meter readings of one building's devices, from the live store, for the detail. */
function buildingDeviceStates(scene: TwinScene, store: LiveStore, building: string) {
  const data = store.data;
  const devices = scene.model.manifest.devices.filter((d) => 'building' in d.binding && d.binding.building === building);
  const ids = new Set(devices.map((d) => d.id));
  const latest: LatestLike[] = devices.filter((d) => d.measurement === 'energy').map((d) => {
    const v = scene.value(data, 'energy', d.id, 'load_kw');
    return { tags: { meter: d.id }, field: 'load_kw', unit: 'kW', t: Number.isNaN(v) ? null : Date.now(), v: Number.isNaN(v) ? null : v };
  });
  const states = deviceStates(data.alerts.filter((a) => ids.has(a.device)), latest);
  for (const [id, text] of boundDeviceTexts(scene, data, building, langStore.getState().lang)) states.set(id, { ...states.get(id), text });
  return states;
}

/** The first underground lot of the twin, if any. */
function basementOf(scene: TwinScene) {
  return scene.lots.find((l) => scene.model.feature(l.id)?.properties.level < 0);
}
