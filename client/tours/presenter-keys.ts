/**
 * The keys a presenter (or a presentation clicker, which sends PageDown and PageUp) drives a tour
 * with: → / PageDown next, ← / PageUp back, Space pause and resume, Home / End first and last
 * step, Esc ends the tour. Keys typed into a field are left alone.
 */
import type { TourPlayer } from './tour-player.ts';

export const PRESENTER_KEYS: Readonly<Record<string, (p: TourPlayer) => void>> = {
  ArrowRight: (p) => p.next(),
  PageDown: (p) => p.next(),
  ArrowLeft: (p) => p.prev(),
  PageUp: (p) => p.prev(),
  ' ': (p) => p.togglePause(),
  Home: (p) => p.go(0),
  End: (p) => p.go(p.tour.steps.length - 1),
  Escape: (p) => p.end(),
};

/** Listens on the window until the returned function is called. */
export function listenForPresenterKeys(player: TourPlayer): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
    const act = PRESENTER_KEYS[e.key];
    if (!act) return;
    e.preventDefault();
    act(player);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}

export function isTyping(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}
