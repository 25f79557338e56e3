/**
 * The city map's scene, no React: one Deck for the map's life (a wall runs for weeks; a Deck made
 * per level would leak its WebGL context), the layers of one `GET /api/map` answer coloured by a
 * figure, hover and click picking, and flights between levels (FlyToInterpolator) so a drill is
 * animated, not a jump. No basemap: the areas, points and labels are all there is to draw, and
 * nothing is fetched. `window.__cityMap` lets tests find where each place is drawn. Clicks are
 * picked on pointer release and hover once per frame, both synchronously, as in the twin (deck.gl's
 * asynchronous onClick did not report clicks in headless Chromium).
 */
import { Deck, FlyToInterpolator, MapView, WebMercatorViewport, type MapViewState } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { LonLat, MapAnswer, MapFeature, MapPolygon } from '../../streams/sites/city-map.ts';
import type { Rgba } from '../twin/colour-rules.ts';
import { NO_DATA } from './map-figures.ts';
import { listenForClicks } from '../twin/scene/picking.ts';
import type { Lang } from '../i18n/i18n-store.ts';
import { registerCameraSource, type CameraRequest, type CameraView } from '../tours/tour-stage.ts';
import { KeyframeMoves } from '../tours/keyframe-moves.ts';
import { finalizeDeck } from '../twin/scene/finalize-deck.ts';

/** Length of a flight between levels, ms. */
export const FLY_MS = 800;
/** The CJK font stack of the twin's labels (fonts-noto-cjk on the walls; nothing is downloaded). */
const FONT = 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif';
/** Pixels kept free around the fitted bounds. */
const FIT_PADDING_PX = 40;
const POINT_RADIUS_PX = 9;

interface AreaItem { feature: MapFeature; polygon: MapPolygon }

export interface CityMapProbe {
  /** The node whose map is drawn, once its layers are in. */
  node: string | null;
  /** Flights started (one per level shown). */
  flights: number;
  /** Where each child's label point is on screen now, px from the map's top left. */
  features(): { id: string; x: number; y: number; placed: string }[];
  /** What is under a point of the map, px. */
  pick(x: number, y: number): string | null;
  /** True while a flight is under way. */
  moving(): boolean;
  /** In-between views drawn by the last flight so far: a jump has none. */
  flightSteps: number;
  /** The view the camera is at or flying to. */
  viewState(): MapViewState;
}

declare global {
  interface Window { __cityMap?: CityMapProbe }
}

export interface CityMapControllerOptions {
  parent: HTMLDivElement;
  /** The place under the pointer (null when none), with the pointer's place in the map, px. */
  onHover(id: string | null, x: number, y: number): void;
  /** A place clicked: the shell drills into it. */
  onPick(id: string): void;
}

export class CityMapController {
  private readonly deck: Deck<MapView>;
  private readonly parent: HTMLDivElement;
  private readonly releases: (() => void)[] = [];
  private readonly probe: CityMapProbe;
  private answer: MapAnswer | null = null;
  private areas: AreaItem[] = [];
  private points: MapFeature[] = [];
  private outline: MapPolygon[] = [];
  private colours = new Map<string, Rgba>();
  private colourRevision = 0;
  private lang: Lang;
  private viewState: MapViewState = { longitude: 106.55, latitude: 29.56, zoom: 6, pitch: 0, bearing: 0 };
  private flightEnds = 0;
  private disposed = false;
  /** A tour step's camera waiting for its node's map. */
  private tourCamera: { request: CameraRequest; done: (view: CameraView) => void } | null = null;
  private readonly keyframes = new KeyframeMoves();

