/**
 * Indicator assessments in the records database. One append-only table: every change is a row
 * (community, item, revision); the current state is the highest revision. Triggers refuse UPDATE
 * and DELETE so the history cannot be rewritten through this or any other module.
 */
import { migrate, type Migration, type RecordsDb } from '../records/records-db.ts';
import { unassessed, type Assessment, type AssessmentChange, type AssessmentStatus } from '../../streams/indicators/assessment.ts';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE indicator_assessment_history (
        community   TEXT    NOT NULL,
        item        TEXT    NOT NULL,
        revision    INTEGER NOT NULL CHECK (revision >= 1),
        status      TEXT    NOT NULL,
        evidence    TEXT    NOT NULL,
        operator    TEXT    NOT NULL,
        changed_at  INTEGER NOT NULL,
        PRIMARY KEY (community, item, revision)
      ) WITHOUT ROWID;
      CREATE TRIGGER indicator_assessment_history_no_update BEFORE UPDATE ON indicator_assessment_history
        BEGIN SELECT RAISE(ABORT, 'indicators: assessment history is append-only'); END;
      CREATE TRIGGER indicator_assessment_history_no_delete BEFORE DELETE ON indicator_assessment_history
        BEGIN SELECT RAISE(ABORT, 'indicators: assessment history is append-only'); END;
    `,
  },
];

interface Row {
  community: string;
  item: string;
  revision: number;
  status: string;
  evidence: string;
  operator: string;
  changed_at: number;
}

const toAssessment = (r: Row): Assessment => ({
  community: r.community, item: r.item, revision: r.revision, status: r.status as AssessmentStatus,
  evidence: JSON.parse(r.evidence), operator: r.operator, at: r.changed_at,
});

/** A change made against a revision that is no longer the current one. */
export class StaleRevisionError extends Error {
  constructor(readonly current: Assessment, expected: number) {
    const by = current.revision > 0 ? ` by "${current.operator}" at ${new Date(current.at!).toISOString()}` : '';
    super(`indicators: item "${current.item}" of community "${current.community}" is at revision ${current.revision}${by}, not ${expected}; reload it and apply your change again`);
  }
}

/**
 * Who hears of each change, per records database: every AssessmentStore on one database (the
 * routes', the seeding's) tells the same listeners, so an in-memory index stays current whoever wrote.
 */
const LISTENERS = new WeakMap<RecordsDb, Set<(community: string, item: string) => void>>();

/** Hear of every change stored on `db` from now on (called inside the writing transaction); returns the unsubscribe. */
export function onAssessmentChange(db: RecordsDb, listener: (community: string, item: string) => void): () => void {
  let set = LISTENERS.get(db);
  if (!set) LISTENERS.set(db, (set = new Set()));
  set.add(listener);
  return () => { set.delete(listener); };
}

/** One row of an area's history: what an item became, when. */
export interface StatusChange {
  community: string;
  item: string;
  status: AssessmentStatus;
  /** Epoch ms. */
  at: number;
}

export class AssessmentStore {
  private readonly latestOne;
  private readonly changesOf;
  private readonly latestOfCommunity;
  private readonly statusesOf;
  private readonly historyOf;
  private readonly insert;
  private readonly applyTx;
  private readonly latestOfCommunityAt;
  private readonly statusesBefore;
  private readonly revisionsIn;

  constructor(private readonly db: RecordsDb, private readonly now: () => number = Date.now) {
    migrate(db, 'indicators', MIGRATIONS);
    this.latestOne = db.prepare<[string, string], Row>(
      'SELECT * FROM indicator_assessment_history WHERE community = ? AND item = ? ORDER BY revision DESC LIMIT 1');
    // The primary key orders rows by (community, item, revision): the max per item is one index walk.
    this.latestOfCommunity = db.prepare<[string, string], Row>(`
      SELECT h.* FROM indicator_assessment_history h
      JOIN (SELECT item, MAX(revision) AS revision FROM indicator_assessment_history WHERE community = ? GROUP BY item) m
        ON m.item = h.item AND m.revision = h.revision
      WHERE h.community = ?`);
    // SQLite takes the bare column `status` from the row holding MAX(revision) (documented behaviour).
    this.statusesOf = db.prepare<[string], { community: string; item: string; status: AssessmentStatus; revision: number }>(`
      SELECT community, item, status, MAX(revision) AS revision FROM indicator_assessment_history
      WHERE community IN (SELECT value FROM json_each(?)) GROUP BY community, item`);
    this.historyOf = db.prepare<[string, string], Row>(
      'SELECT * FROM indicator_assessment_history WHERE community = ? AND item = ? ORDER BY revision');
    // Only the columns a roll-up over time needs (no evidence), oldest first.
    this.changesOf = db.prepare<[string], { community: string; item: string; status: AssessmentStatus; at: number }>(`
      SELECT community, item, status, changed_at AS at FROM indicator_assessment_history
      WHERE community IN (SELECT value FROM json_each(?)) ORDER BY changed_at, community, item, revision`);
    // As the above, counting only the changes made before a time (a month's end, for reports).
    this.latestOfCommunityAt = db.prepare<[string, number, string], Row>(`
      SELECT h.* FROM indicator_assessment_history h
      JOIN (SELECT item, MAX(revision) AS revision FROM indicator_assessment_history WHERE community = ? AND changed_at < ? GROUP BY item) m
        ON m.item = h.item AND m.revision = h.revision
      WHERE h.community = ?`);
    this.statusesBefore = db.prepare<[string, number], { community: string; item: string; status: AssessmentStatus; revision: number }>(`
      SELECT community, item, status, MAX(revision) AS revision FROM indicator_assessment_history
      WHERE community IN (SELECT value FROM json_each(?)) AND changed_at < ? GROUP BY community, item`);
    this.revisionsIn = db.prepare<[string, number, number], Row & { previous: string | null }>(`
      SELECT h.*, p.status AS previous FROM indicator_assessment_history h
      LEFT JOIN indicator_assessment_history p ON p.community = h.community AND p.item = h.item AND p.revision = h.revision - 1
      WHERE h.community IN (SELECT value FROM json_each(?)) AND h.changed_at >= ? AND h.changed_at < ?
      ORDER BY h.changed_at, h.community, h.item, h.revision`);
    this.insert = db.prepare('INSERT INTO indicator_assessment_history (community, item, revision, status, evidence, operator, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.applyTx = db.transaction((community: string, item: string, change: AssessmentChange): Assessment => {
      const current = this.current(community, item);
      if (current.revision !== change.expectedRevision) throw new StaleRevisionError(current, change.expectedRevision);
      const next: Assessment = {
        community, item, revision: current.revision + 1, status: change.status, evidence: change.evidence,
        operator: change.operator, at: this.now(),
      };
      this.insert.run(community, item, next.revision, next.status, JSON.stringify(next.evidence), next.operator, next.at);
      for (const l of LISTENERS.get(this.db) ?? []) l(community, item);
      return next;
    });
  }

  /** The current assessment of one item (revision 0 when never assessed). */
  current(community: string, item: string): Assessment {
    const r = this.latestOne.get(community, item);
    return r ? toAssessment(r) : unassessed(community, item);
  }

  /** Current assessments of a community's assessed items, by item id. */
  currentOfCommunity(community: string): Map<string, Assessment> {
    const out = new Map<string, Assessment>();
    for (const r of this.latestOfCommunity.all(community, community)) out.set(r.item, toAssessment(r));
    return out;
  }

  /** Current status of every assessed item of each community, in one query (for roll-ups). */
  currentStatuses(communities: readonly string[]): Map<string, Map<string, AssessmentStatus>> {
    const out = new Map<string, Map<string, AssessmentStatus>>(communities.map((c) => [c, new Map()]));
    for (const r of this.statusesOf.all(JSON.stringify(communities))) out.get(r.community)!.set(r.item, r.status);
    return out;
  }

  /** A community's assessments as they stood at `at` (epoch ms, changes before it), by item id. */
  ofCommunityAt(community: string, at: number): Map<string, Assessment> {
    const out = new Map<string, Assessment>();
    for (const r of this.latestOfCommunityAt.all(community, at, community)) out.set(r.item, toAssessment(r));
    return out;
  }

  /** `currentStatuses` as they stood at `at` (epoch ms). */
  statusesAt(communities: readonly string[], at: number): Map<string, Map<string, AssessmentStatus>> {
    const out = new Map<string, Map<string, AssessmentStatus>>(communities.map((c) => [c, new Map()]));
    for (const r of this.statusesBefore.all(JSON.stringify(communities), at)) out.get(r.community)!.set(r.item, r.status);
    return out;
  }

  /** Every change made from `from` to `to` (epoch ms, to exclusive), oldest first, with the status it replaced. */
  revisionsBetween(communities: readonly string[], from: number, to: number): (Assessment & { previous: AssessmentStatus })[] {
    return this.revisionsIn.all(JSON.stringify(communities), from, to)
      .map((r) => ({ ...toAssessment(r), previous: (r.previous ?? 'not_started') as AssessmentStatus }));
  }

  /** Every revision of one item, oldest first. */
  history(community: string, item: string): Assessment[] {
    return this.historyOf.all(community, item).map(toAssessment);
  }

  /** Every change of every item of these communities, oldest first (for compliance over time). */
  changes(communities: readonly string[]): StatusChange[] {
    return this.changesOf.all(JSON.stringify(communities));
  }

  /** Applies a change if `expectedRevision` is current; throws `StaleRevisionError` otherwise. */
  apply(community: string, item: string, change: AssessmentChange): Assessment {
    return this.applyTx(community, item, change);
  }
}
