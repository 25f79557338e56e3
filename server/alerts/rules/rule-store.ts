/**
 * Communities' rule sets in the records database: one row per community, the rules as JSON.
 * Optimistic concurrency as for alerts and assessments: every accepted change increments the
 * set's revision, and a change must name the revision it was made on.
 */
import type { AlertRule, RuleSet } from '../../../streams/alert-rules.ts';
import { migrate, type RecordsDb } from '../../records/records-db.ts';
import { validateRules } from './validate-rules.ts';

const MIGRATIONS = [
  {
    version: 1,
    sql: `CREATE TABLE alert_rule_sets (
      community TEXT PRIMARY KEY,
      rules TEXT NOT NULL,
      revision INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      updated_by TEXT NOT NULL
    )`,
  },
];

interface Row { community: string; rules: string; revision: number; updated_at: number; updated_by: string }

/** A rule set change made on a revision that is no longer the current one. */
export class StaleRuleSetError extends Error {
  constructor(readonly current: RuleSet, expected: number) {
    const by = current.updatedAt !== null ? `, changed by "${current.updatedBy}" at ${new Date(current.updatedAt).toISOString()}` : '';
    super(`alerts: the rule set of community "${current.community}" is at revision ${current.revision}${by}, not ${expected}; reload it and apply your change again`);
  }
}

export class RuleStore {
  private readonly putTx;

  constructor(private readonly db: RecordsDb) {
    migrate(db, 'alert_rules', MIGRATIONS);
    const upsert = db.prepare(`INSERT INTO alert_rule_sets (community, rules, revision, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(community) DO UPDATE SET rules = excluded.rules, revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
    // The check and the write in one transaction: of two editors on the same revision exactly one wins.
    this.putTx = db.transaction((community: string, rules: readonly AlertRule[], by: string, expectedRevision: number, at: number): RuleSet => {
      const current = this.get(community);
      if (current.revision !== expectedRevision) throw new StaleRuleSetError(current, expectedRevision);
      upsert.run(community, JSON.stringify(rules), expectedRevision + 1, at, by);
      return this.get(community);
    });
  }

  get(community: string): RuleSet {
    const row = this.db.prepare('SELECT * FROM alert_rule_sets WHERE community = ?').get(community) as Row | undefined;
    return row ? toSet(row) : { community, rules: [], revision: 0, updatedAt: null, updatedBy: null };
  }

  all(): RuleSet[] {
    return (this.db.prepare('SELECT * FROM alert_rule_sets').all() as Row[]).map(toSet);
  }

  /**
   * Store a validated rule set if `expectedRevision` is the current revision (0 for a community
   * that never had one); returns it with its new revision. Throws StaleRuleSetError otherwise.
   */
  put(community: string, rules: readonly AlertRule[], by: string, expectedRevision: number, at = Date.now()): RuleSet {
    return this.putTx(community, rules, by, expectedRevision, at);
  }

  /** Store `rules` for each community that has never had a rule set (one transaction); leaves edited ones alone. */
  seed(sets: Iterable<readonly [community: string, rules: readonly AlertRule[]]>): void {
    const insert = this.db.prepare(`INSERT INTO alert_rule_sets (community, rules, revision, updated_at, updated_by) VALUES (?, ?, 1, ?, 'system')
      ON CONFLICT(community) DO NOTHING`);
    const at = Date.now();
    this.db.transaction(() => {
      for (const [community, rules] of sets) insert.run(community, JSON.stringify(validateRules(rules)), at);
    })();
  }
}

function toSet(row: Row): RuleSet {
  return { community: row.community, rules: JSON.parse(row.rules) as AlertRule[], revision: row.revision, updatedAt: row.updated_at, updatedBy: row.updated_by };
}
