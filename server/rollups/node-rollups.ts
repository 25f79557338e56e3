/**
 * Live roll-ups per hierarchy node: for every node that has series under it (neighbourhood,
 * community and each level above), the figure of every summarised `${measurement}.${field}` by its
 * family's rollup rule, kept as samples are accepted instead of scanned when read.
 *
 *   accepted samples ─► accept(): per series, latest − what it held ─► its figures up the path
 *   values(node) ─► one read per figure (a stale max/min recomputed from its children first)
 *
 * The catalog's latest values are the truth (it drops a sample older than the latest), so a series
 * contributes what the catalog holds, never a sample's own value. When the tree changes (its
 * version moves) the figures are rebuilt from the catalog (about 0.4 s for 378,000 series, see
 * docs/performance.md). Latest values the catalog takes without a publish (a spool replayed after a
 * restart) are found by a sweep that re-reads a slice of the series on each read, every series once
 * per `sweepEveryMs`.
 */
import { fieldDef, inSummary } from '../../streams/families/index.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import { Figure, type SummedRule } from './figure.ts';
import { nearestNode, seriesPlace } from './series-place.ts';

/** A node's figures: `values["energy.load_kw"] = { value, series }` (the shape of `SummaryFrame.values`). */
export type RollupValues = Record<string, { value: number; series: number }>;

export interface NodeRollupsOptions {
  /** Re-read every series' latest value from the catalog once in this long, a slice per read, ms. Default 600,000 (10 min); 0: never. */
  sweepEveryMs?: number;
  /** Clock, epoch ms (tests). Default Date.now. */
  now?: () => number;
}

/** `${measurement}.${field}`, made once per field rather than once per series. */
const KEYS = new Map<string, Map<string, string>>();
function figureKey(measurement: string, field: string): string {
  let fields = KEYS.get(measurement);
  if (!fields) KEYS.set(measurement, (fields = new Map()));
  let key = fields.get(field);
  if (key === undefined) fields.set(field, (key = `${measurement}.${field}`));
  return key;
}

/** Series that count nowhere (not summarised, or not placed in the tree). */
const NOWHERE: readonly Figure[] = [];

export class NodeRollups {
  /** node id → key → figure; only nodes with series under them. */
  private nodes = new Map<string, Map<string, Figure>>();
  /** Per series id: its figures, nearest node first (undefined until first seen). */
  private figuresOf: (readonly Figure[] | undefined)[] = [];
  /** nearest node id → key → the figures along its path, shared by the series placed there. */
  private paths = new Map<string, Map<string, readonly Figure[]>>();
  /** Per series id: the value it contributes now (NaN: none yet). */
  private held = new Float64Array(1024).fill(NaN);
  private builtVersion = -1;
  private rebuildCount = 0;
  private sweepNext = 1;
  private sweptAt: number;
  private readonly sweepEveryMs: number;
  private readonly now: () => number;
  private readonly heldOf = (sid: number) => this.held[sid];

  constructor(private readonly catalog: SeriesCatalog, private readonly hierarchy: Hierarchy, opts: NodeRollupsOptions = {}) {
    this.sweepEveryMs = opts.sweepEveryMs ?? 600_000;
    this.now = opts.now ?? Date.now;
    this.sweptAt = this.now();
    this.rebuild();
  }

  /** Take in accepted samples (after the catalog recorded them): each series named once or more. */
  accept(samples: { readonly length: number; readonly sid: ArrayLike<number> }): void {
    if (this.hierarchy.version !== this.builtVersion) { this.rebuild(); return; }
    for (let i = 0; i < samples.length; i++) this.sync(samples.sid[i]);
  }

  /** A node's figures now; empty for a node with no series (or not in the tree). O(figures). */
  values(nodeId: string): RollupValues {
    this.refresh();
    const out: RollupValues = {};
    const figures = this.nodes.get(nodeId);
    if (!figures) return out;
    for (const [key, f] of figures) out[key] = { value: f.value(this.heldOf), series: f.count };
    return out;
  }

