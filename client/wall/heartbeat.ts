/**
 * The wall's heartbeat: every 30 s it tells the server its version, screen size, heap and
 * reloads (`POST /api/displays/:id/heartbeat`), and measures its clock against the server's from
 * the answer. `beforeReload` sends the reason the watchdog tripped, with `keepalive` so it leaves
 * even as the page goes. Owns one timer.
 */
import type { DisplayHeartbeat, ReloadReason } from '../../streams/displays.ts';
import { csrfHeaders } from '../auth/csrf-token.ts';
import { APP_VERSION } from '../app/app-version.ts';
import { wallState } from './wall-state.ts';
import { reloadRecord } from './reload-record.ts';

/** Heartbeat period, ms. */
export const HEARTBEAT_MS = 30_000;

/** Server clock minus this one, ms, from one round trip (the server's time taken as half-way). */
export function clockOffset(sentAt: number, serverTime: number, answeredAt: number): number {
  return serverTime - (sentAt + answeredAt) / 2;
}

/** JS heap in use, MB, where the browser reports it (Chromium's `performance.memory`). */
export function heapMb(): number | null {
  const m = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return m ? Math.round((m.usedJSHeapSize / 2 ** 20) * 10) / 10 : null;
}

function report(extra: Partial<DisplayHeartbeat> = {}): DisplayHeartbeat {
  const r = reloadRecord();
  return {
    version: APP_VERSION,
    width: Math.round(window.screen.width * window.devicePixelRatio) || 1,
    height: Math.round(window.screen.height * window.devicePixelRatio) || 1,
    heapMb: heapMb(),
    reloads: r.count,
    reloadReason: r.lastReason,
    ...extra,
  };
}

export interface Heartbeat {
  /** Sends the reason before a reload; resolves when sent (or after `timeoutMs`). */
  beforeReload(reason: ReloadReason, detail: string, timeoutMs?: number): Promise<void>;
  dispose(): void;
}

export function startHeartbeat(displayId: string, everyMs = HEARTBEAT_MS): Heartbeat {
  const path = `/api/displays/${encodeURIComponent(displayId)}/heartbeat`;
  const post = (body: DisplayHeartbeat, signal?: AbortSignal) => fetch(path, {
    method: 'POST', credentials: 'same-origin', keepalive: true, signal,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders() }, body: JSON.stringify(body),
  });
  const beat = async () => {
    const sentAt = Date.now();
    try {
      const res = await post(report());
      if (!res.ok) { console.warn(`wall: heartbeat answered ${res.status}`); return; }
      const { serverTime } = await res.json() as { serverTime: number };
      wallState.setState({ clockOffsetMs: clockOffset(sentAt, serverTime, Date.now()) });
    } catch (e) {
      // The server is away: the status line says so from the live connection; the next beat retries.
      console.warn(`wall: heartbeat not sent: ${(e as Error).message}`);
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), everyMs);
  return {
    async beforeReload(reason, detail, timeoutMs = 3000) {
      const ac = new AbortController();
      const give = setTimeout(() => ac.abort(), timeoutMs);
      try {
        await post(report({ reloadReason: reason, reloadDetail: detail.slice(0, 500), reloading: true }), ac.signal);
      } catch {
        // Unreachable: reload anyway; the next page's beats repeat the reason.
      } finally {
        clearTimeout(give);
      }
    },
    dispose: () => clearInterval(timer),
  };
}
