/** Communities' rule sets in the records database: one row per community, the rules as JSON. */
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

export class RuleStore {
  constructor(private readonly db: RecordsDb) {
    migrate(db, 'alert_rules', MIGRATIONS);
  }

  get(community: string): RuleSet {
    const row = this.db.prepare('SELECT * FROM alert_rule_sets WHERE community = ?').get(community) as Row | undefined;
    return row ? toSet(row) : { community, rules: [], revision: 0, updatedAt: null, updatedBy: null };
  }

  all(): RuleSet[] {
    return (this.db.prepare('SELECT * FROM alert_rule_sets').all() as Row[]).map(toSet);
  }

  /** Store a validated rule set; returns it with its new revision. */
  put(community: string, rules: readonly AlertRule[], by: string, at = Date.now()): RuleSet {
    this.db.prepare(`INSERT INTO alert_rule_sets (community, rules, revision, updated_at, updated_by) VALUES (?, ?, 1, ?, ?)
      ON CONFLICT(community) DO UPDATE SET rules = excluded.rules, revision = revision + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
      .run(community, JSON.stringify(rules), at, by);
    return this.get(community);
  }

  /** Store `rules` for a community that has never had a rule set; leaves an edited one alone. */
  seed(community: string, rules: readonly AlertRule[]): void {
    this.db.prepare(`INSERT INTO alert_rule_sets (community, rules, revision, updated_at, updated_by) VALUES (?, ?, 1, ?, 'system')
      ON CONFLICT(community) DO NOTHING`).run(community, JSON.stringify(validateRules(rules)), Date.now());
  }
}

function toSet(row: Row): RuleSet {
  return { community: row.community, rules: JSON.parse(row.rules) as AlertRule[], revision: row.revision, updatedAt: row.updated_at, updatedBy: row.updated_by };
}