  constructor(opts: CityMapControllerOptions & { lang: Lang }) {
    this.parent = opts.parent;
    this.lang = opts.lang;
    this.deck = new Deck<MapView>({
      parent: this.parent,
      views: new MapView({ repeat: false }),
      initialViewState: this.viewState,
      controller: { dragRotate: false, touchRotate: false, inertia: true },
      layers: [],
      useDevicePixels: Math.min(window.devicePixelRatio || 1, 1.5),
      parameters: { clearColor: [0.02, 0.05, 0.1, 1] } as never,
      getCursor: ({ isHovering, isDragging }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
      onViewStateChange: ({ viewState, interactionState }) => {
        this.viewState = viewState as MapViewState;
        if (interactionState.inTransition) this.probe.flightSteps++;
      },
    });
    this.releases.push(
      listenForClicks(this.parent, (x, y) => {
        const id = idOf(this.deck.pickObject({ x, y, radius: 4 })?.object);
        if (id) opts.onPick(id);
      }),
      listenForHover(this.parent, (x, y) => {
        if (x < 0) { opts.onHover(null, 0, 0); return; }
        opts.onHover(idOf(this.deck.pickObject({ x, y, radius: 2 })?.object), x, y);
      }),
      registerCameraSource(() => this.viewState),
    );
    this.probe = {
      node: null,
      flights: 0,
      flightSteps: 0,
      features: () => this.projected(),
      pick: (x, y) => idOf(this.deck.pickObject({ x, y, radius: 4 })?.object),
      moving: () => performance.now() < this.flightEnds,
      viewState: () => this.viewState,
    };
    window.__cityMap = this.probe;
  }

  /** Draws another node's map and flies to its bounds. */
  setMap(answer: MapAnswer): void {
    if (this.disposed) return;
    const first = this.answer === null;
    const moved = this.answer?.node.id !== answer.node.id;
    this.answer = answer;
    this.areas = answer.children.flatMap((feature) => (feature.boundary ?? []).map((polygon) => ({ feature, polygon })));
    this.points = answer.children.filter((c) => !c.boundary);
    this.outline = answer.outline?.polygons ?? [];
    this.render();
    if (moved) this.fitBounds(answer.bounds, first);
    this.probe.node = answer.node.id;
    this.applyTourCamera();
  }

  /**
   * A tour step's camera (tours/tour-stage.ts) for the map of `request.node`: keyframes are flown
   * once that map is drawn (a twin preset means nothing here: the map keeps its fitted view).
   */
  setTourCamera(request: CameraRequest, done: (view: CameraView) => void): void {
    this.tourCamera = { request, done };
    this.applyTourCamera();
  }

  /** Colours by child id (a child missing is drawn as no data). */
  setColours(colours: Map<string, Rgba>): void {
    this.colours = colours;
    this.colourRevision++;
    this.render();
  }

  setLanguage(lang: Lang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    this.render();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.keyframes.stop();
    for (const release of this.releases) release();
    finalizeDeck(this.deck);
    if (window.__cityMap === this.probe) delete window.__cityMap;
  }

  private fitBounds(b: MapAnswer['bounds'], first: boolean): void {
    const width = this.parent.clientWidth || 800;
    const height = this.parent.clientHeight || 600;
    const padding = Math.min(FIT_PADDING_PX, Math.floor(Math.min(width, height) / 4));
    // A single point (one child at one spot) has no extent: give it a few hundred metres.
    const pad = 0.002;
    const [w, s, e, n] = b[2] - b[0] < pad || b[3] - b[1] < pad ? [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad] : b;
    const fitted = new WebMercatorViewport({ width, height }).fitBounds([[w, s], [e, n]], { padding });
    const next: MapViewState = { longitude: fitted.longitude, latitude: fitted.latitude, zoom: Math.min(fitted.zoom, 18), pitch: 0, bearing: 0 };
    this.probe.flights++;
    this.probe.flightSteps = 0;
    // The first view opens in place; every later level is flown to, from wherever the camera is.
    const ms = first ? 0 : FLY_MS;
    this.flightEnds = performance.now() + ms;
    this.deck.setProps({ initialViewState: ms > 0 ? { ...next, transitionDuration: ms, transitionInterpolator: new FlyToInterpolator() } as MapViewState : next });
    this.viewState = next;
  }

  private applyTourCamera(): void {
    const pending = this.tourCamera;
    if (!pending || this.disposed || this.answer?.node.id !== pending.request.node) return;
    this.tourCamera = null;
    const camera = pending.request.camera;
    if (camera && 'keyframes' in camera) {
      this.keyframes.play(camera.keyframes, pending.request.speed, (v) => {
        this.probe.flights++;
        this.flightEnds = performance.now() + ((v as { transitionDuration?: number }).transitionDuration ?? 0);
        this.deck.setProps({ initialViewState: v });
        this.viewState = v;
      });
    }
    pending.done(this.viewState);
  }

  private colourOf = (f: MapFeature): Rgba => this.colours.get(f.id) ?? NO_DATA;

  private render(): void {
    if (this.disposed || !this.answer) return;
    const key = this.answer.node.id;
    const trigger = `${key}:${this.colourRevision}`;
    const name = (f: MapFeature) => f.name[this.lang];
    this.deck.setProps({
      layers: [
        new PolygonLayer<MapPolygon>({
          id: 'map-outline', data: this.outline, getPolygon: (p) => p,
          filled: true, getFillColor: [20, 60, 110, 60], stroked: true, getLineColor: [62, 197, 255, 160],
          lineWidthUnits: 'pixels', getLineWidth: 2, updateTriggers: { getPolygon: key },
        }),
        new PolygonLayer<AreaItem>({
          id: 'map-areas', data: this.areas, getPolygon: (a) => a.polygon, pickable: true, autoHighlight: true,
          highlightColor: [255, 255, 255, 70],
          getFillColor: (a) => withAlpha(this.colourOf(a.feature), 170), stroked: true, getLineColor: [200, 230, 255, 200],
          lineWidthUnits: 'pixels', getLineWidth: 1,
          updateTriggers: { getPolygon: key, getFillColor: trigger },
        }),
        new ScatterplotLayer<MapFeature>({
          id: 'map-points', data: this.points, getPosition: (f) => f.position, pickable: true, autoHighlight: true,
          highlightColor: [255, 255, 255, 120],
          radiusUnits: 'pixels', getRadius: POINT_RADIUS_PX, getFillColor: (f) => this.colourOf(f),
          stroked: true, lineWidthUnits: 'pixels', getLineWidth: (f) => (f.placed === 'schematic' ? 1 : 3),
          getLineColor: (f) => (f.placed === 'schematic' ? [230, 240, 255, 160] : [255, 255, 255, 255]),
          updateTriggers: { getPosition: key, getFillColor: trigger, getLineWidth: key, getLineColor: key },
        }),
        new TextLayer<MapFeature>({
          id: 'map-labels', data: this.answer.children, getPosition: (f) => f.position, getText: name,
          characterSet: 'auto', fontFamily: FONT, fontSettings: { sdf: true }, outlineWidth: 3, outlineColor: [4, 11, 23, 230],
          getSize: 14, getColor: [230, 241, 255, 255], getPixelOffset: (f) => (f.boundary ? [0, 0] : [0, -POINT_RADIUS_PX - 9]),
          updateTriggers: { getText: `${key}:${this.lang}`, getPosition: key, getPixelOffset: key },
        }),
      ],
    });
  }

  private projected(): { id: string; x: number; y: number; placed: string }[] {
    const vp = this.deck.getViewports()[0];
    if (!vp || !this.answer) return [];
    return this.answer.children.map((c) => {
      const [x, y] = vp.project(c.position as LonLat);
      return { id: c.id, x: x!, y: y!, placed: c.placed };
    });
  }
}

function idOf(object: unknown): string | null {
  if (!object || typeof object !== 'object') return null;
  const o = object as { id?: unknown; feature?: { id?: unknown } };
  const id = o.feature?.id ?? o.id;
  return typeof id === 'string' ? id : null;
}

function withAlpha(c: Rgba, a: number): Rgba {
  return [c[0], c[1], c[2], a];
}

/**
 * Hover picked synchronously, at most once per animation frame (the pointer can move far more
 * often); (-1, -1) when the pointer leaves. Like the clicks, this does not rely on deck.gl's
 * asynchronous hover picking.
 */
function listenForHover(el: HTMLElement, onHover: (x: number, y: number) => void): () => void {
  let frame = 0;
  let at: [number, number] = [-1, -1];
  const flush = () => { frame = 0; onHover(at[0], at[1]); };
  const onMove = (e: PointerEvent) => {
    const r = el.getBoundingClientRect();
    at = [e.clientX - r.left, e.clientY - r.top];
    if (!frame) frame = requestAnimationFrame(flush);
  };
  const onLeave = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    onHover(-1, -1);
  };
  el.addEventListener('pointermove', onMove);
  el.addEventListener('pointerleave', onLeave);
  return () => {
    if (frame) cancelAnimationFrame(frame);
    el.removeEventListener('pointermove', onMove);
    el.removeEventListener('pointerleave', onLeave);
  };
}
