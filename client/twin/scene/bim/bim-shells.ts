/**
 * The overview's levels of detail for buildings: far away every building is its massing; close up
 * (the ground scale at or under BIM_NEAR_M_PER_PX and the building within BIM_NEAR_PX of the view's
 * centre) the nearest buildings with a BIM shell in the manifest are drawn as that shell instead;
 * the building detail view keeps every element.
 *
 * Bounded: at most MAX_BIM_SHELLS shells loaded or loading, BIM_TRIANGLE_BUDGET triangles shown
 * together, MAX_SHELL_LOADS fetches at once. A shell is released (its layer leaves the stack, and
 * deck.gl deletes its GPU buffers with it) when the camera pulls back past the looser far limits,
 * or when a nearer building needs its place. The gap between the near and far limits keeps a
 * camera resting on the threshold from loading and releasing the same model over and over.
 *
 * The massing of a building stays drawn until its shell is in, so a building never disappears.
 */
import type { MapViewState } from '@deck.gl/core';
import type { TwinSceneData } from '../scene-data.ts';
import { metres } from '../scene-data.ts';
import { metresPer100px } from '../camera.ts';
import { roofCentre } from '../../../../twin-models/manifest/placement.ts';
import { loadShellMesh, type ShellMesh } from './shell-mesh.ts';

/** Ground metres per pixel at or under which buildings near the view's centre show their BIM shell (about zoom 17.8 in Chongqing). */
export const BIM_NEAR_M_PER_PX = 0.6;
/** Ground metres per pixel past which every shell is released (about zoom 17.2). */
export const BIM_FAR_M_PER_PX = 0.9;
/** A building within this many pixels of the view's centre is close enough for its shell. */
export const BIM_NEAR_PX = 700;
/** A shown shell is released once its building is farther than this from the view's centre, px. */
export const BIM_FAR_PX = 1100;
/** Shells loaded or loading at once. */
export const MAX_BIM_SHELLS = 6;
/** Triangles the shown shells may have together (each shell is at most 150,000: import/ifc/bim-shell.ts). */
export const BIM_TRIANGLE_BUDGET = 600_000;
/** Shell fetches in flight at once. */
export const MAX_SHELL_LOADS = 2;

type State = 'loading' | 'shown' | 'failed' | 'over-budget';

interface Entry {
  /** Index in `candidates`. */
  candidate: number;
  /** Index of the building in `scene.buildings`. */
  index: number;
  state: State;
  /** Distinguishes successive loads of the same building (a layer is keyed on it). */
  serial: number;
  mesh?: ShellMesh;
  abort?: AbortController;
  error?: string;
}

/** One building's shell as the layers draw it. */
export interface ShownShell {
  id: string;
  /** Index of the building in `scene.buildings` (its colour, its massing). */
  index: number;
  serial: number;
  mesh: ShellMesh;
  /** [longitude, latitude, height m] the mesh is drawn around: the building's roof centre. */
  position: [number, number, number];
}

/** What `window.__twin.bimShells()` reports. */
export interface BimShellSummary {
  /** Buildings drawn as their BIM shell, nearest first. */
  shown: string[];
  loading: string[];
  /** Buildings whose shell could not be loaded, with why (their massing stays). */
  failed: { id: string; message: string }[];
  triangles: number;
  bytes: number;
  /** Shells released so far (GPU buffers deleted with their layer). */
  released: number;
}

export class BimShells {
  /** Bumped whenever the set of shown shells changes. */
  rev = 0;
  private released = 0;
  private readonly entries = new Map<string, Entry>();
  /** Per building of `scene.buildings`: 1 while its shell is drawn instead of its massing. */
  readonly massingHidden: Uint8Array;
  private readonly candidates: { id: string; index: number; url: string; centre: [number, number, number]; position: [number, number, number] }[];
  private readonly distance: Float64Array;
  private readonly order: number[];
  private shownCache: ShownShell[] = [];
  private shownRev = -1;
  private serialSeq = 0;
  private readonly target = [0, 0];
  private lastView = { lon: NaN, lat: NaN, zoom: NaN };
  /** The view of the last update, to start the loads that waited for a free slot. */
  private view: MapViewState | null = null;
  private disposed = false;

  /** `changed` is called when a shell came in or went (the owner asks for a frame); `enabled` false: massing only. */
  constructor(private readonly scene: TwinSceneData, private readonly changed: () => void, enabled = true) {
    const m = scene.model;
    this.massingHidden = new Uint8Array(scene.buildings.length);
    this.candidates = [];
    scene.buildings.forEach((item, index) => {
      if (!enabled) return;
      const b = m.manifest.buildings.find((x) => x.id === item.id);
      const lonLat = m.buildingCentres.get(item.id);
      if (!b?.shell || !b.bounds || !lonLat) return;
      this.candidates.push({ id: b.id, index, url: m.url(b.shell), centre: roofCentre(b.bounds), position: lonLat });
    });
    this.distance = new Float64Array(this.candidates.length);
    this.order = this.candidates.map((_, i) => i);
  }

  /** Buildings that have a shell to show close up. */
  get count(): number {
    return this.candidates.length;
  }

