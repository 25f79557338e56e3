/**
 * Incidents a demo tour stages, kept apart from the real ones: in memory, per presenter, never in
 * the records database, the time-series store, the rule engine or the live rooms. Each is an
 * `AlertRecord` marked `demo: true` with a negative id (real ids are positive), answered to the
 * screen that staged it, which holds it beside its real records; the lists, statistics and the
 * handover report read the records database, so they can never count one. Handling follows the
 * real lifecycle's transitions (streams/alert-lifecycle.ts). Ending a tour removes its incidents;
 * an abandoned one expires.
 */
import { TRANSITIONS, type AlertRecord } from '../../streams/alert-lifecycle.ts';
import { INCIDENT_KINDS, type HandlingAction, type TourStep } from '../../streams/tours/tour.ts';

/** A staged-incident error with its HTTP status; messages start with "tours: ". */
export class TourError extends Error {
  constructor(readonly status: number, message: string) {
    super(`tours: ${message}`);
  }
}

export interface StagedIncidentsOptions {
  /** Epoch ms. Default Date.now. */
  now?: () => number;
  /** An incident untouched this long is dropped, ms. Default 2 hours (a tour lasts minutes). */
  ttlMs?: number;
  /** Most incidents one presenter holds at once; the oldest goes first. Default 8. */
  perOwner?: number;
  /** Most incidents held in all. Default 1000. */
  total?: number;
}

interface Held {
  owner: string;
  key: string;
  record: AlertRecord;
  touched: number;
}

export class StagedIncidents {
  private readonly byId = new Map<number, Held>();
  private nextId = -1;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly perOwner: number;
  private readonly total: number;

  constructor(opts: StagedIncidentsOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.ttlMs = opts.ttlMs ?? 2 * 3_600_000;
    this.perOwner = opts.perOwner ?? 8;
    this.total = opts.total ?? 1000;
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Stages the incident of a tour's step for `owner` (a session), or answers the one it already
   * staged there (a reload mid-tour resumes, it does not raise a second).
   */
  stage(owner: string, tourId: string, step: TourStep, community: string): AlertRecord {
    const inc = step.incident;
    if (!inc) throw new TourError(404, `step "${step.id}" of tour "${tourId}" stages no incident`);
    this.expire();
    const key = `${tourId}\n${step.id}`;
    for (const h of this.byId.values()) {
      if (h.owner === owner && h.key === key) { h.touched = this.now(); return h.record; }
    }
    const mine = [...this.byId.values()].filter((h) => h.owner === owner);
    if (mine.length >= this.perOwner) this.byId.delete(mine[0].record.id);
    if (this.byId.size >= this.total) this.byId.delete(this.byId.keys().next().value!);
    const kind = INCIDENT_KINDS[inc.kind];
    const t = this.now();
    const record: AlertRecord = {
      id: this.nextId--, community, neighbourhood: inc.neighbourhood, type: kind.type, severity: inc.severity ?? kind.severity,
      source: 'device', ruleId: null, device: inc.device, tags: { community, neighbourhood: inc.neighbourhood, device: inc.device, demo: tourId },
      location: inc.location.zh, message: inc.message.zh, value: null, state: 'raised', revision: 1, raisedAt: t, clockFrom: t,
      count: 1, lastSeen: t, active: true, acknowledgedAt: null, acknowledgedBy: null, assignee: null, dispatchedAt: null,
      resolvedAt: null, resolvedBy: null, closedAt: null, ackSeconds: null, resolveSeconds: null, escalated: false,
      escalationLevel: 0, updatedAt: t, demo: true,
    };
    this.byId.set(record.id, { owner, key, record, touched: t });
    return record;
  }

  /** The next handling step on one of the owner's incidents. */
  act(owner: string, id: number, action: HandlingAction, operator: string, assignee?: string): AlertRecord {
    const h = this.mine(owner, id);
    const r = h.record;
    const allowed = TRANSITIONS[action];
    if (!allowed.from.includes(r.state)) throw new TourError(409, `cannot ${action} staged incident ${id}: it is ${r.state}`);
    const t = Math.max(this.now(), r.updatedAt + 1);
    const since = (t - r.clockFrom) / 1000;
    const next: AlertRecord = { ...r, state: allowed.to, revision: r.revision + 1, updatedAt: t };
    if (action === 'ack') Object.assign(next, { acknowledgedAt: t, acknowledgedBy: operator, ackSeconds: since });
    if (action === 'dispatch') Object.assign(next, { dispatchedAt: t, assignee: assignee ?? '' });
    if (action === 'resolve') Object.assign(next, { resolvedAt: t, resolvedBy: operator, resolveSeconds: since, active: false });
    h.record = next;
    h.touched = t;
    return next;
  }

  /** Removes one of the owner's incidents; false when it holds no such one. */
  end(owner: string, id: number): boolean {
    const h = this.byId.get(id);
    if (!h || h.owner !== owner) return false;
    this.byId.delete(id);
    return true;
  }

  /** Removes all of the owner's incidents (the tour ended); how many went. */
  endAll(owner: string): number {
    let n = 0;
    for (const [id, h] of this.byId) if (h.owner === owner) { this.byId.delete(id); n++; }
    return n;
  }

  /** Where an incident happens (for the permission check), whoever holds it. */
  place(id: number): { community: string; neighbourhood: string } | undefined {
    const r = this.byId.get(id)?.record;
    return r && { community: r.community, neighbourhood: r.neighbourhood };
  }

  private mine(owner: string, id: number): Held {
    this.expire();
    const h = this.byId.get(id);
    if (!h || h.owner !== owner) throw new TourError(404, `no staged incident ${id} of this session (a tour stages its own; see POST /api/tours/:id/steps/:step/incident)`);
    return h;
  }

  private expire(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [id, h] of this.byId) if (h.touched < cutoff) this.byId.delete(id);
  }
}
