/**
 * The indicator system as the cockpit sees it: the catalogue (shared data from streams/), the
 * current assessment of every item of the watched community, and its progress computed with the
 * same rules as the server (streams/indicators/progress.ts). Above the community level it holds
 * the area's roll-up from `/api/indicators/progress` instead.
 *
 * Live: an `assessment` socket event replaces one item's assessment when its revision is newer.
 * The event is not replayed after a reconnect, so the cockpit reads the API again then (`load`).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Assessment } from '../../streams/indicators/assessment.ts';
import { communityProgress, type AreaProgress, type CommunityProgress } from '../../streams/indicators/progress.ts';
import { getJson } from '../api/api-client.ts';
import { EvidenceStore } from './evidence-store.ts';

export interface IndicatorState {
  /** Node whose figures are held (the watched node). */
  node: string | undefined;
  /** The community of `node` (itself, or a neighbourhood's parent); undefined above the community level. */
  community: string | undefined;
  /** The signed-in caller may change this community's assessments (the server's answer; false above the community). */
  canAssess: boolean;
  /** Current assessment per item id (community level only). */
  assessments: ReadonlyMap<string, Assessment>;
  /** Community progress (community level) … */
  progress: CommunityProgress | undefined;
  /** … or the area's roll-up (street, district, city). */
  area: AreaProgress | undefined;
  /** Why the last read failed, for the panels to say. */
  error: string | undefined;
  /** Advances on every change (a changed item, a reload). */
  version: number;
}

export class IndicatorStore {
  readonly api: StoreApi<IndicatorState>;
  /** The items judged from data and the routes the twin draws of them. */
  readonly evidence = new EvidenceStore();
  private ac: AbortController | undefined;

  constructor() {
    this.api = createStore<IndicatorState>()(() => ({
      node: undefined, community: undefined, canAssess: false, assessments: new Map(), progress: undefined, area: undefined, error: undefined, version: 0,
    }));
  }

  /** Read the node's assessments (community, neighbourhood) or its area progress (above). */
  async load(node: string, level: string): Promise<void> {
    this.ac?.abort();
    const ac = (this.ac = new AbortController());
    try {
      if (level === 'community' || level === 'neighbourhood') {
        const r = await getJson<{ community: string; canAssess?: boolean; assessments: Assessment[] }>(`/api/indicators/assessments?node=${encodeURIComponent(node)}`, ac.signal);
        if (ac.signal.aborted) return;
        this.setAssessments(node, r.community, r.assessments, r.canAssess === true);
      } else {
        const r = await getJson<{ area: AreaProgress }>(`/api/indicators/progress?node=${encodeURIComponent(node)}`, ac.signal);
        if (ac.signal.aborted) return;
        this.api.setState((s) => ({ node, community: undefined, canAssess: false, assessments: new Map(), progress: undefined, area: r.area, error: undefined, version: s.version + 1 }));
      }
    } catch (e) {
      if (ac.signal.aborted) return;
      this.api.setState((s) => ({ error: (e as Error).message, version: s.version + 1 }));
    }
  }

  /** Replace every assessment of the community (a fresh read). */
  setAssessments(node: string, community: string, list: readonly Assessment[], canAssess = false): void {
    const map = new Map<string, Assessment>();
    for (const a of list) if (a.community === community) map.set(a.item, a);
    this.api.setState((s) => ({
      node, community, canAssess, assessments: map, progress: progressOf(community, map), area: undefined, error: undefined, version: s.version + 1,
    }));
  }

  /**
   * Take one live change. Returns true when it changed what is shown: it belongs to the watched
   * community and is newer than the revision held. An area's roll-up is re-read instead (a
   * status change elsewhere moves its figures), by the caller.
   */
  applyAssessment(a: Assessment): boolean {
    const s = this.api.getState();
    if (s.community === undefined || a.community !== s.community) return false;
    const held = s.assessments.get(a.item);
    if (held && held.revision >= a.revision) return false;
    const map = new Map(s.assessments);
    map.set(a.item, a);
    this.api.setState({ assessments: map, progress: progressOf(a.community, map), version: s.version + 1 });
    return true;
  }

  dispose(): void {
    this.ac?.abort();
  }
}

function progressOf(community: string, map: ReadonlyMap<string, Assessment>): CommunityProgress {
  const statuses = new Map<string, Assessment['status']>();
  for (const [id, a] of map) statuses.set(id, a.status);
  return communityProgress(community, statuses);
}
