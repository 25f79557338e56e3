/**
 * How the cockpit's design meets the wall's pixels (the profile's scale mode), the pointer that
 * hides when idle, and the screen kept awake. Each returns the function that undoes it.
 */
import type { DisplayLayout, DisplayScale } from '../../streams/displays.ts';

/** Design width of each layout, rem (its height is 67.5 rem); see cockpit.css. */
const DESIGN_WIDTH_REM: Readonly<Record<Exclude<DisplayLayout, 'auto'>, number>> = { '16x9': 120, '32x9': 240, '48x9': 360 };

/** The layout 'auto' resolves to on a screen of this aspect ratio (the breakpoints of cockpit.css). */
export function layoutForAspect(width: number, height: number): Exclude<DisplayLayout, 'auto'> {
  const ratio = width / Math.max(1, height);
  return ratio >= 4.5 ? '48x9' : ratio >= 2.5 ? '32x9' : '16x9';
}

/** The root font size (1 rem) of a scale mode for a layout's design width, as CSS. */
export function rootFontSize(scale: DisplayScale, widthRem: number): string {
  switch (scale) {
    case 'fit': return `max(8px, min(calc(100vw / ${widthRem}), calc(100vh / 67.5)))`;
    case 'fill-width': return `calc(100vw / ${widthRem})`;
    case 'fill-height': return `calc(100vh / 67.5)`;
    case 'native': return '16px';
  }
}

export function applyScale(scale: DisplayScale, layout: DisplayLayout): () => void {
  const root = document.documentElement;
  const apply = () => {
    const l = layout === 'auto' ? layoutForAspect(window.innerWidth, window.innerHeight) : layout;
    root.style.fontSize = rootFontSize(scale, DESIGN_WIDTH_REM[l]);
  };
  apply();
  root.dataset.scale = scale;
  // Only 'auto' depends on the window's shape beyond what vw and vh follow by themselves.
  if (layout === 'auto') window.addEventListener('resize', apply);
  return () => {
    window.removeEventListener('resize', apply);
    root.style.fontSize = '';
    delete root.dataset.scale;
  };
}

/** Hides the pointer after `afterS` without a move; null never hides it. */
export function hideIdleCursor(afterS: number | null): () => void {
  if (afterS === null) return () => {};
  const root = document.documentElement;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const moved = () => {
    delete root.dataset.cursor;
    clearTimeout(timer);
    timer = setTimeout(() => { root.dataset.cursor = 'hidden'; }, afterS * 1000);
  };
  moved();
  window.addEventListener('pointermove', moved, { passive: true });
  return () => {
    window.removeEventListener('pointermove', moved);
    clearTimeout(timer);
    delete root.dataset.cursor;
  };
}

/** Keeps the screen from sleeping where the browser offers a wake lock (asked again after the page was hidden). */
export function keepAwake(): () => void {
  type WakeLock = { release(): Promise<void> };
  const nav = navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<WakeLock> } };
  if (!nav.wakeLock) return () => {};
  let lock: WakeLock | undefined;
  let done = false;
  const ask = () => {
    if (done || document.visibilityState !== 'visible') return;
    nav.wakeLock!.request('screen').then((l) => { if (done) void l.release(); else lock = l; }, () => { /* refused (no user gesture): the OS settings must keep it on */ });
  };
  ask();
  document.addEventListener('visibilitychange', ask);
  return () => {
    done = true;
    document.removeEventListener('visibilitychange', ask);
    void lock?.release().catch(() => {});
  };
}
