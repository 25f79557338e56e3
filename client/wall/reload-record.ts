/**
 * How often this tab reloaded itself and why, kept in sessionStorage (it survives a reload, not a
 * closed browser): reported in heartbeats, and used to slow down a page that keeps failing.
 */
import type { ReloadReason } from '../../streams/displays.ts';

const KEY = 'wall.reloads';
/** Reload times kept for the back-off, at most. */
const KEPT_TIMES = 10;

export interface ReloadRecord {
  count: number;
  lastReason: ReloadReason | null;
  /** Epoch ms of the latest reloads, oldest first. */
  times: number[];
}

export function reloadRecord(): ReloadRecord {
  try {
    const r = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as ReloadRecord | null;
    if (r && typeof r.count === 'number' && Array.isArray(r.times)) return r;
  } catch {
    // Storage off or damaged: count from zero.
  }
  return { count: 0, lastReason: null, times: [] };
}

/** Records a reload about to happen; returns the record. */
export function recordReload(reason: ReloadReason, at = Date.now()): ReloadRecord {
  const r = reloadRecord();
  const next = { count: r.count + 1, lastReason: reason, times: [...r.times, at].slice(-KEPT_TIMES) };
  try { sessionStorage.setItem(KEY, JSON.stringify(next)); } catch { /* see reloadRecord */ }
  return next;
}

/**
 * Wait before reloading, ms: none for the first reload in 10 minutes, then 5 s, 10 s, 20 s … up to
 * 5 min, so a page that fails at once after every load does not hammer the server.
 */
export function reloadDelayMs(times: readonly number[], at = Date.now()): number {
  const recent = times.filter((t) => at - t < 10 * 60_000).length;
  return recent <= 1 ? 0 : Math.min(300_000, 5000 * 2 ** (recent - 2));
}
