/**
 * The escalation step each unacknowledged alert has reached, in memory and in the records database
 * (so a restart neither tells a step twice nor skips one). Bounded by the open alerts; beyond
 * `MAX_TRACKED` the oldest is let go (it was told at raise; only its later steps are lost), with a warning.
 */
import type { RecordsDb } from '../records/records-db.ts';

export const MAX_TRACKED = 20_000;

export class EscalationSteps {
  private readonly steps = new Map<number, number>();
  private readonly q;

  constructor(db: RecordsDb) {
    this.q = {
      all: db.prepare('SELECT alert_id, step FROM notify_escalations ORDER BY alert_id'),
      put: db.prepare('INSERT INTO notify_escalations (alert_id, step, clock_from) VALUES (?, ?, ?) ON CONFLICT(alert_id) DO UPDATE SET step = excluded.step, clock_from = excluded.clock_from'),
      remove: db.prepare('DELETE FROM notify_escalations WHERE alert_id = ?'),
    };
    for (const r of this.q.all.all() as { alert_id: number; step: number }[]) this.steps.set(r.alert_id, r.step);
  }

  get size(): number {
    return this.steps.size;
  }

  entries(): [number, number][] {
    return [...this.steps];
  }

  set(alertId: number, step: number, clockFrom: number): void {
    if (!this.steps.has(alertId) && this.steps.size >= MAX_TRACKED) {
      const oldest = this.steps.keys().next().value as number;
      console.warn(`notify: more than ${MAX_TRACKED} unacknowledged alerts under escalation; alert ${oldest} is no longer escalated`);
      this.delete(oldest);
    }
    this.steps.set(alertId, step);
    this.q.put.run(alertId, step, clockFrom);
  }

  delete(alertId: number): void {
    if (this.steps.delete(alertId)) this.q.remove.run(alertId);
  }
}
