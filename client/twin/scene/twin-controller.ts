/**
 * The community's 3D twin without React: one deck.gl Deck with its layers (layers/layer-stack.ts),
 * the live colours, the animations, the camera (presets, fly-to) and picking, driven by one frame
 * loop.
 * The React shell (twin-view.tsx) creates it on mount, passes its props through the small methods
 * below and calls `dispose()` on unmount; it reads what its chrome shows from `chrome`.
 *
 * One frame applies everything that changed since the last: a new live revision (colours, the
 * markers of the open alert records, and the fly-to decision on the alert model's arrival
 * numbers), a toggle, a language switch, an animation step, a change of the walking routes the
 * cockpit's evidence view asks for. Live data is read from the live store on the frame; the
 * stores' subscriptions only ask for one.
 *
 * The Deck lives as long as the controller (a removed Deck leaks its WebGL context), also across
 * a change of community. `dispose()` releases the Deck, the frame, the store subscription, the
 * pointer listeners, a model still loading and `window.__twin`: wall screens run for weeks.
 */
import { Deck, MapView, type MapViewState } from '@deck.gl/core';
import type { LiveStore } from '../../live/live-store.ts';
import type { Lang } from '../../i18n/i18n-store.ts';
import { loadTwinModel, type TwinModel } from '../twin-model.ts';
import { SCENE_PRESETS, presetOf, type ScenePreset } from '../camera/scene-presets.ts';
import { registerCameraSource, type CameraRequest, type CameraView } from '../../tours/tour-stage.ts';
import { KeyframeMoves } from '../../tours/keyframe-moves.ts';
import { TwinSceneData } from './scene-data.ts';
import { FamilyLooks } from './family-looks.ts';
import { AlertMarkers } from './alert-markers.ts';
import { AlertFlights } from './alert-flights.ts';
import { AnimationClock } from './animation-clock.ts';
import { FrameLoop } from './frame-loop.ts';
import { animationFps } from './animation-rate.ts';
import { LayerStack } from './layers/layer-stack.ts';
import { drawnTilesets, TILES_MEMORY_BUDGET_MB } from './layers/photogrammetry-layer.ts';
import { TilesetWatch } from './tiles/tileset-watch.ts';
import { flight, metresPer100px, objectView, presetView, START_VIEW } from './camera.ts';
import { listenForClicks, PICK_RADIUS_PX, toPicked, type PickedObject } from './picking.ts';
import { createChrome, type TwinChrome } from './chrome-state.ts';
import { ALL_VISIBLE, onlyLayers, type TwinLayerName } from './layer-names.ts';
import { APPLY_MS_KEPT, type TwinProbe } from './twin-probe.ts';
import type { EvidenceStore } from '../../indicators/evidence-store.ts';
import type { WalkRoute } from '../../indicators/auto-evidence.ts';
import type { WalkRouteOverlay } from './layers/walk-route-layers.ts';
import { finalizeDeck } from './finalize-deck.ts';
import { BimShells } from './bim/bim-shells.ts';
import { BIM_SHELL_LAYER_PREFIX } from './layers/bim-shell-layer.ts';

export interface TwinControllerOptions {
  /**
   * Element the Deck's canvas goes into; it also takes the clicks and the ready flag:
   * `data-twin-ready="1"` once the twin and the first view of every tileset are drawn, "failed"
   * (with `data-twin-problems`, the count) when a tileset or one of its tiles could not be loaded.
   */
  parent: HTMLDivElement;
  store: LiveStore;
  /** Community whose twin to show (must have one under /api/twins). */
  community: string;
  /** Language of the labels drawn in the scene. */
  lang: Lang;
  /** A device, feature or building id to fly to once the twin has loaded. Default none. */
  focus?: string | null;
  /** The indicator evidence whose walking routes (12.1, 12.2) to draw when it asks. Default none (no route layers). */
  evidence?: EvidenceStore;
  /** Close up, buildings give way to their BIM shells. Default true; false keeps the massing at every distance. */
  bimShells?: boolean;
  /** Loads a twin model. Default `loadTwinModel` (/api/twins). */
  loadModel?: (community: string, signal: AbortSignal) => Promise<TwinModel>;
}

