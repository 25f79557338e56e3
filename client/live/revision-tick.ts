/**
 * The throttled tick that hands live data to React: at most `hz` times a second it publishes the
 * store's data revision (and staleness), so panels re-render a few times a second however many
 * frames arrive.
 */
import type { LiveStore } from './live-store.ts';

/** Starts the tick; returns the function that stops it. `hz` defaults to 4. */
export function startRevisionTick(store: LiveStore, hz = 4): () => void {
  const timer = setInterval(() => store.publish(), Math.max(1, Math.round(1000 / hz)));
  store.publish();
  return () => clearInterval(timer);
}
