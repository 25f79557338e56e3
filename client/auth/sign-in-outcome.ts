/**
 * What a failed sign-in means to the person at the form: a wrong name or password (401), a locked
 * account until a time (423 `lockedUntil`, epoch ms), too many attempts for some seconds (429
 * `retryAfterS`), or something else in the server's words.
 */
import { ApiError } from '../api/api-client.ts';

export type SignInFailure =
  /** Nothing typed: not sent. */
  | { kind: 'incomplete' }
  | { kind: 'wrong' }
  | { kind: 'locked'; lockedUntil: number | null }
  | { kind: 'throttled'; retryUntil: number }
  | { kind: 'unreachable'; message: string }
  | { kind: 'other'; message: string };

export function signInFailure(e: unknown, now: number): SignInFailure {
  if (!(e instanceof ApiError)) return { kind: 'other', message: (e as Error)?.message ?? String(e) };
  if (e.status === 0) return { kind: 'unreachable', message: e.serverMessage };
  if (e.status === 401) return { kind: 'wrong' };
  if (e.status === 423) {
    const until = Number(e.body.lockedUntil);
    return { kind: 'locked', lockedUntil: Number.isFinite(until) && until > 0 ? until : null };
  }
  if (e.status === 429) {
    const s = Number(e.body.retryAfterS);
    return { kind: 'throttled', retryUntil: now + (Number.isFinite(s) && s > 0 ? Math.ceil(s) : 1) * 1000 };
  }
  return { kind: 'other', message: e.serverMessage };
}

/** Whole seconds left of a throttle, 0 when over. */
export function secondsLeft(retryUntil: number, now: number): number {
  return Math.max(0, Math.ceil((retryUntil - now) / 1000));
}
