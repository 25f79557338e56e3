/**
 * The control room's clocks of one alert: time since it was raised, and where it stands against
 * the time-to-acknowledge and time-to-resolve targets of its severity (docs/alerts.md). Pure: the
 * console's one 1-second timer passes `now`.
 */
import { DEFAULT_RESPONSE_TARGETS, type AlertRecord, type ResponseTargets } from '../../../streams/alert-lifecycle.ts';

/**
 * - `running`: the step is still due and `remainingMs` is left before the target;
 * - `overdue`: still due, past the target by `-remainingMs`;
 * - `met` / `missed`: done in `tookMs`, within the target or not;
 * - `none`: the step does not apply (an alert resolved without ever being acknowledged has no ack time).
 */
export type ClockStatus = 'running' | 'overdue' | 'met' | 'missed' | 'none';

export interface TargetClock {
  status: ClockStatus;
  /** The target, ms. */
  targetMs: number;
  /** Before the target (positive) or past it (negative), ms; for running and overdue clocks. */
  remainingMs: number | null;
  /** How long the step took, ms; for met and missed clocks. */
  tookMs: number | null;
}

export interface AlertClocks {
  /** Since the event that raised it, ms (never negative: a device clock ahead of the server's shows 0). */
  sinceRaisedMs: number;
  ack: TargetClock;
  resolve: TargetClock;
  /** 0: on time; 1: acknowledgement overdue; 2: resolution overdue (as the server escalated it). */
  escalationLevel: number;
}

/**
 * Clocks of an alert at `now` (epoch ms). Targets default to DEFAULT_RESPONSE_TARGETS, the
 * server's defaults. Clocks run from `clockFrom` (the raise or the last reopen), as the server's.
 */
export function alertClocks(a: AlertRecord, now: number, targets: ResponseTargets = DEFAULT_RESPONSE_TARGETS): AlertClocks {
  const t = targets[a.severity] ?? DEFAULT_RESPONSE_TARGETS.info;
  const running = now - a.clockFrom;
  const ackMs = t.ackSeconds * 1000;
  const resolveMs = t.resolveSeconds * 1000;

  let ack: TargetClock;
  if (a.state === 'raised') ack = due(ackMs, running);
  else if (a.ackSeconds !== null && a.acknowledgedAt !== null && a.acknowledgedAt >= a.clockFrom) ack = done(ackMs, a.ackSeconds * 1000);
  else ack = { status: 'none', targetMs: ackMs, remainingMs: null, tookMs: null };

  let resolve: TargetClock;
  if (a.state === 'raised' || a.state === 'acknowledged' || a.state === 'dispatched') resolve = due(resolveMs, running);
  else if (a.resolveSeconds !== null) resolve = done(resolveMs, a.resolveSeconds * 1000);
  else resolve = { status: 'none', targetMs: resolveMs, remainingMs: null, tookMs: null };

  // The server escalates every 5 s; the screen shows an overdue clock the second it turns.
  const level = Math.max(a.escalationLevel, resolve.status === 'overdue' ? 2 : ack.status === 'overdue' ? 1 : 0);
  return { sinceRaisedMs: Math.max(0, now - a.raisedAt), ack, resolve, escalationLevel: level };
}

function due(targetMs: number, runningMs: number): TargetClock {
  const remainingMs = targetMs - runningMs;
  return { status: remainingMs >= 0 ? 'running' : 'overdue', targetMs, remainingMs, tookMs: null };
}

function done(targetMs: number, tookMs: number): TargetClock {
  return { status: tookMs <= targetMs ? 'met' : 'missed', targetMs, remainingMs: null, tookMs };
}

/**
 * A duration for the screen, with units: `45秒`, `3分05秒`, `2小时04分`, `1天3小时` (zh);
 * `45 s`, `3 min 05 s`, `2 h 04 min`, `1 d 3 h` (en). Negative durations are shown by magnitude.
 */
export function formatDuration(ms: number, lang: 'zh' | 'en'): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const zh = lang === 'zh';
  if (s < 60) return zh ? `${s}秒` : `${s} s`;
  if (s < 3600) return zh ? `${Math.floor(s / 60)}分${pad(s % 60)}秒` : `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86_400) return zh ? `${Math.floor(s / 3600)}小时${pad(Math.floor((s % 3600) / 60))}分` : `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return zh ? `${Math.floor(s / 86_400)}天${Math.floor((s % 86_400) / 3600)}小时` : `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}
