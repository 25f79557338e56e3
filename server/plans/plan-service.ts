/**
 * Emergency plan runs: a run starts by itself when an alert of a type with a plan is raised (a
 * drill starts its own on the alert it raises); operators tick its checklist items and mark steps
 * done; a step whose target passes undone is marked overdue once and escalated. Every mark is
 * committed to the records database, then written on the alert's history (`plan` entries, so the
 * history, the handover and the consoles watching the alert's node see it), and the run's closed
 * loop (each step by whom, when, against its target) is read back for the handover and the drill
 * report.
 *
 *   alert raised ─► run (template snapshot) ─► marks: check / uncheck / done ─► alert history ─► alertUpdate
 *   timer: step past its target, undone ─► mark overdue ─► history + notifier (not for drills)
 */
import { randomBytes } from 'node:crypto';
import type { AlertAction, AlertRecord } from '../../streams/alert-lifecycle.ts';
import type { Severity } from '../../streams/alerts.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import { ROLE_LABELS } from '../../streams/roles.ts';
import { planLoop, type DrillReport, type PlanLoop, type PlanRole, type PlanRun, type PlanTemplate } from '../../streams/plans.ts';
import { migrate, type RecordsDb } from '../records/records-db.ts';
import { PlanError } from './plan-schema.ts';
import { PLAN_MIGRATIONS, type MarkRow, type OverrideRow, type RunRow } from './plan-tables.ts';

/** What plans need of the alert lifecycle (AlertService). */
export interface PlanAlerts {
  get(id: number): AlertRecord | undefined;
  recordPlan(id: number, operator: string, detail: string): AlertRecord | undefined;
  raiseDrill(d: { community: string; neighbourhood: string; type: string; severity: Severity; device: string; location: string; message: string; drill: string }): AlertRecord;
  endDrill(id: number, operator: string): AlertRecord;
}

export interface PlanServiceOptions {
  /** Server clock, epoch ms. Default Date.now. */
  now?: () => number;
  /** How often step targets are looked at, ms. Default 5000; 0 starts no timer (call `checkOverdue`). */
  checkMs?: number;
  /** A real alert's step missed its target (not called for drills): the notifier's path. */
  onOverdue?: (alert: AlertRecord, text: string) => void;
}

export interface DrillStart {
  node: string;
  template: string;
  location?: string;
}

const OPEN = `('raised', 'acknowledged', 'dispatched')`;

export class PlanService {
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly q: ReturnType<typeof prepare>;
  /** Each node's own templates (administrators' overrides), by node. */
  private readonly overrides = new Map<string, { templates: PlanTemplate[]; updatedAt: number; updatedBy: string }>();

  constructor(
    private readonly db: RecordsDb,
    private readonly alerts: PlanAlerts,
    private readonly tree: () => Hierarchy,
    readonly templates: readonly PlanTemplate[],
    private readonly opts: PlanServiceOptions = {},
  ) {
    migrate(db, 'plans', PLAN_MIGRATIONS);
    this.q = prepare(db);
    this.now = opts.now ?? Date.now;
    for (const r of db.prepare('SELECT * FROM plan_overrides').all() as OverrideRow[]) {
      this.overrides.set(r.node, { templates: JSON.parse(r.templates) as PlanTemplate[], updatedAt: r.updated_at, updatedBy: r.updated_by });
    }
    const every = opts.checkMs ?? 5000;
    if (every > 0) {
      this.timer = setInterval(() => guard('overdue check', () => this.checkOverdue()), every);
      this.timer.unref();
    }
  }

  /** Every live change of an alert: a raise of a type with a plan starts its run. Never throws into the lifecycle. */
  alertChanged(action: AlertAction, alert: AlertRecord): void {
    if (action !== 'raise' || alert.drill || alert.demo) return;
    const template = this.templatesFor(alert.neighbourhood || alert.community).find((t) => t.alertType === alert.type);
    if (template) guard(`starting the plan of alert ${alert.id}`, () => this.start(alert, template, 'system'));
  }

  /**
   * The plans in force at a node: the shipped ones, each replaced by the override of the same
   * alert type at the nearest node on its path (the node itself first). No node: the shipped ones.
   */
  templatesFor(node?: string): PlanTemplate[] {
    const byType = new Map(this.templates.map((t) => [t.alertType, t]));
    if (node !== undefined) {
      // From the root down, so the nearest node's override is applied last.
      for (const n of [...this.tree().pathOf(node)].reverse()) {
        for (const t of this.overrides.get(n.id)?.templates ?? []) byType.set(t.alertType, t);
      }
    }
    return [...byType.values()];
  }

