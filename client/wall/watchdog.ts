/**
 * The wall page's own health check. It trips on a lost WebGL context (any canvas: the twin, the
 * city map), no animation frame for `noFrameS` while the page is visible, a JS heap in use past
 * `heapLimitMb` (where the browser reports it), or an unhandled error or rejection; then it
 * reports the reason (`report`, the heartbeat) and reloads the page. A main thread blocked for good
 * cannot run this at all: the admin page shows that wall's heartbeat going stale instead.
 * Owns its listeners and timers; `dispose` removes them.
 */
import type { ReloadReason } from '../../streams/displays.ts';
import { heapMb } from './heartbeat.ts';
import { recordReload, reloadDelayMs } from './reload-record.ts';

export interface WatchdogOptions {
  /** Trip after this long without an animation frame, s. */
  noFrameS: number;
  /** Trip past this JS heap in use, MB. */
  heapLimitMb: number;
  /** Tells the server why; the reload waits for it (it should give up by itself after a few seconds). */
  report(reason: ReloadReason, detail: string): Promise<void>;
  /** Told as soon as it trips (the status line says so). */
  onTrip?(reason: ReloadReason, detail: string): void;
  /** Reloads the page. Default `location.reload()`. */
  reload?(): void;
}

/** Errors browsers raise that are harmless (they mean a resize took two layout passes). */
const BENIGN = /ResizeObserver loop/;

export function startWatchdog(opts: WatchdogOptions): { dispose(): void } {
  let tripped = false;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const trip = (reason: ReloadReason, detail: string) => {
    if (tripped) return;
    tripped = true;
    console.error(`wall: health check failed (${reason}): ${detail}; reloading`);
    opts.onTrip?.(reason, detail);
    const record = recordReload(reason);
    const delay = reloadDelayMs(record.times);
    void opts.report(reason, detail).finally(() => {
      timers.push(setTimeout(() => (opts.reload ?? (() => window.location.reload()))(), delay));
    });
  };

  const onContextLost = (e: Event) => {
    const el = e.target as Element | null;
    trip('webgl-context-lost', `webglcontextlost on ${el?.closest?.('[data-testid]')?.getAttribute('data-testid') ?? el?.tagName?.toLowerCase() ?? 'a canvas'}`);
  };
  const onError = (e: ErrorEvent) => {
    const text = e.error instanceof Error ? `${e.error.name}: ${e.error.message}` : e.message;
    if (BENIGN.test(text)) return;
    trip('error', `${text}${e.filename ? ` (${e.filename.split('/').pop()}:${e.lineno})` : ''}`);
  };
  const onRejection = (e: PromiseRejectionEvent) => {
    const r = e.reason as unknown;
    // A request given up on purpose (a view left, a component gone) is not a fault.
    if (r instanceof DOMException && r.name === 'AbortError') return;
    trip('rejection', r instanceof Error ? `${r.name}: ${r.message}` : String(r));
  };
  // webglcontextlost does not bubble: listen in the capture phase to hear every canvas.
  window.addEventListener('webglcontextlost', onContextLost, true);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);

  // One frame asked for at a time: a page that draws nothing is not made to draw every frame.
  let askedAt: number | null = null;
  let frame = 0;
  const checkEveryMs = Math.min(5000, (opts.noFrameS * 1000) / 4);
  const check = () => {
    if (document.visibilityState !== 'visible') { askedAt = null; return; }
    const now = performance.now();
    if (askedAt === null) {
      askedAt = now;
      frame = requestAnimationFrame(() => { askedAt = null; });
    } else if (now - askedAt > opts.noFrameS * 1000) {
      trip('no-frame', `no animation frame for ${Math.round((now - askedAt) / 1000)} s`);
    }
    const heap = heapMb();
    if (heap !== null && heap > opts.heapLimitMb) trip('heap', `JS heap ${heap} MB in use, over the limit of ${opts.heapLimitMb} MB`);
  };
  const interval = setInterval(check, checkEveryMs);

  return {
    dispose() {
      window.removeEventListener('webglcontextlost', onContextLost, true);
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      clearInterval(interval);
      cancelAnimationFrame(frame);
      for (const t of timers) clearTimeout(t);
    },
  };
}
