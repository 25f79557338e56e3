/**
 * Every field series the server knows: id assignment, field types (one type per measurement and
 * field, as InfluxDB enforces), and the latest value of each series for snapshots and summaries.
 * Series tags are kept as maps with no prototype (tag-map.ts), whether they come from a parsed
 * line, a store or the disk spool, so a tag called `__proto__` or `constructor` is ordinary data.
 */
import { MEASUREMENTS, type FieldType } from '../../streams/families/index.ts';
import type { SeriesIdentity } from '../../streams/line-protocol/parse.ts';
import { ownTags, tagValue } from '../../streams/line-protocol/tag-map.ts';
import type { SeriesDef, TimeSeriesStore } from '../store/types.ts';

/** Series per `latest()` call when restoring: keeps each store call short (the worker's hang bound). */
const RESTORE_CHUNK = 2000;

/** Ids of an identity's field series found so far (ids never change), kept on the identity. */
interface KnownFields { catalog: SeriesCatalog; fields: string[]; ids: number[] }

function remember(series: SeriesIdentity, catalog: SeriesCatalog, field: string, id: number): void {
  let known = series.slot as KnownFields | undefined;
  if (known === undefined || known.catalog !== catalog) series.slot = known = { catalog, fields: [], ids: [] };
  known.fields.push(field);
  known.ids.push(id);
}

export class SeriesCatalog {
  private readonly byId: (SeriesDef | undefined)[] = [undefined];
  /**
   * Series key → its field series: the id itself while it has one field (most devices), a map by
   * field once it has more. Keyed by the identity's own key string (its hash is cached on it), so
   * a lookup builds no string and a city's millions of series cost no map each.
   */
  private readonly byKey = new Map<string, number | Map<string, number>>();
  /** `${measurement}\n${field}` → type. */
  private readonly fieldTypes = new Map<string, FieldType>();
  private readonly byCommunity = new Map<string, number[]>();
  /** Series not yet recorded by the store: fresh[freshHead…] (a head index, so taking a few of millions copies nothing). */
  private fresh: SeriesDef[] = [];
  private freshHead = 0;
  private latestT = new Float64Array(1024).fill(NaN);
  private latestV = new Float64Array(1024);
  private readonly latestText = new Map<number, string>();

  constructor() {
    for (const m of Object.values(MEASUREMENTS)) {
      for (const f of m.fields) this.fieldTypes.set(`${m.measurement}\n${f.key}`, f.type);
    }
  }

  /** Adopt series a store already holds, keeping their ids. */
  load(defs: SeriesDef[]): void {
    for (const d of defs) {
      this.fieldTypes.set(`${d.measurement}\n${d.field}`, d.type);
      this.insert({ ...d, tags: ownTags(d.tags) });
    }
  }

  /** The type already recorded for a measurement's field, if any. */
  fieldType(measurement: string, field: string): FieldType | undefined {
    return this.fieldTypes.get(`${measurement}\n${field}`);
  }

  /**
   * Id of a field series, creating it when new. Returns an error message on a field type conflict.
   * Call `fieldType` first when several fields of a line must be accepted or refused together.
   */
  resolve(series: SeriesIdentity, field: string, type: FieldType): number {
    const id = this.lookup(series, field);
    if (id !== undefined) return id;
    const ftKey = `${series.measurement}\n${field}`;
    if (!this.fieldTypes.has(ftKey)) this.fieldTypes.set(ftKey, type);
    const def: SeriesDef = {
      id: this.byId.length, key: series.key, measurement: series.measurement, tags: ownTags(series.tags), field, type,
    };
    this.insert(def);
    this.fresh.push(def);
    return def.id;
  }

  /** Id of an existing field series, without creating one. */
  lookup(series: SeriesIdentity, field: string): number | undefined {
    const known = series.slot as KnownFields | undefined;
    if (known !== undefined && known.catalog === this) {
      const k = known.fields.indexOf(field);
      if (k >= 0) return known.ids[k];
    }
    const fields = this.byKey.get(series.key);
    const id = typeof fields === 'number' ? (this.byId[fields]!.field === field ? fields : undefined) : fields?.get(field);
    if (id !== undefined) remember(series, this, field, id);
    return id;
  }

  get(id: number): SeriesDef | undefined {
    return this.byId[id];
  }

  get size(): number {
    return this.byId.length - 1;
  }

  /** Series created since the last call (for the store to record); with `upToId`, only those with an id up to it. */
  takeFresh(upToId = Infinity): SeriesDef[] {
    // Ids grow with creation and returnFresh keeps the list in id order.
    let end = this.freshHead;
    while (end < this.fresh.length && this.fresh[end].id <= upToId) end++;
    const out = this.fresh.slice(this.freshHead, end);
    this.freshHead = end;
    if (this.freshHead === this.fresh.length) { this.fresh = []; this.freshHead = 0; }
    else if (this.freshHead > this.fresh.length / 2) { this.fresh = this.fresh.slice(this.freshHead); this.freshHead = 0; }
    return out;
  }