  /** A node's own override, if any. */
  override(node: string): { node: string; templates: PlanTemplate[]; updatedAt: number; updatedBy: string } | undefined {
    const o = this.overrides.get(node);
    return o && { node, ...o };
  }

  /** Replaces a node's override (validated templates); runs already started keep the plan they started with. */
  setOverride(node: string, templates: PlanTemplate[], by: string): { node: string; templates: PlanTemplate[]; updatedAt: number; updatedBy: string } {
    if (!this.tree().has(node)) throw new PlanError(404, `unknown node "${clip(node)}"; see /api/hierarchy`);
    templates.forEach((t, i) => {
      const shipped = this.templates.find((s) => s.id === t.id && s.alertType !== t.alertType);
      if (shipped) throw new PlanError(400, `body field "templates.${i}.id": "${t.id}" is the shipped plan of ${shipped.alertType}; name this one otherwise`);
    });
    const at = this.now();
    this.q.putOverride.run(node, JSON.stringify(templates), at, by);
    this.overrides.set(node, { templates, updatedAt: at, updatedBy: by });
    return { node, templates, updatedAt: at, updatedBy: by };
  }

  /** Removes a node's override; false when it had none. */
  removeOverride(node: string): boolean {
    this.q.deleteOverride.run(node);
    return this.overrides.delete(node);
  }

  /** The run of an alert, with each step's state; undefined when it has none. */
  run(alertId: number): PlanRun | undefined {
    const row = this.q.runOfAlert.get(alertId) as RunRow | undefined;
    return row && this.toRun(row);
  }

  /** The closed loop of each of these alerts' runs (the handover). */
  loops(alertIds: readonly number[]): Map<number, PlanLoop> {
    const t = this.now();
    const out = new Map<number, PlanLoop>();
    for (const id of alertIds) {
      const run = this.run(id);
      if (run) out.set(id, planLoop(run, t));
    }
    return out;
  }

  /** Tick (or untick) checklist item `item` (0-based) of a step. */
  mark(alertId: number, stepId: string, item: number, done: boolean, operator: string): PlanRun {
    const { row, step } = this.stepOf(alertId, stepId);
    if (!Number.isInteger(item) || item < 0 || item >= step.checklist.length) {
      throw new PlanError(404, `step "${stepId}" has no checklist item ${item} (items are 0 to ${step.checklist.length - 1})`);
    }
    const at = this.now();
    const changed = this.db.transaction(() => {
      const run = this.toRun(row);
      const s = run.steps.find((x) => x.id === stepId)!;
      if (s.doneAt !== null) throw new PlanError(409, `step "${stepId}" was done by ${s.doneBy} at ${new Date(s.doneAt).toISOString()}; its checklist is closed`);
      if (s.checklist[item].done === done) return false;
      this.q.mark.run(row.id, stepId, item, done ? 'check' : 'uncheck', operator, at);
      return true;
    })();
    if (changed) {
      const n = this.stepIndex(row, stepId);
      this.alerts.recordPlan(alertId, operator, `预案步骤 ${n + 1}「${step.title.zh}」${done ? '✓' : '✗'} ${step.checklist[item].zh} / step ${n + 1} ${done ? 'ticked' : 'unticked'}: ${step.checklist[item].en}`);
    }
    return this.run(alertId)!;
  }

  /** Mark a step done; every checklist item must be ticked. The last step done finishes the run (and a drill). */
  completeStep(alertId: number, stepId: string, operator: string): PlanRun {
    const { row, step } = this.stepOf(alertId, stepId);
    const at = this.now();
    const finished = this.db.transaction(() => {
      const run = this.toRun(row);
      const s = run.steps.find((x) => x.id === stepId)!;
      if (s.doneAt !== null) throw new PlanError(409, `step "${stepId}" was already done by ${s.doneBy} at ${new Date(s.doneAt).toISOString()}`);
      const open = s.checklist.map((c, i) => (c.done ? -1 : i)).filter((i) => i >= 0);
      if (open.length) throw new PlanError(409, `step "${stepId}" still has unticked items: ${open.map((i) => `${i} (${s.checklist[i].text.zh})`).join(', ')}`);
      this.q.mark.run(row.id, stepId, -1, 'done', operator, at);
      const all = run.steps.every((x) => x.id === stepId || x.doneAt !== null);
      if (all) this.q.finish.run(at, row.id);
      return all;
    })();
    const n = this.stepIndex(row, stepId);
    const seconds = Math.round((at - row.started_at) / 1000);
    const met = seconds <= step.targetSeconds;
    this.alerts.recordPlan(alertId, operator, `预案步骤 ${n + 1}「${step.title.zh}」完成，用时 ${seconds} s（目标 ${step.targetSeconds} s，${met ? '达标' : '超时'}）`
      + ` / step ${n + 1} done in ${seconds} s (target ${step.targetSeconds} s, ${met ? 'met' : 'missed'})${finished ? '; 预案全部完成 / plan complete' : ''}`);
    if (finished && row.drill === 1) this.alerts.endDrill(alertId, operator);
    return this.run(alertId)!;
  }

