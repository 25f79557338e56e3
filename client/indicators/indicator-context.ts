/** How panels reach the indicator store: a context and a hook for slices of its state. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { IndicatorState, IndicatorStore } from './indicator-store.ts';

export const IndicatorStoreContext = createContext<IndicatorStore | null>(null);

export function useIndicatorState<T>(selector: (s: IndicatorState) => T): T {
  const store = useContext(IndicatorStoreContext);
  if (!store) throw new Error('cockpit: an indicator panel was rendered outside <IndicatorStoreContext.Provider>');
  return useStore(store.api, selector);
}
