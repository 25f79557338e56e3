/**
 * How panels reach the live store: a context for the store, a hook for slices of its slow state,
 * and `useLiveData`, which re-renders on the throttled revision tick (never per socket message)
 * and hands back the mutable data to read from during render.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LiveData, LiveState, LiveStore } from '../live/live-store.ts';
import { hasTelemetry } from '../live/live-connection.ts';

export const LiveStoreContext = createContext<LiveStore | null>(null);

export function useLiveStore(): LiveStore {
  const store = useContext(LiveStoreContext);
  if (!store) throw new Error('cockpit: a panel was rendered outside <LiveStoreContext.Provider>');
  return store;
}

/** A slice of the slow-changing live state (connection, health, node …). */
export function useLiveState<T>(selector: (s: LiveState) => T): T {
  return useStore(useLiveStore().api, selector);
}

/** The live data, re-rendering the caller when the tick publishes a new revision. */
export function useLiveData(): LiveData {
  const store = useLiveStore();
  useStore(store.api, (s) => s.rev);
  return store.data;
}

/**
 * Whether the watched node is a city, district or street: it has its children's totals and alerts
 * but no per-series telemetry, so panels drawn from devices say to choose a community. False until
 * the node is known.
 */
export function useAboveCommunity(): boolean {
  return useLiveState((s) => s.node !== undefined && !hasTelemetry(s.node.level));
}