  /** Nodes holding figures (for health and tests). */
  get nodeCount(): number {
    return this.nodes.size;
  }

  /** Rebuilds so far (the first, at construction, counts). */
  get rebuilds(): number {
    return this.rebuildCount;
  }

  /** Forget every figure and take in the latest value of every series the catalog holds. */
  rebuild(): void {
    this.nodes = new Map();
    this.figuresOf = [];
    this.paths = new Map();
    this.held = new Float64Array(Math.max(1024, this.catalog.size + 1)).fill(NaN);
    this.builtVersion = this.hierarchy.version;
    this.rebuildCount++;
    for (let sid = 1; sid <= this.catalog.size; sid++) this.sync(sid);
  }

  private refresh(): void {
    if (this.hierarchy.version !== this.builtVersion) this.rebuild();
    else this.sweep();
  }

  /** Re-read the slice of series due since the last sweep (at most ten sweeps a second). */
  private sweep(): void {
    const size = this.catalog.size;
    const now = this.now();
    if (this.sweepEveryMs <= 0 || size === 0 || now - this.sweptAt < 100) return;
    const due = Math.min(size, Math.ceil((size * (now - this.sweptAt)) / this.sweepEveryMs));
    this.sweptAt = now;
    for (let i = 0; i < due; i++) {
      if (this.sweepNext > size) this.sweepNext = 1;
      this.sync(this.sweepNext++);
    }
  }

  private sync(sid: number): void {
    const t = this.catalog.latestTime(sid);
    if (t !== t) return;
    const figures = this.figuresOf[sid] ?? this.place(sid);
    if (figures.length === 0) return;
    const after = this.catalog.latestValue(sid);
    const before = this.held[sid];
    if (before === after) return;
    this.held[sid] = after;
    for (let i = 0; i < figures.length; i++) figures[i].update(before, after);
  }

  /** Find (creating them) the figures a series counts toward; the series joins the nearest one's own. */
  private place(sid: number): readonly Figure[] {
    const def = this.catalog.get(sid);
    const rule = def && def.type !== 'string' ? fieldDef(def.measurement, def.field)?.rollup : undefined;
    if (!def || !rule || rule === 'none' || !inSummary(def.measurement)) return (this.figuresOf[sid] = NOWHERE);
    const nearest = nearestNode(this.hierarchy, def.tags);
    if (nearest === undefined) return (this.figuresOf[sid] = NOWHERE);
    const key = figureKey(def.measurement, def.field);
    let here = this.paths.get(nearest);
    if (!here) this.paths.set(nearest, (here = new Map()));
    let figures = here.get(key);
    if (!figures) here.set(key, (figures = this.figuresAlong(seriesPlace(this.hierarchy, def.tags), key, rule)));
    if (sid >= this.held.length) this.grow(sid);
    figures[0].direct.push(sid);
    return (this.figuresOf[sid] = figures);
  }

  /** The figures of `key` along a path, nearest first, each new one linked to its parent's. */
  private figuresAlong(path: readonly string[], key: string, rule: SummedRule): readonly Figure[] {
    const figures: Figure[] = [];
    let child: Figure | undefined;
    for (const nodeId of path) {
      let byKey = this.nodes.get(nodeId);
      if (!byKey) this.nodes.set(nodeId, (byKey = new Map()));
      let f = byKey.get(key);
      const created = !f;
      if (!f) byKey.set(key, (f = new Figure(rule)));
      if (child) f.children.push(child);
      figures.push(f);
      // An existing figure is already linked to its parent's (made with it, on the same path).
      child = created ? f : undefined;
    }
    return figures;
  }

  private grow(sid: number): void {
    const held = new Float64Array(Math.max(sid + 1, this.held.length * 2)).fill(NaN);
    held.set(this.held);
    this.held = held;
  }
}
