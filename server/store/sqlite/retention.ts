/**
 * Deletes what is older than each resolution's retention, one series and table at a time, a slice
 * at a time: an hour's worth of raw rows over thousands of series takes seconds, and the worker
 * must keep answering writes and heartbeats meanwhile.
 */
import type { Database as Db, Statement } from 'better-sqlite3';
import type { RetentionConfig } from '../types.ts';

export class RetentionRun {
  private readonly ids: number[];
  private readonly plans: { del: Statement; cutoff: number }[];
  private next = 0;
  deleted = 0;

  constructor(private readonly db: Db, retention: RetentionConfig, now: number) {
    this.ids = (db.prepare('SELECT id FROM series ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const plan = (table: string, keepMs: number) => ({ del: db.prepare(`DELETE FROM ${table} WHERE sid = ? AND t < ?`), cutoff: now - keepMs });
    this.plans = [
      plan('samples', retention.rawMs), plan('samples_text', retention.rawMs),
      plan('rollup_1m', retention.minuteMs), plan('rollup_1h', retention.hourMs),
    ];
  }

  /** Work for about `budgetMs`; true when every series is done. */
  slice(budgetMs: number): boolean {
    const until = performance.now() + budgetMs;
    while (this.next < this.ids.length) {
      const id = this.ids[this.next];
      this.db.transaction(() => { for (const p of this.plans) this.deleted += p.del.run(id, p.cutoff).changes; })();
      this.next++;
      if (performance.now() >= until) break;
    }
    return this.next >= this.ids.length;
  }
}