  /** Put back series whose write failed, so the next batch records them. */
  returnFresh(defs: SeriesDef[]): void {
    // Kept in id order (writes in flight may fail in any order), as takeFresh relies on.
    this.fresh = defs.concat(this.fresh.slice(this.freshHead)).sort((a, b) => a.id - b.id);
    this.freshHead = 0;
  }

  ofCommunity(community: string): readonly number[] {
    return this.byCommunity.get(community) ?? [];
  }

  /** Find series by measurement, exact tag values and optional field. */
  find(filter: { measurement?: string; field?: string; tags?: Record<string, string> }): SeriesDef[] {
    const tags = Object.entries(filter.tags ?? {});
    const community = filter.tags && tagValue(filter.tags, 'community');
    const pool = community !== undefined
      ? this.ofCommunity(community).map((id) => this.byId[id]!)
      : (this.byId.filter(Boolean) as SeriesDef[]);
    return pool.filter((d) =>
      (filter.measurement === undefined || d.measurement === filter.measurement) &&
      (filter.field === undefined || d.field === filter.field) &&
      tags.every(([k, v]) => tagValue(d.tags, k) === v));
  }

  /**
   * Load every series' latest value from the store (after `load`, at start), so snapshots and
   * /api/latest show what is stored rather than nothing until each series reports again. A store
   * that cannot answer leaves the values empty, with a warning: the server still starts.
   */
  async restoreLatest(store: Pick<TimeSeriesStore, 'kind' | 'latest'>): Promise<number> {
    const all = this.byId.filter((d): d is SeriesDef => d !== undefined);
    let restored = 0;
    try {
      for (let i = 0; i < all.length; i += RESTORE_CHUNK) {
        for (const l of await store.latest(all.slice(i, i + RESTORE_CHUNK))) {
          if (typeof l.v !== 'string') this.setLatest(l.id, l.t, l.v);
          else if (this.byId[l.id]?.type === 'integer') { this.setLatest(l.id, l.t, Number(l.v)); this.setLatestText(l.id, l.t, l.v); }
          else this.setLatestText(l.id, l.t, l.v);
          restored++;
        }
      }
    } catch (e) {
      console.warn(`catalog: latest values could not be read from the ${store.kind} store (${(e as Error).message}); /api/latest stays empty until series report again`);
    }
    return restored;
  }

  setLatest(id: number, t: number, v: number): void {
    if (id >= this.latestT.length) this.growLatest(id);
    const cur = this.latestT[id];
    if (!(t < cur)) { this.latestT[id] = t; this.latestV[id] = v; }
  }

  setLatestText(id: number, t: number, s: string): void {
    if (id >= this.latestT.length) this.growLatest(id);
    const cur = this.latestT[id];
    if (!(t < cur)) { this.latestT[id] = t; this.latestText.set(id, s); }
  }

  /** Latest time (epoch ms, NaN if none) and value of a series. */
  latestTime(id: number): number {
    return id < this.latestT.length ? this.latestT[id] : NaN;
  }

  latestValue(id: number): number {
    return this.latestV[id];
  }

  /**
   * The latest value of an integer series beyond ±2^53, exactly (decimal text), or undefined. It
   * is kept beside the float64 one, and only counts while that still equals it (a later value
   * within ±2^53 leaves the text behind).
   */
  latestExactValue(id: number): string | undefined {
    const s = this.latestText.get(id);
    return s !== undefined && this.byId[id]?.type === 'integer' && Number(s) === this.latestV[id] ? s : undefined;
  }

  latestTextValue(id: number): string | undefined {
    return this.latestText.get(id);
  }

  private insert(d: SeriesDef): void {
    this.byId[d.id] = d;
    const fields = this.byKey.get(d.key);
    if (fields === undefined) this.byKey.set(d.key, d.id);
    else if (typeof fields === 'number') this.byKey.set(d.key, new Map([[this.byId[fields]!.field, fields], [d.field, d.id]]));
    else fields.set(d.field, d.id);
    const c = tagValue(d.tags, 'community');
    if (c !== undefined) {
      let list = this.byCommunity.get(c);
      if (!list) this.byCommunity.set(c, (list = []));
      list.push(d.id);
    }
  }

  private growLatest(id: number): void {
    const size = Math.max(id + 1, this.latestT.length * 2);
    const t = new Float64Array(size).fill(NaN);
    t.set(this.latestT);
    const v = new Float64Array(size);
    v.set(this.latestV);
    this.latestT = t;
    this.latestV = v;
  }
}
