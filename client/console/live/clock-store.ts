/**
 * The console's one clock: `now` (epoch ms) published once a second, read by every SLA clock on
 * screen. One owned interval, stopped by the function `startClock` returns.
 */
import { createStore } from 'zustand/vanilla';

export const clockStore = createStore<{ now: number }>()(() => ({ now: Date.now() }));

/** Start the 1 s tick; returns the function that stops it. */
export function startClock(everyMs = 1000): () => void {
  clockStore.setState({ now: Date.now() });
  const timer = setInterval(() => clockStore.setState({ now: Date.now() }), everyMs);
  return () => clearInterval(timer);
}