  /** Marks the steps whose target has passed undone as overdue, once each, and escalates them; the timer calls it. Answers how many. */
  checkOverdue(now = this.now()): number {
    let n = 0;
    for (const row of this.q.unfinished.all() as RunRow[]) {
      const run = this.toRun(row);
      run.steps.forEach((s, i) => {
        if (s.doneAt !== null || s.overdue || now <= s.dueAt) return;
        this.q.mark.run(row.id, s.id, -1, 'overdue', 'system', now);
        n++;
        const text = `预案步骤 ${i + 1}「${s.title.zh}」超时：${s.targetSeconds} s 内未完成（${roleZh(s.role)}） / step ${i + 1} overdue: not done within ${s.targetSeconds} s`;
        const alert = this.alerts.recordPlan(row.alert_id, 'system', text);
        if (alert && !alert.drill) this.opts.onOverdue?.(alert, `${run.name.zh} 第 ${i + 1} 步「${s.title.zh}」超过 ${s.targetSeconds} s 未完成`);
      });
    }
    return n;
  }

  /**
   * Starts a drill: an alert of the plan's type raised in `node` (a neighbourhood) marked as a
   * drill, and its run. `inScope`: whether the caller may act there.
   */
  startDrill(d: DrillStart, operator: string, inScope: (node: string) => boolean): { drill: DrillReport['drill']; alert: AlertRecord; run: PlanRun } {
    const node = this.tree().get(d.node);
    if (!node) throw new PlanError(404, `unknown node "${clip(d.node)}"; see /api/hierarchy`);
    if (node.level !== 'neighbourhood') throw new PlanError(400, `"node" must be a neighbourhood (a drill's alert happens in one); "${clip(d.node)}" is a ${node.level}`);
    if (!inScope(node.id)) throw new PlanError(403, `access: ${node.name.zh} (${node.id}) is outside your scope`);
    const inForce = this.templatesFor(node.id);
    const template = inForce.find((t) => t.id === d.template);
    if (!template) throw new PlanError(400, `"template" "${clip(d.template)}" is not a plan template of ${node.id} (GET /api/plans/templates?node=${node.id} lists them: ${inForce.map((t) => t.id).join(', ')})`);
    const community = this.tree().pathOf(node.id).find((n) => n.level === 'community');
    if (!community) throw new PlanError(400, `"node" ${node.id} is not under a community`);
    const alert = this.alerts.raiseDrill({
      community: community.id, neighbourhood: node.id, type: template.alertType, severity: template.drillSeverity, device: `drill-${template.id}`,
      location: d.location ?? '', message: `【演练】${template.name.zh} / Drill: ${template.name.en}`, drill: randomBytes(4).toString('hex'),
    });
    const run = this.start(alert, template, operator);
    return { drill: this.drillOf(this.q.runById.get(run.id) as RunRow), alert, run };
  }

  /** Ends a drill before every step is done: its run is finished and its alert closed. */
  finishDrill(id: number, operator: string): DrillReport {
    const row = this.drillRow(id);
    if (row.finished_at === null) {
      this.q.finish.run(this.now(), row.id);
      this.alerts.recordPlan(row.alert_id, operator, '演练结束 / drill finished');
      this.alerts.endDrill(row.alert_id, operator);
    }
    return this.drillReport(id);
  }

  /** Each step's time against its target. */
  drillReport(id: number): DrillReport {
    const row = this.drillRow(id);
    const now = this.now();
    const loop = planLoop(this.toRun(row), now);
    const done = loop.steps.filter((s) => s.seconds !== null);
    return {
      drill: this.drillOf(row),
      steps: loop.steps,
      summary: {
        steps: loop.steps.length, done: done.length, met: loop.steps.filter((s) => s.met === true).length,
        missed: loop.steps.filter((s) => s.met === false).length, pending: loop.steps.filter((s) => s.met === null).length,
        totalSeconds: row.finished_at === null ? null : Math.round((row.finished_at - row.started_at) / 1000),
      },
      generatedAt: now,
    };
  }

