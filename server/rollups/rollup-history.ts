/**
 * History of the roll-ups: once a minute (on the UTC minute) every node at the recorded levels has
 * its live figures written to the time-series store as the points of one product-owned
 * measurement, `node_rollup`, tagged `node=<id>`, one float field per `${measurement}.${field}`
 * key (`energy.load_kw`). They go through the same store writer as ingest, in one batch, so the
 * embedded store stages them in one transaction and rolls them up to 1-minute and 1-hour buckets
 * like any series, and InfluxDB's continuous queries roll them up too; the store's retention bounds
 * them (raw 7 days by default).
 *
 * Why not continuous queries over the families' own series: the tree (street, district, city)
 * lives in the product, not in the series' tags, and it can change (a community moves to another
 * street); a CQ can only group by tags a point carries. The server already holds every node's
 * figure, so it writes the figure.
 */
import type { Level } from '../../streams/hierarchy.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import { seriesKey } from '../../streams/line-protocol/format.ts';
import { ownTags } from '../../streams/line-protocol/tag-map.ts';
import type { SeriesIdentity } from '../../streams/line-protocol/parse.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import { SampleBatch } from '../ingest/sample-batch.ts';
import type { NodeRollups } from './node-rollups.ts';

/** The measurement of the roll-up history: no family has this name, and POST /write refuses it. */
export const NODE_ROLLUP = 'node_rollup';

/** Levels whose history is written (neighbourhoods are read from their series directly). */
export const HISTORY_LEVELS: readonly Level[] = ['city', 'district', 'street', 'community'];

/** Time between two records, ms (one UTC minute). */
export const HISTORY_STEP_MS = 60_000;

export interface RollupHistoryOptions {
  rollups: NodeRollups;
  hierarchy: Hierarchy;
  catalog: SeriesCatalog;
  /** Where the batch goes (the store writer). */
  submit: (samples: SampleBatch) => Promise<void>;
  /** Levels recorded. Default HISTORY_LEVELS. */
  levels?: readonly Level[];
  /** Clock, epoch ms (tests). Default Date.now. */
  now?: () => number;
}

export interface RecordStats {
  /** Nodes with at least one figure written. */
  nodes: number;
  samples: number;
  /** Main-thread ms to read the figures and fill the batch. */
  buildMs: number;
}

export class RollupHistory {
  /** `${node}\n${key}` → series id, so a record resolves nothing it resolved before. */
  private readonly ids = new Map<string, number>();
  private readonly levels: ReadonlySet<Level>;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private holds = 0;
  private lastT = -Infinity;
  /** The last record's figures, for health and the benchmark. */
  last: RecordStats | undefined;

  constructor(private readonly opts: RollupHistoryOptions) {
    this.levels = new Set(opts.levels ?? HISTORY_LEVELS);
    this.now = opts.now ?? Date.now;
  }

  /** Whether a node's history is written (its level is recorded). */
  records(level: Level): boolean {
    return this.levels.has(level);
  }

  /** The series of a node's figure, if it was ever written. */
  seriesId(nodeId: string, key: string): number | undefined {
    return this.ids.get(`${nodeId}\n${key}`) ?? this.opts.catalog.lookup(identity(nodeId), key);
  }

  /**
   * Write every recorded node's figures as they are now, stamped `t` (epoch ms). A time at or before
   * the last record is skipped (the embedded store would count a replaced point twice in its rollups).
   */
  record(t: number): Promise<void> {
    if (!(t > this.lastT)) return Promise.resolve();
    this.lastT = t;
    const t0 = performance.now();
    const { rollups, hierarchy, catalog } = this.opts;
    const batch = new SampleBatch(8192);
    let nodes = 0;
    for (const node of hierarchy.nodes()) {
      if (!this.levels.has(node.level)) continue;
      const values = rollups.values(node.id);
      let any = false;
      let series: SeriesIdentity | undefined;
      for (const key in values) {
        const v = values[key].value;
        // A mean of no series, an extreme of none: nothing to record.
        if (!Number.isFinite(v)) continue;
        const idKey = `${node.id}\n${key}`;
        let sid = this.ids.get(idKey);
        if (sid === undefined) {
          series ??= identity(node.id);
          sid = catalog.resolve(series, key, 'float');
          this.ids.set(idKey, sid);
        }
        batch.push(sid, t, v);
        catalog.setLatest(sid, t, v);
        any = true;
      }
      if (any) nodes++;
    }
    this.last = { nodes, samples: batch.length, buildMs: performance.now() - t0 };
    return this.opts.submit(batch);
  }

  /** Record on every UTC minute from the next one on, until `stop()`. */
  start(): void {
    if (this.timer) return;
    const schedule = () => {
      const now = this.now();
      const next = Math.floor(now / HISTORY_STEP_MS) * HISTORY_STEP_MS + HISTORY_STEP_MS;
      this.timer = setTimeout(() => {
        if (this.holds === 0) this.record(next).catch((e: Error) => console.error(`rollups: history at ${new Date(next).toISOString()}: ${e.message}`));
        schedule();
      }, next - now);
      this.timer.unref();
    };
    schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Pause the minute timer while someone else records simulated minutes (an accelerated
   * simulator's history); the returned function resumes it.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => { if (!released) { released = true; this.holds--; } };
  }
}

function identity(nodeId: string): SeriesIdentity {
  const tags = { node: nodeId };
  return { measurement: NODE_ROLLUP, tags: ownTags(tags), key: seriesKey(NODE_ROLLUP, tags) };
}
