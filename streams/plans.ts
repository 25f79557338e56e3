/**
 * Emergency plans (应急预案) as data, and their runs: a template per alert type with ordered steps
 * (who does it, what to check, by when after the plan starts, whom to call); a run starts by itself
 * when an alert of that type is raised and records who checked what off and when. A drill (演练)
 * is a run on an alert staged for practice, marked as such everywhere and left out of every
 * statistic. Shared by the server (server/plans/) and the console's plan card.
 */
import type { Severity } from './alerts.ts';
import type { UserRole } from './roles.ts';

/** Who a step falls to: the people who work the console and its escalation (not guests, not tokens). */
export const PLAN_ROLES = ['property_operator', 'centre_operator', 'leader'] as const satisfies readonly UserRole[];
export type PlanRole = (typeof PLAN_ROLES)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** Someone the plan tells the operator to call. */
export interface PlanContact {
  name: Bilingual;
  /** Digits, spaces, + and - only: it becomes a tel: link. */
  phone: string;
}

export interface PlanStepTemplate {
  /** Unique in the template: lower-case letters, digits and dashes (it names the step in URLs). */
  id: string;
  title: Bilingual;
  /** Who does the step. */
  role: PlanRole;
  /** What to check off, in order; at least one item. */
  checklist: Bilingual[];
  /** Seconds after the plan starts by which the step should be done. */
  targetSeconds: number;
  contacts: PlanContact[];
}

export interface PlanTemplate {
  /** Lower-case letters, digits and dashes. */
  id: string;
  /** The alert type the plan starts on (one plan per type). */
  alertType: string;
  name: Bilingual;
  /** The severity a drill of this plan raises its alert at. */
  drillSeverity: Severity;
  steps: PlanStepTemplate[];
}

/** One checklist item of a run: done or not, by whom and when (the last change). */
export interface PlanItemState {
  text: Bilingual;
  done: boolean;
  by: string | null;
  at: number | null;
}

export interface PlanStepState extends Omit<PlanStepTemplate, 'checklist'> {
  checklist: PlanItemState[];
  /** Epoch ms the step was marked done, and by whom; null while it is not. */
  doneAt: number | null;
  doneBy: string | null;
  /** Epoch ms the step's target falls at (run start + targetSeconds). */
  dueAt: number;
  /** Seconds from the run's start to done; null while not done. */
  seconds: number | null;
  /** Set once the target passed with the step not done (escalated then). */
  overdue: boolean;
}

/** A plan run as `GET /api/alerts/:id/plan` answers it. */
export interface PlanRun {
  id: number;
  alertId: number;
  templateId: string;
  name: Bilingual;
  /** Epoch ms (server time). */
  startedAt: number;
  /** Set when every step is done, or a drill was finished. */
  finishedAt: number | null;
  /** A practice run on a staged alert (POST /api/drills): never counted. */
  drill: boolean;
  /** Who started the drill; 'system' for a plan started by its alert. */
  startedBy: string;
  steps: PlanStepState[];
}

/** One line of a plan's closed loop: each step done by whom, when, against its target (handover, drill report). */
export interface PlanStepOutcome {
  id: string;
  title: Bilingual;
  role: PlanRole;
  targetSeconds: number;
  doneBy: string | null;
  doneAt: number | null;
  seconds: number | null;
  /** true: done within target; false: done late or still not done past it; null: not done, target not reached. */
  met: boolean | null;
  itemsDone: number;
  items: number;
}

export interface PlanLoop {
  runId: number;
  templateId: string;
  name: Bilingual;
  drill: boolean;
  startedAt: number;
  finishedAt: number | null;
  steps: PlanStepOutcome[];
}

/** `GET /api/drills/:id/report`. */
export interface DrillReport {
  drill: { id: number; alertId: number; node: string; templateId: string; name: Bilingual; startedBy: string; startedAt: number; finishedAt: number | null };
  steps: PlanStepOutcome[];
  summary: { steps: number; done: number; met: number; missed: number; pending: number; totalSeconds: number | null };
  generatedAt: number;
}

/** The closed loop of a run at `now`: each step against its target. */
export function planLoop(run: PlanRun, now: number): PlanLoop {
  return {
    runId: run.id, templateId: run.templateId, name: run.name, drill: run.drill, startedAt: run.startedAt, finishedAt: run.finishedAt,
    steps: run.steps.map((s) => ({
      id: s.id, title: s.title, role: s.role, targetSeconds: s.targetSeconds, doneBy: s.doneBy, doneAt: s.doneAt, seconds: s.seconds,
      met: s.seconds !== null ? s.seconds <= s.targetSeconds : now > s.dueAt ? false : null,
      itemsDone: s.checklist.filter((i) => i.done).length, items: s.checklist.length,
    })),
  };
}

/** The plan's closed loop on one line per step, in Chinese (the handover CSV, history). */
export function loopText(loop: PlanLoop): string {
  return loop.steps.map((s, i) => {
    const done = s.seconds === null ? '未完成' : `${s.doneBy} ${s.seconds} s`;
    const verdict = s.met === true ? '达标' : s.met === false ? '超时' : '进行中';
    return `${i + 1}. ${s.title.zh}：${done} / 目标 ${s.targetSeconds} s ${verdict}`;
  }).join('\n');
}
