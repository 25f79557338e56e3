/**
 * Which node the cockpit watches, kept in the URL (`?node=<id>`) so a view can be bookmarked and
 * put on a wall. A drill pushes a history entry, so the browser's back and forward move between
 * levels; the first node the server chose (no `?node=` given) replaces the entry instead.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface NavigationState {
  /** The node asked for; null until the URL names one or the session picks the caller's home. */
  node: string | null;
}

function nodeInUrl(): string | null {
  if (typeof window === 'undefined') return null;
  return new URLSearchParams(window.location.search).get('node') || null;
}

export const navigationStore = createStore<NavigationState>()(() => ({ node: nodeInUrl() }));

/** Watch another node: a new history entry (`replace`: the current one), then the store moves. */
export function navigateTo(nodeId: string, { replace = false }: { replace?: boolean } = {}): void {
  if (navigationStore.getState().node === nodeId) return;
  const url = new URL(window.location.href);
  url.searchParams.set('node', nodeId);
  if (replace) window.history.replaceState({ node: nodeId }, '', url);
  else window.history.pushState({ node: nodeId }, '', url);
  navigationStore.setState({ node: nodeId });
}

/** Follows the browser's back and forward buttons until the returned function is called. */
export function followBrowserHistory(): () => void {
  const onPop = () => navigationStore.setState({ node: nodeInUrl() });
  window.addEventListener('popstate', onPop);
  return () => window.removeEventListener('popstate', onPop);
}

/** The node asked for; re-renders the caller when it changes. */
export function useRequestedNode(): string | null {
  return useStore(navigationStore, (s) => s.node);
}
