/**
 * The alert records a screen holds: the lifecycle records (`AlertRecord`, streams/alert-lifecycle.ts)
 * of `GET /api/alerts` and of `alertUpdate` frames, by id. The cockpit's panels, the twin and the
 * console all hold their alerts here, so a record changed anywhere (a repeat, an acknowledgement,
 * a resolve) is the same record everywhere.
 *
 * Records are replaced whole, the newest `updatedAt` winning (`isNewer`), so a frame applied twice,
 * out of order around a reconnect, or after a list read is harmless. `keep` says which records the
 * holder wants (the console: its filter; the cockpit: open ones and the last 24 hours); a record
 * that stops passing it leaves.
 *
 * Mutated in place with a `revision`; nothing here notifies anyone (the owner publishes).
 */
import { OPEN_STATES, type AlertRecord } from '../../streams/alert-lifecycle.ts';

/**
 * Whether a received record replaces the one held: a newer `updatedAt` wins, and on a tie the
 * higher revision or the same one (frames may arrive twice or out of order around a reconnect;
 * a repeat changes `count` without changing the revision).
 */
export function isNewer(incoming: AlertRecord, held: AlertRecord | undefined): boolean {
  if (!held) return true;
  return incoming.updatedAt > held.updatedAt || (incoming.updatedAt === held.updatedAt && incoming.revision >= held.revision);
}

/** Whether an alert still needs someone (raised, acknowledged, dispatched). */
export function isOpen(a: Pick<AlertRecord, 'state'>): boolean {
  return OPEN_STATES.includes(a.state);
}

/** What `upsert` did with a record. */
export type UpsertResult = 'added' | 'updated' | 'removed' | 'ignored';

export class AlertRecords {
  /** Advances on every change of the records held. */
  revision = 0;
  /** The newest arrival sequence handed out (see `arrivalOf`); 0 before any record. */
  lastArrival = 0;
  /** Which records are held. Read on every change; the owner may replace it (a new filter). Default: all. */
  keep: (r: AlertRecord) => boolean;
  private readonly byId = new Map<number, AlertRecord>();
  private readonly arrivals = new Map<number, number>();
  /** Revision at which each record last arrived live: a list read begun before then does not undo it. */
  private readonly liveAt = new Map<number, number>();
  /** Records that left live (no longer kept) since the last list read, as they were when they left. */
  private readonly gone = new Map<number, AlertRecord>();
  private openCache: AlertRecord[] = [];
  private openRevision = -1;

  constructor(keep: (r: AlertRecord) => boolean = () => true) {
    this.keep = keep;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): AlertRecord | undefined {
    return this.byId.get(id);
  }

  values(): IterableIterator<AlertRecord> {
    return this.byId.values();
  }

  /** A copy of the records by id, for holders that publish immutable state (the console). */
  snapshot(): Map<number, AlertRecord> {
    return new Map(this.byId);
  }

  /**
   * Sequence number of the record's arrival as news, 0 when not held: handed out in increasing
   * order, store-wide, when the record is first held and again when it is reopened. "Records with
   * an arrival above the last one I handled" is what is new to a screen, whatever was resolved,
   * dropped or reordered meanwhile.
   */
  arrivalOf(id: number): number {
    return this.arrivals.get(id) ?? 0;
  }

  /** Open records, newest raise first. The same array until the records change, so it can be read every frame. */
  open(): readonly AlertRecord[] {
    if (this.openRevision !== this.revision) {
      this.openCache = [...this.byId.values()].filter(isOpen).sort((a, b) => b.raisedAt - a.raisedAt || b.id - a.id);
      this.openRevision = this.revision;
    }
    return this.openCache;
  }

  /** A record that arrived live (an `alertUpdate`, an action's answer). Older than the one held: ignored. */
  upsert(a: AlertRecord): UpsertResult {
    const held = this.byId.get(a.id);
    if (!isNewer(a, held)) return 'ignored';
    if (!this.keep(a)) {
      if (!held) return 'ignored';
      this.forget(a.id);
      this.gone.set(a.id, a);
      this.revision++;
      return 'removed';
    }
    this.byId.set(a.id, a);
    this.gone.delete(a.id);
    this.revision++;
    this.liveAt.set(a.id, this.revision);
    if (!held || (!isOpen(held) && isOpen(a))) this.arrivals.set(a.id, ++this.lastArrival);
    return held ? 'updated' : 'added';
  }

  /**
   * A list read replaces the records: what it does not list goes, except records that arrived
   * live after `sinceRevision` (the revision when the read began: they are newer than the list)
   * and those `retain` holds on to (the console's open detail). Held records newer than the
   * listed ones stay as held.
   */
  replaceAll(list: readonly AlertRecord[], sinceRevision: number, retain?: (r: AlertRecord) => boolean): void {
    const next = new Map<number, AlertRecord>();
    for (const a of list) {
      const gone = this.gone.get(a.id);
      if ((gone && !isNewer(a, gone)) || !this.keep(a)) continue;
      const held = this.byId.get(a.id);
      next.set(a.id, held && !isNewer(a, held) ? held : a);
    }
    for (const [id, at] of this.liveAt) {
      const held = this.byId.get(id);
      if (at > sinceRevision && held && !next.has(id) && this.keep(held)) next.set(id, held);
    }
    if (retain) for (const r of this.byId.values()) if (!next.has(r.id) && retain(r)) next.set(r.id, r);
    // A tour's staged incident is never listed (it is not a record of the server's): a list read keeps it.
    for (const r of this.byId.values()) if (r.demo && !next.has(r.id)) next.set(r.id, r);
    const news = [...next.values()].filter((a) => {
      const held = this.byId.get(a.id);
      return !held || (!isOpen(held) && isOpen(a));
    }).sort((a, b) => a.raisedAt - b.raisedAt || a.id - b.id);
    for (const id of this.byId.keys()) if (!next.has(id)) this.forget(id);
    for (const [id, a] of next) this.byId.set(id, a);
    for (const a of news) this.arrivals.set(a.id, ++this.lastArrival);
    this.liveAt.clear();
    this.gone.clear();
    this.revision++;
  }

  /** Drop the records `keep` no longer holds (a time window that moved on). Returns how many went. */
  prune(): number {
    let n = 0;
    for (const r of this.byId.values()) {
      if (this.keep(r)) continue;
      this.forget(r.id);
      n++;
    }
    if (n > 0) this.revision++;
    return n;
  }

  /** Drops a record (a tour's staged incident when the tour moves on). Returns whether one was held. */
  remove(id: number): boolean {
    if (!this.byId.has(id)) return false;
    this.forget(id);
    this.gone.delete(id);
    this.revision++;
    return true;
  }

  private forget(id: number): void {
    this.byId.delete(id);
    this.arrivals.delete(id);
    this.liveAt.delete(id);
  }
}