  /** Decides from the camera which shells to load and which to release. Cheap enough for every view change. */
  update(view: MapViewState): void {
    if (this.disposed || this.candidates.length === 0) return;
    this.view = view;
    const l = this.lastView;
    if (Math.abs(view.longitude - l.lon) < 1e-6 && Math.abs(view.latitude - l.lat) < 1e-6 && Math.abs(view.zoom - l.zoom) < 0.01) return;
    l.lon = view.longitude; l.lat = view.latitude; l.zoom = view.zoom;
    const mpp = metresPer100px(view) / 100;
    const target = this.target;
    target[0] = view.longitude; target[1] = view.latitude;
    for (let i = 0; i < this.candidates.length; i++) this.distance[i] = metres(target, this.candidates[i].position);
    this.order.sort((a, b) => this.distance[a] - this.distance[b]);

    // Release what is out of the far limits (loads in flight are aborted).
    const keepAny = mpp <= BIM_FAR_M_PER_PX;
    for (const [id, e] of this.entries) {
      if (!keepAny || this.distance[e.candidate] > BIM_FAR_PX * mpp) this.release(id, e);
    }
    if (mpp > BIM_NEAR_M_PER_PX) return;

    const wanted: number[] = [];
    for (const i of this.order) {
      if (wanted.length >= MAX_BIM_SHELLS || this.distance[i] > BIM_NEAR_PX * mpp) break;
      wanted.push(i);
    }
    const wantedIds = new Set(wanted.map((i) => this.candidates[i].id));
    for (const i of wanted) {
      const c = this.candidates[i];
      if (this.entries.has(c.id)) continue;
      if (this.entries.size >= MAX_BIM_SHELLS && !this.evictFarthest(wantedIds)) break;
      if (this.loadingCount() >= MAX_SHELL_LOADS) break;
      this.load(c);
    }
  }

  /** The shells to draw, nearest first; the same array until the set changes. */
  shown(): readonly ShownShell[] {
    if (this.shownRev === this.rev) return this.shownCache;
    this.shownRev = this.rev;
    this.shownCache = [];
    for (const c of this.candidates) {
      const e = this.entries.get(c.id);
      if (e?.state === 'shown' && e.mesh) this.shownCache.push({ id: c.id, index: c.index, serial: e.serial, mesh: e.mesh, position: c.position });
    }
    return this.shownCache;
  }

  summary(): BimShellSummary {
    const pick = (s: State) => [...this.entries].filter(([, e]) => e.state === s).map(([id]) => id);
    const shown = this.shown();
    return {
      shown: pick('shown'),
      loading: pick('loading'),
      failed: [...this.entries].filter(([, e]) => e.state === 'failed' || e.state === 'over-budget').map(([id, e]) => ({ id, message: e.error ?? '' })),
      triangles: shown.reduce((n, s) => n + s.mesh.triangles, 0),
      bytes: shown.reduce((n, s) => n + s.mesh.bytes, 0),
      released: this.released,
    };
  }

  /** Aborts loads and drops every mesh (the layers go with the twin's Deck layers). */
  dispose(): void {
    this.disposed = true;
    for (const [id, e] of this.entries) this.release(id, e);
  }

  private loadingCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.state === 'loading') n++;
    return n;
  }

  /** Releases the farthest entry that is not wanted; false when every entry is wanted. */
  private evictFarthest(wanted: ReadonlySet<string>): boolean {
    for (let k = this.order.length - 1; k >= 0; k--) {
      const c = this.candidates[this.order[k]];
      const e = this.entries.get(c.id);
      if (e && !wanted.has(c.id)) { this.release(c.id, e); return true; }
    }
    return false;
  }

  private load(c: (typeof this.candidates)[number]): void {
    const b = this.scene.model.manifest.buildings.find((x) => x.id === c.id)!;
    const abort = new AbortController();
    const entry: Entry = { candidate: this.candidates.indexOf(c), index: c.index, state: 'loading', serial: ++this.serialSeq, abort };
    this.entries.set(c.id, entry);
    loadShellMesh(c.id, c.url, b.placement, c.centre, abort.signal).then(
      (mesh) => {
        if (this.entries.get(c.id) !== entry || this.disposed) return;
        entry.abort = undefined;
        const used = this.summary().triangles;
        if (used + mesh.triangles > BIM_TRIANGLE_BUDGET) {
          entry.state = 'over-budget';
          entry.error = `its ${mesh.triangles.toLocaleString('en')} triangles would take the shown shells past the budget of ${BIM_TRIANGLE_BUDGET.toLocaleString('en')}`;
        } else {
          entry.state = 'shown';
          entry.mesh = mesh;
          this.massingHidden[c.index] = 1;
          this.rev++;
        }
        this.changed();
        this.again();
      },
      (e: unknown) => {
        if (this.entries.get(c.id) !== entry || abort.signal.aborted) return;
        entry.abort = undefined;
        entry.state = 'failed';
        entry.error = (e as Error).message;
        console.warn((e as Error).message);
        this.changed();
        this.again();
      },
    );
  }

  /** A load finished: the same view again, for the loads that waited for its slot. */
  private again(): void {
    this.lastView.zoom = NaN;
    if (this.view && !this.disposed) this.update(this.view);
  }

  private release(id: string, e: Entry): void {
    this.entries.delete(id);
    e.abort?.abort();
    if (e.state === 'shown') {
      this.massingHidden[e.index] = 0;
      e.mesh = undefined;
      this.released++;
      this.rev++;
      if (!this.disposed) this.changed();
    }
  }
}
