/**
 * Tables of emergency plan runs in the records database: one run per alert (the template as it was
 * when the run started, so a later change of the templates does not rewrite what was done), and
 * the append-only marks of who checked what off, finished a step, or let its target pass.
 */
import type { Migration } from '../records/records-db.ts';

export const PLAN_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE plan_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id INTEGER NOT NULL UNIQUE REFERENCES alerts (id),
        template_id TEXT NOT NULL,
        template TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        started_by TEXT NOT NULL,
        drill INTEGER NOT NULL,
        node TEXT NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX plan_runs_unfinished ON plan_runs (id) WHERE finished_at IS NULL;

      CREATE TABLE plan_marks (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES plan_runs (id),
        step_id TEXT NOT NULL,
        -- The checklist item's index; -1 for the step itself ('done', 'overdue').
        item INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('check', 'uncheck', 'done', 'overdue')),
        operator TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX plan_marks_by_run ON plan_marks (run_id, seq);
      -- Who did what is evidence: only ever appended to.
      CREATE TRIGGER plan_marks_no_update BEFORE UPDATE ON plan_marks
        BEGIN SELECT RAISE(ABORT, 'plans: the marks are append-only'); END;
      CREATE TRIGGER plan_marks_no_delete BEFORE DELETE ON plan_marks
        BEGIN SELECT RAISE(ABORT, 'plans: the marks are append-only'); END;
    `,
  },
  {
    version: 2,
    // An administrator's plans for one node of the tree: they replace the shipped plan of the same
    // alert type for every alert at or below it (the nearest node's wins).
    sql: `
      CREATE TABLE plan_overrides (
        node TEXT PRIMARY KEY,
        templates TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      );
    `,
  },
];

export interface OverrideRow { node: string; templates: string; updated_at: number; updated_by: string }

export interface RunRow {
  id: number; alert_id: number; template_id: string; template: string; started_at: number; started_by: string;
  drill: number; node: string; finished_at: number | null;
}

export interface MarkRow {
  seq: number; run_id: number; step_id: string; item: number; kind: 'check' | 'uncheck' | 'done' | 'overdue'; operator: string; at: number;
}
