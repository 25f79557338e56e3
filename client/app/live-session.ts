/**
 * One cockpit's live session: decides which node to watch, opens the live connection, starts the
 * revision tick and fills the alert list with what happened before the page opened. The returned
 * function disposes all of it (socket, timers, requests in flight).
 */
import type { AlertEvent } from '../../streams/alerts.ts';
import type { Assessment } from '../../streams/indicators/assessment.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { ApiError, fetchHierarchy, getJson, nodeFilter, type ApiLatest } from '../api/api-client.ts';
import { LiveConnection } from '../live/live-connection.ts';
import type { LiveStore } from '../live/live-store.ts';
import type { IndicatorStore } from '../indicators/indicator-store.ts';
import { startRevisionTick } from '../live/revision-tick.ts';

export interface LiveSessionOptions {
  store: LiveStore;
  /** Indicator assessments of the watched node, kept current (read on every (re)connection, then live). */
  indicators?: IndicatorStore;
  /** Node id from the URL (`?node=`); default: the first community of the hierarchy. */
  requestedNode?: string | null;
  /** Socket.IO server URL; default: the page's origin. */
  url?: string;
  /** Publish rate of the revision tick, Hz. Default 4. */
  tickHz?: number;
  /** Wait between attempts to read the hierarchy while the server is unreachable, ms. Default 3000. */
  retryMs?: number;
}

export function startLiveSession(opts: LiveSessionOptions): () => void {
  const { store } = opts;
  const ac = new AbortController();
  const retryMs = opts.retryMs ?? 3000;
  let connection: LiveConnection | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const stopTick = startRevisionTick(store, opts.tickHz ?? 4);
  const stopIndicators = opts.indicators ? followIndicators(store, opts.indicators) : () => {};

  const connect = (node: string) => {
    if (connection || ac.signal.aborted) return;
    connection = new LiveConnection({ store, node, url: opts.url, onAssessment: opts.indicators && ((a) => onAssessment(a)) });
  };
  let areaReload: ReturnType<typeof setTimeout> | undefined;
  const onAssessment = (a: Assessment) => {
    const ind = opts.indicators!;
    if (ind.applyAssessment(a)) return;
    // Above the community level the figures are the server's roll-up: read it again, once per burst.
    const node = store.api.getState().node;
    if (!node || ind.api.getState().community !== undefined || areaReload) return;
    areaReload = setTimeout(() => {
      areaReload = undefined;
      void ind.load(node.id, node.level);
    }, 1000);
  };

  const loadHierarchy = async (): Promise<void> => {
    try {
      const nodes = await fetchHierarchy(ac.signal);
      store.setHierarchy(nodes);
      const node = opts.requestedNode || nodes.find((n) => n.level === 'community')?.id;
      if (!node) {
        store.setConnection('refused', 'cockpit: the hierarchy has no community to show');
        return;
      }
      connect(node);
      const chosen = nodes.find((n) => n.id === node);
      if (chosen) void seedAlerts(store, chosen, ac.signal);
    } catch (e) {
      if (ac.signal.aborted) return;
      // Without a node from the URL, nothing can start until the hierarchy loads: say why.
      if (!connection) store.setConnection('connecting', (e as Error).message);
      else console.warn(`cockpit: hierarchy not loaded, retrying: ${(e as Error).message}`);
      retryTimer = setTimeout(() => void loadHierarchy(), retryMs);
    }
  };

  // A node named in the URL needs no hierarchy to start streaming; names follow when it loads.
  if (opts.requestedNode) connect(opts.requestedNode);
  void loadHierarchy();

  return () => {
    ac.abort();
    clearTimeout(retryTimer);
    clearTimeout(areaReload);
    connection?.dispose();
    connection = undefined;
    stopIndicators();
    stopTick();
  };
}

/**
 * Reads the indicator figures of the subscribed node each time the subscription is (re)established:
 * assessment events are not replayed after a cut, so what changed meanwhile comes from the API.
 */
function followIndicators(store: LiveStore, indicators: IndicatorStore): () => void {
  const unsubscribe = store.api.subscribe((s, prev) => {
    const connectedNow = s.connection.phase === 'connected' && (prev.connection.phase !== 'connected' || s.node?.id !== prev.node?.id);
    if (connectedNow && s.node) void indicators.load(s.node.id, s.node.level);
  });
  return () => {
    unsubscribe();
    indicators.dispose();
  };
}

/**
 * The alert list starts with the latest alert of each device under the node (from /api/latest),
 * so a wall that restarts does not show an empty list. Live alerts follow over the socket.
 * Levels above the community have no per-series filter in the API yet, so they start empty.
 */
async function seedAlerts(store: LiveStore, node: HierarchyNode, signal: AbortSignal): Promise<void> {
  if (node.level !== 'community' && node.level !== 'neighbourhood') return;
  let series: ApiLatest[];
  try {
    series = (await getJson<{ series: ApiLatest[] }>(`/api/latest?measurement=alert&${nodeFilter(node)}`, signal)).series;
  } catch (e) {
    // 404: no alert was ever recorded here. Anything else: the list simply starts empty.
    if (!(e instanceof ApiError && e.status === 404) && !signal.aborted) console.warn(`cockpit: earlier alerts not loaded: ${(e as Error).message}`);
    return;
  }
  const byDevice = new Map<string, AlertEvent>();
  for (const s of series) {
    if (s.t === null) continue;
    const key = `${s.tags.neighbourhood}\n${s.tags.device}\n${s.tags.type}\n${s.tags.severity}`;
    let a = byDevice.get(key);
    if (!a) {
      a = {
        community: s.tags.community ?? '', neighbourhood: s.tags.neighbourhood ?? '', type: s.tags.type ?? 'unknown',
        severity: s.tags.severity ?? 'warning', device: s.tags.device ?? '', location: '', message: '', time: s.t,
      };
      byDevice.set(key, a);
    }
    if (s.field === 'location') a.location = String(s.v ?? '');
    else if (s.field === 'message') a.message = String(s.v ?? '');
    a.time = Math.max(a.time, s.t);
  }
  store.addAlerts([...byDevice.values()]);
}
