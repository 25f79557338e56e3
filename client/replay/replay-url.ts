/**
 * The replay named in the page's URL, so a review can be bookmarked or put on a wall:
 * `?replay=<from>..<to>&speed=<x>`, times as epoch ms or ISO 8601.
 */
import { MAX_SPEED, MIN_SPEED } from './replay-player.ts';

export interface ReplayInUrl { from: number; to: number; speed: number }

const readTime = (s: string) => (/^\d+$/.test(s) ? Number(s) : Date.parse(s));

export function replayInUrl(search = window.location.search): ReplayInUrl | null {
  const p = new URLSearchParams(search);
  const range = p.get('replay');
  if (!range) return null;
  const [a, b] = range.split('..');
  const from = readTime(a ?? '');
  const to = readTime(b ?? '');
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(from < to)) return null;
  const speed = Number(p.get('speed') ?? '60');
  return { from, to, speed: Number.isFinite(speed) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) : 60 };
}

/** Names the replay in the URL (or takes it out, `null`), without a new history entry. */
export function setReplayInUrl(r: ReplayInUrl | null): void {
  const url = new URL(window.location.href);
  if (r) {
    url.searchParams.set('replay', `${new Date(r.from).toISOString()}..${new Date(r.to).toISOString()}`);
    url.searchParams.set('speed', String(r.speed));
  } else {
    url.searchParams.delete('replay');
    url.searchParams.delete('speed');
  }
  window.history.replaceState(window.history.state, '', url);
}
