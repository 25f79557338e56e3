/**
 * The data-judged items of one community (`GET /api/indicators/auto`), read on a slow poll while
 * the evidence view is open, and what the twin should draw of them: the walking routes of 12.1
 * and 12.2, shown or hidden, with one item highlighted. The evidence view writes it; the twin's
 * controller reads it on its frame. The poll is owned by whoever called `follow` and ends with
 * the function it returns.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { getJson } from '../api/api-client.ts';
import { walkRoutes, type AutoAnswer, type AutoItem, type RouteItem, type WalkRoute } from './auto-evidence.ts';

export interface EvidenceState {
  /** Community whose items are held. */
  community: string | undefined;
  items: readonly AutoItem[] | undefined;
  /** When the server computed them, epoch ms. */
  computedAt: number | undefined;
  /** Why the last read failed (a community without a twin answers 404), for the view to say. */
  error: string | undefined;
  /** The entrances' routes of 12.1 and 12.2 (a new array only when the items change). */
  routes: readonly WalkRoute[];
  /** Routes drawn on the twin. Default false. */
  showRoutes: boolean;
  /** The item whose routes stand out; null: both alike. */
  highlight: RouteItem | null;
}

/** How often the items are re-read while followed, ms (they change with the data, slowly). */
export const EVIDENCE_POLL_MS = 60_000;

export class EvidenceStore {
  readonly api: StoreApi<EvidenceState>;

  constructor() {
    this.api = createStore<EvidenceState>()(() => ({
      community: undefined, items: undefined, computedAt: undefined, error: undefined, routes: [], showRoutes: false, highlight: null,
    }));
  }

  /** Reads the community's items now and every `pollMs`; the returned function stops it and hides the routes. */
  follow(community: string, pollMs = EVIDENCE_POLL_MS): () => void {
    if (this.api.getState().community !== community) {
      this.api.setState({ community, items: undefined, computedAt: undefined, error: undefined, routes: [], highlight: null });
    }
    let ac: AbortController | undefined;
    const read = async () => {
      ac?.abort();
      const mine = (ac = new AbortController());
      try {
        const r = await getJson<AutoAnswer>(`/api/indicators/auto?community=${encodeURIComponent(community)}`, mine.signal);
        if (mine.signal.aborted) return;
        this.api.setState({ community, items: r.items, computedAt: Date.parse(r.computedAt), error: undefined, routes: walkRoutes(r.items) });
      } catch (e) {
        if (mine.signal.aborted) return;
        const err = e as Error & { serverMessage?: string };
        this.api.setState({ error: err.serverMessage ?? err.message });
      }
    };
    void read();
    const timer = setInterval(() => void read(), pollMs);
    return () => {
      clearInterval(timer);
      ac?.abort();
      // The toggle lives in the view: with the view gone nobody could turn the routes off.
      this.api.setState({ showRoutes: false, highlight: null });
    };
  }

  setShowRoutes(on: boolean): void {
    this.api.setState({ showRoutes: on });
  }

  /** Makes an item's routes stand out (and shows the routes); null for none. */
  setHighlight(item: RouteItem | null): void {
    this.api.setState(item ? { highlight: item, showRoutes: true } : { highlight: null });
  }
}