  /** Where a drill happens (the permission check). */
  drillPlace(id: string): string | undefined {
    if (!/^\d{1,15}$/.test(id)) return undefined;
    const row = this.q.runById.get(Number(id)) as RunRow | undefined;
    return row && row.drill === 1 ? row.node : undefined;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private start(alert: AlertRecord, template: PlanTemplate, by: string): PlanRun {
    const at = this.now();
    const info = this.q.insert.run(alert.id, template.id, JSON.stringify(template), at, by, alert.drill ? 1 : 0, alert.neighbourhood || alert.community);
    this.alerts.recordPlan(alert.id, by, `预案启动：${template.name.zh}（${template.steps.length} 步） / plan started: ${template.name.en} (${template.steps.length} steps)`);
    return this.toRun(this.q.runById.get(Number(info.lastInsertRowid)) as RunRow);
  }

  private stepOf(alertId: number, stepId: string) {
    const row = this.q.runOfAlert.get(alertId) as RunRow | undefined;
    if (!row) throw new PlanError(404, `alert ${alertId} has no plan run (no plan for its type)`);
    const template = JSON.parse(row.template) as PlanTemplate;
    const step = template.steps.find((s) => s.id === stepId);
    if (!step) throw new PlanError(404, `the plan of alert ${alertId} has no step "${clip(stepId)}" (steps: ${template.steps.map((s) => s.id).join(', ')})`);
    return { row, step };
  }

  private stepIndex(row: RunRow, stepId: string): number {
    return (JSON.parse(row.template) as PlanTemplate).steps.findIndex((s) => s.id === stepId);
  }

  private drillRow(id: number): RunRow {
    const row = this.q.runById.get(id) as RunRow | undefined;
    if (!row || row.drill !== 1) throw new PlanError(404, `no drill ${id}`);
    return row;
  }

  private drillOf(row: RunRow): DrillReport['drill'] {
    const t = JSON.parse(row.template) as PlanTemplate;
    return { id: row.id, alertId: row.alert_id, node: row.node, templateId: row.template_id, name: t.name, startedBy: row.started_by, startedAt: row.started_at, finishedAt: row.finished_at };
  }

  private toRun(row: RunRow): PlanRun {
    const t = JSON.parse(row.template) as PlanTemplate;
    const marks = this.q.marks.all(row.id) as MarkRow[];
    return {
      id: row.id, alertId: row.alert_id, templateId: row.template_id, name: t.name, startedAt: row.started_at, finishedAt: row.finished_at,
      drill: row.drill === 1, startedBy: row.started_by,
      steps: t.steps.map((s) => {
        const mine = marks.filter((m) => m.step_id === s.id);
        const done = mine.find((m) => m.kind === 'done');
        return {
          ...s,
          checklist: s.checklist.map((text, i) => {
            const last = mine.filter((m) => m.item === i).at(-1);
            return { text, done: last?.kind === 'check', by: last?.operator ?? null, at: last?.at ?? null };
          }),
          doneAt: done?.at ?? null, doneBy: done?.operator ?? null, dueAt: row.started_at + s.targetSeconds * 1000,
          seconds: done ? Math.round((done.at - row.started_at) / 1000) : null,
          overdue: mine.some((m) => m.kind === 'overdue'),
        };
      }),
    };
  }
}

function prepare(db: RecordsDb) {
  return {
    insert: db.prepare('INSERT INTO plan_runs (alert_id, template_id, template, started_at, started_by, drill, node) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    runOfAlert: db.prepare('SELECT * FROM plan_runs WHERE alert_id = ?'),
    runById: db.prepare('SELECT * FROM plan_runs WHERE id = ?'),
    marks: db.prepare('SELECT * FROM plan_marks WHERE run_id = ? ORDER BY seq'),
    mark: db.prepare('INSERT INTO plan_marks (run_id, step_id, item, kind, operator, at) VALUES (?, ?, ?, ?, ?, ?)'),
    putOverride: db.prepare(`INSERT INTO plan_overrides (node, templates, updated_at, updated_by) VALUES (?, ?, ?, ?)
      ON CONFLICT(node) DO UPDATE SET templates = excluded.templates, updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
    deleteOverride: db.prepare('DELETE FROM plan_overrides WHERE node = ?'),
    finish: db.prepare('UPDATE plan_runs SET finished_at = ? WHERE id = ? AND finished_at IS NULL'),
    // Runs still going on alerts that still need someone: a resolved alert's plan escalates no more.
    unfinished: db.prepare(`SELECT r.* FROM plan_runs r JOIN alerts a ON a.id = r.alert_id WHERE r.finished_at IS NULL AND a.state IN ${OPEN}`),
  };
}

const roleZh = (r: PlanRole) => ROLE_LABELS[r].zh;

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function guard(what: string, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    console.error(`plans: ${what} failed: ${(e as Error).message}`);
  }
}
