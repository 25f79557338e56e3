/**
 * The embedded store's `series` table, and what the worker keeps of it in memory: each id's
 * identity (series key and field) and kind, so announcements are checked against the table and
 * every sample of a batch is checked (batch-check.ts) without a query.
 */
import type { Database as Db, Statement } from 'better-sqlite3';
import type { SampleRecord, SeriesDef } from '../types.ts';
import { SeriesKinds } from './batch-check.ts';

type SeriesRow = { id: number; key: string; measurement: string; tags: string; field: string; type: SeriesDef['type'] };

export class SeriesTable {
  readonly kinds = new SeriesKinds();
  /** `key\nfield` by id, and back. */
  private readonly identities = new Map<number, string>();
  private readonly ids = new Map<string, number>();
  private readonly insert: Statement;
  private readonly byId: Statement;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO series (id, key, measurement, tags, field, type) VALUES (?,?,?,?,?,?)');
    this.byId = db.prepare('SELECT id, key, measurement, tags, field, type FROM series WHERE id = ?');
    for (const r of db.prepare('SELECT id, key, field, type FROM series').iterate() as IterableIterator<SeriesRow>) {
      this.remember([r as unknown as SeriesDef]);
    }
  }

  all(): SeriesDef[] {
    const rows = this.db.prepare('SELECT id, key, measurement, tags, field, type FROM series ORDER BY id').all() as SeriesRow[];
    return rows.map(toDef);
  }

  /**
   * The announced series not recorded yet, or why the announcements contradict the table. The new
   * ones count as known right away (so the batch's own samples pass the check) until `remember`.
   */
  sort(defs: SeriesDef[]): { fresh: SeriesDef[]; conflict?: string } {
    const fresh: SeriesDef[] = [];
    let conflict: string | undefined;
    for (const s of defs) {
      const identity = `${s.key}\n${s.field}`;
      const held = this.identities.get(s.id);
      const other = this.ids.get(identity);
      if (held === identity) continue;
      if (held !== undefined || (other !== undefined && other !== s.id)) {
        conflict ??= held !== undefined
          ? `series id ${s.id} (${s.key} ${s.field}) is already taken by another series (${held.replace('\n', ' ')})`
          : `series ${s.key} ${s.field} is already recorded under id ${other}, not ${s.id}`;
        continue;
      }
      fresh.push(s);
      this.kinds.set(s.id, s.type);
    }
    return { fresh, conflict };
  }

  /** Insert series (inside the caller's transaction); `remember` them once it commits. */
  record(defs: SeriesDef[]): void {
    for (const s of defs) this.insert.run(s.id, s.key, s.measurement, JSON.stringify(s.tags), s.field, s.type);
  }

  remember(defs: Pick<SeriesDef, 'id' | 'key' | 'field' | 'type'>[]): void {
    for (const s of defs) {
      const identity = `${s.key}\n${s.field}`;
      this.identities.set(s.id, identity);
      this.ids.set(identity, s.id);
      this.kinds.set(s.id, s.type);
    }
  }

  /** `series 12 (energy,community=… load_kw)`, for messages. */
  describe(sid: number): string {
    const identity = this.identities.get(sid);
    return identity ? `series ${sid} (${identity.replace('\n', ' ')})` : `series ${sid}`;
  }

  /** Samples as a self-contained record (their series by key), for the quarantine. */
  recordOf(sid: ArrayLike<number>, t: ArrayLike<number>, v: ArrayLike<number>): SampleRecord {
    const series: SeriesDef[] = [];
    for (const id of new Set(Array.from(sid))) {
      const r = this.byId.get(id) as SeriesRow | undefined;
      series.push(r ? toDef(r) : { id, key: '', measurement: '', tags: {}, field: '', type: 'float' });
    }
    return { series, sid: Uint32Array.from(sid), t: Float64Array.from(t), v: Float64Array.from(v), text: { sid: [], t: [], s: [] } };
  }
}

function toDef(r: SeriesRow): SeriesDef {
  return { ...r, tags: JSON.parse(r.tags) as Record<string, string> };
}
