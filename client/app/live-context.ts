/**
 * How panels reach the live store: a context for the store, a hook for slices of its slow state,
 * and `useLiveData`, which re-renders on the throttled revision tick (never per socket message)
 * and hands back the mutable data to read from during render.
 */
import { createContext, useContext, useMemo } from 'react';
import type { Lang } from '../i18n/i18n-store.ts';
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

/**
 * A node's name in `lang` by its id (the id itself when unknown), from one map per hierarchy and
 * language: panels name a row's neighbourhood on every tick, and the sites tree has thousands of nodes.
 */
export function useNodeName(lang: Lang): (id: string) => string {
  const hierarchy = useLiveState((s) => s.hierarchy);
  return useMemo(() => {
    const names = new Map(hierarchy.map((n) => [n.id, n.name[lang]]));
    return (id: string) => names.get(id) ?? id;
  }, [hierarchy, lang]);
}