/** Everything derived from one loaded twin model. */
interface LoadedTwin {
  scene: TwinSceneData;
  looks: FamilyLooks;
  markers: AlertMarkers;
  flights: AlertFlights;
  stack: LayerStack;
  tiles: TilesetWatch;
  /** BIM shells drawn instead of the massing close up. */
  shells: BimShells;
  /** Live revision last applied, -1 before the first frame. */
  applied: number;
}

/** Layers left on by the underground garage view: the ground and the buildings are taken away. */
const BASEMENT_LAYERS: TwinLayerName[] = ['parking', 'alerts', 'walkways'];
const NO_ROUTES: readonly WalkRoute[] = [];

export class TwinController {
  /** What the React chrome shows; written here, read by the shell. */
  readonly chrome: TwinChrome = createChrome();
  private readonly parent: HTMLDivElement;
  private readonly store: LiveStore;
  private readonly loadModel: NonNullable<TwinControllerOptions['loadModel']>;
  private readonly evidence: EvidenceStore | undefined;
  private readonly bimEnabled: boolean;
  private routes: WalkRouteOverlay | undefined;
  private readonly deck: Deck<MapView>;
  private readonly loop: FrameLoop;
  private readonly clock = new AnimationClock();
  private readonly probe: TwinProbe;
  private readonly releases: (() => void)[] = [];
  private twin: LoadedTwin | null = null;
  private loading: AbortController | null = null;
  private community = '';
  private lang: Lang;
  private focus: string | null;
  private viewState: MapViewState = START_VIEW;
  private disposed = false;
  private drawStart = 0;
  /** A tour step's camera waiting for the twin to load. */
  private tourCamera: { request: CameraRequest; done: (view: CameraView) => void } | null = null;
  private readonly keyframes = new KeyframeMoves();

  constructor(opts: TwinControllerOptions) {
    this.parent = opts.parent;
    this.store = opts.store;
    this.lang = opts.lang;
    this.focus = opts.focus ?? null;
    this.loadModel = opts.loadModel ?? loadTwinModel;
    this.evidence = opts.evidence;
    this.bimEnabled = opts.bimShells ?? true;
    this.deck = new Deck<MapView>({
      parent: this.parent,
      views: new MapView({ repeat: false, nearZMultiplier: 0.1, farZMultiplier: 2 }),
      initialViewState: START_VIEW,
      controller: { inertia: true },
      layers: [],
      // Walls are large; a device pixel ratio above 1.5 costs fill rate for little sharpness.
      useDevicePixels: Math.min(window.devicePixelRatio || 1, 1.5),
      parameters: { clearColor: [0.02, 0.05, 0.1, 1] } as never,
      getCursor: ({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
      onViewStateChange: ({ viewState }) => {
        this.viewState = viewState as MapViewState;
        this.chrome.setState({ bearing: this.viewState.bearing ?? 0, metresPer100px: metresPer100px(this.viewState) });
        this.twin?.shells.update(this.viewState);
      },
      onBeforeRender: () => { this.drawStart = performance.now(); },
      onAfterRender: () => {
        const ms = this.probe.drawMs;
        ms.push(performance.now() - this.drawStart);
        if (ms.length > APPLY_MS_KEPT) ms.splice(0, APPLY_MS_KEPT / 2);
        this.updateReadySignal();
      },
    });
    this.loop = new FrameLoop((now) => this.frame(now), undefined, 1000 / animationFps());
    this.probe = this.makeProbe();
    window.__twin = this.probe;
    this.releases.push(
      this.store.api.subscribe((s, prev) => { if (s.rev !== prev.rev) this.loop.request(); }),
      listenForClicks(this.parent, (x, y) => this.pickAt(x, y)),
      registerCameraSource(() => this.viewState),
    );
    if (this.evidence) this.releases.push(this.evidence.api.subscribe(() => this.loop.request()));
    this.setCommunity(opts.community);
  }

  /** Shows another community's twin in the same Deck (what was picked and toggled is reset). */
  setCommunity(community: string): void {
    if (this.disposed || community === this.community) return;
    this.community = community;
    this.loading?.abort();
    this.twin?.shells.dispose();
    this.twin = null;
    this.probe.ready = false;
    delete this.parent.dataset.twinReady;
    delete this.parent.dataset.twinProblems;
    this.deck.setProps({ layers: [] });
    this.chrome.setState({ scene: null, error: null, tileProblems: [], picked: null, visible: ALL_VISIBLE });
    const ac = new AbortController();
    this.loading = ac;
    this.loadModel(community, ac.signal).then(
      (model) => { if (!ac.signal.aborted && !this.disposed) this.loaded(model); },
      (e: unknown) => { if (!ac.signal.aborted && !this.disposed) this.chrome.setState({ error: `twin: ${(e as Error).message}` }); },
    );
  }

  /** Flies to a device, feature or building and opens its card (now, or once the twin has loaded). */
  setFocus(id: string | null): void {
    if (id === this.focus) return;
    this.focus = id;
    if (id && this.twin) this.applyFocus();
  }

  /** Language of the scene's labels (lot labels are re-laid at once). */
  setLanguage(lang: Lang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    this.loop.request();
  }

  /** Shows or hides one layer toggle. */
  setLayerVisible(name: TwinLayerName, on: boolean): void {
    const visible = this.chrome.getState().visible;
    if (visible[name] === on) return;
    this.chrome.setState({ visible: { ...visible, [name]: on } });
    this.loop.request();
  }

  /** Flies to a scene preset and shows the layers that tell its story. */
  flyToPreset(preset: ScenePreset): void {
    const t = this.twin;
    if (!t) return;
    this.chrome.setState({ visible: onlyLayers(preset.layers) });
    this.fly(presetView(t.scene.model.manifest.georef.origin, preset, this.parent.clientWidth));
  }

  /**
   * A tour step's camera and layers (tours/tour-stage.ts): a preset by key or keyframes in turn,
   * then the step's layers; applied now, or once the twin has loaded. `done` gets the view.
   */
  setTourCamera(request: CameraRequest, done: (view: CameraView) => void): void {
    this.tourCamera = { request, done };
    this.applyTourCamera();
  }

  /** True when the twin has an underground lot for `showBasement()`. */
  hasBasement(): boolean {
    return !!this.twin?.scene.basement();
  }

  /** Underground parking: the ground and the buildings are taken away so the garage's spaces show. */
  showBasement(): void {
    const lot = this.twin?.scene.basement();
    if (!lot) return;
    this.chrome.setState({ visible: onlyLayers(BASEMENT_LAYERS) });
    this.flyToObject(lot.position);
  }

  /** Opens the card of an object, or closes it (null). */
  select(picked: PickedObject | null): void {
    this.chrome.setState({ picked });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.loading?.abort();
    this.keyframes.stop();
    this.loop.dispose();
    for (const release of this.releases) release();
    finalizeDeck(this.deck);
    this.twin?.shells.dispose();
    this.twin = null;
    delete this.parent.dataset.twinReady;
    if (window.__twin === this.probe) delete window.__twin;
  }

  private loaded(model: TwinModel): void {
    performance.mark('twin:model-loaded');
    const scene = new TwinSceneData(model);
    const looks = new FamilyLooks(scene);
    const markers = new AlertMarkers((a) => scene.alertPosition(a));
    const flights = new AlertFlights();
    // Alert records held when the twin opens are history: they are drawn, but do not fly the camera.
    flights.arm(this.store.data.alerts);
    const tiles: TilesetWatch = new TilesetWatch(drawnTilesets(scene).map((t) => t.id), TILES_MEMORY_BUDGET_MB, () => {
      if (this.twin?.tiles !== tiles || this.disposed) return;
      if (!performance.getEntriesByName('twin:tileset-loaded').length && tiles.summary().some((t) => t.state === 'ready')) performance.mark('twin:tileset-loaded');
      if (tiles.problems.length !== this.chrome.getState().tileProblems.length) this.chrome.setState({ tileProblems: [...tiles.problems] });
      this.deck.redraw('tileset');
      this.updateReadySignal();
    });
    const shells: BimShells = new BimShells(scene, () => { if (this.twin?.shells === shells && !this.disposed) this.loop.request(); }, this.bimEnabled);
    this.twin = { scene, looks, markers, flights, stack: new LayerStack(scene, looks, markers, this.clock, tiles, shells), tiles, shells, applied: -1 };
    // What the server's check of the tilesets found is shown at once, before any tile is asked for.
    for (const p of model.manifest.tilesetProblems ?? []) tiles.failed(p.tileset, p.file ? model.url(p.file) : '', p.message);
    this.chrome.setState({ scene, visible: ALL_VISIBLE });
    if (!(this.focus && this.applyFocus())) this.flyToPreset(SCENE_PRESETS[0]);
    this.applyTourCamera();
    this.loop.request();
  }

  /**
   * The ready flag on the canvas host: "1" after the first frame with the twin and every
   * tileset's first view in; "failed" as soon as any tileset reports a failure (also after ready).
   */
  private updateReadySignal(): void {
    const t = this.twin;
    if (!t) return;
    if (t.tiles.hasProblems()) {
      this.probe.ready = false;
      this.parent.dataset.twinReady = 'failed';
      this.parent.dataset.twinProblems = String(t.tiles.problems.length);
      return;
    }
    if (this.probe.ready || !t.tiles.settled(this.chrome.getState().visible.photogrammetry)) return;
    this.probe.ready = true;
    this.parent.dataset.twinReady = '1';
    performance.mark('twin:ready');
  }

  private applyTourCamera(): void {
    const pending = this.tourCamera;
    const t = this.twin;
    if (!pending || !t || this.disposed) return;
    this.tourCamera = null;
    const { camera, layers, speed } = pending.request;
    this.keyframes.stop();
    const preset = camera && 'preset' in camera ? presetOf(camera.preset) : undefined;
    if (preset) this.flyToPreset(preset);
    else if (camera && 'keyframes' in camera) {
      // Keyframes are recorded without the lift to the community's height (camera.ts); put it back.
      const position = [0, 0, t.scene.model.manifest.georef.origin.height];
      this.keyframes.play(camera.keyframes, speed, (v) => this.fly(v, false), { position });
    }
    if (layers) this.chrome.setState({ visible: onlyLayers(layers) });
    this.loop.request();
    pending.done(this.viewState);
  }

  /**
   * Flies to the focused object and opens its card, or to the middle of a focused neighbourhood's
   * buildings (the cockpit at neighbourhood level); false when the twin has no such place.
   */
  private applyFocus(): boolean {
    const target = this.focus ? this.twin?.scene.locate(this.focus) : undefined;
    if (!target) {
      const hood = this.focus ? this.neighbourhoodCentre(this.focus) : undefined;
      if (hood) this.flyToObject(hood);
      return !!hood;
    }
    this.flyToObject(target.position);
    this.select(target);
    return true;
  }

  /** One frame: applies what changed since the last one; returns true while something animates. */
  private frame(now: number): boolean {
    const t = this.twin;
    if (!t) return false;
    const data = this.store.data;
    const live = data.revision !== t.applied;
    const t0 = performance.now();
    t.looks.update(data, this.lang);
    if (live) {
      t.applied = data.revision;
      // Only open records pulse: one resolved at a desk leaves `open()` and its marker goes.
      t.markers.update(data.alerts.open());
      const alert = t.flights.next(data.alerts, Date.now(), (a) => !!t.scene.alertPosition(a));
      if (alert) this.flyToObject(t.scene.alertPosition(alert)!);
    }
    const visible = this.chrome.getState().visible;
    const animating = (visible.alerts && t.markers.placed.length > 0) || visible.pipes;
    if (animating) this.clock.advance(now);
    const layers = t.stack.layers(visible, this.routeOverlay());
    if (layers !== this.deck.props.layers) this.deck.setProps({ layers });
    if (live) {
      const ms = this.probe.applyMs;
      ms.push(performance.now() - t0);
      if (ms.length > APPLY_MS_KEPT) ms.splice(0, APPLY_MS_KEPT / 2);
    }
    return animating;
  }

  /** What the evidence asks the route layers to draw, the same object until that changes. */
  private routeOverlay(): WalkRouteOverlay | undefined {
    if (!this.evidence) return undefined;
    const s = this.evidence.api.getState();
    // Routes of another community (the evidence view may still hold them) are not this twin's.
    const routes = s.community === this.community ? s.routes : NO_ROUTES;
    const visible = s.showRoutes && routes.length > 0;
    const o = this.routes;
    if (!o || o.routes !== routes || o.visible !== visible || o.highlight !== s.highlight || o.lang !== this.lang) {
      this.routes = { routes, visible, highlight: s.highlight, lang: this.lang, rev: (o?.rev ?? 0) + 1 };
    }
    return this.routes;
  }

  private neighbourhoodCentre(id: string): [number, number, number] | undefined {
    const m = this.twin?.scene.model;
    const centres = m?.manifest.buildings.filter((b) => b.neighbourhood === id).map((b) => m.buildingCentres.get(b.id)).filter((c) => !!c) ?? [];
    if (centres.length === 0) return undefined;
    const mean = (k: 0 | 1 | 2) => centres.reduce((sum, c) => sum + c![k], 0) / centres.length;
    return [mean(0), mean(1), Math.min(...centres.map((c) => c![2]))];
  }

  private flyToObject(position: readonly number[]): void {
    const t = this.twin;
    if (t) this.fly(objectView(this.viewState, position, t.scene.model.manifest.georef.origin));
  }

  /** `transition`: false when `next` carries its own (a tour's keyframe). */
  private fly(next: MapViewState, transition = true): void {
    this.probe.flights++;
    this.deck.setProps({ initialViewState: transition ? flight(next) : next });
    this.viewState = next;
    this.loop.request();
  }

  private pickAt(x: number, y: number): void {
    const t = this.twin;
    if (t) this.select(toPicked(t.scene, this.deck.pickObject({ x, y, radius: PICK_RADIUS_PX })));
  }

  private makeProbe(): TwinProbe {
    return {
      ready: false, applyMs: [], drawMs: [], flights: 0,
      tilesets: () => this.twin?.tiles.summary() ?? [],
      tileProblems: () => [...(this.twin?.tiles.problems ?? [])],
      bimShells: () => {
        this.loop.flush();
        const held = this.deck.isInitialized ? (this.deck as unknown as { layerManager?: { getLayers(): { id: string }[] } }).layerManager?.getLayers().filter((l) => l.id.startsWith(BIM_SHELL_LAYER_PREFIX)).length ?? 0 : 0;
        const t = this.twin;
        const massingHidden = t ? t.scene.buildings.filter((_b, i) => t.shells.massingHidden[i]).map((b) => b.id) : [];
        return { ...(t?.shells.summary() ?? { shown: [], loading: [], failed: [], triangles: 0, bytes: 0, released: 0 }), candidates: t?.shells.count ?? 0, layersHeld: held, massingHidden };
      },
      viewState: () => this.viewState,
      pick: (x, y) => (this.twin ? toPicked(this.twin.scene, this.deck.pickObject({ x, y, radius: PICK_RADIUS_PX })) : null),
      project: (id) => {
        const c = this.twin?.scene.model.buildingCentres.get(id);
        const vp = this.deck.getViewports()[0];
        if (!c || !vp) return null;
        const [x, y] = vp.project([c[0], c[1], c[2] - 20]);
        return [x, y];
      },
      layerCounts: () => {
        this.loop.flush();
        const layers = this.deck.props.layers as { id: string; props: { visible: boolean; data: unknown } }[];
        return Object.fromEntries(layers.filter((l) => l.props.visible && Array.isArray(l.props.data)).map((l) => [l.id, (l.props.data as unknown[]).length]));
      },
    };
  }
}
