/**
 * One cockpit's live session: decides which node to watch, opens the live connection (which also
 * reads and follows the node's alert records) and starts the revision tick. The returned function
 * disposes all of it (socket, timers, requests in flight).
 */
import type { Assessment } from '../../streams/indicators/assessment.ts';
import type { Level } from '../../streams/hierarchy.ts';
import { fetchHierarchy } from '../api/api-client.ts';
import { LiveConnection } from '../live/live-connection.ts';
import type { LiveStore } from '../live/live-store.ts';
import type { IndicatorStore } from '../indicators/indicator-store.ts';
import { startRevisionTick } from '../live/revision-tick.ts';

export interface LiveSessionOptions {
  store: LiveStore;
  /** Indicator assessments of the watched node, kept current (read on every (re)connection, then live). */
  indicators?: IndicatorStore;
  /** Node id from the URL (`?node=`); default: the server's `home` for the caller (its scope, or a community with a twin or data). */
  requestedNode?: string | null;
  /** Socket.IO server URL; default: the page's origin. */
  url?: string;
  /** Publish rate of the revision tick, Hz. Default 4. */
  tickHz?: number;
  /** Wait between attempts to read the hierarchy while the server is unreachable, ms. Default 3000. */
  retryMs?: number;
  /** Told the node the session chose when the URL named none (the caller's home), to name it in the URL. */
  onHome?(nodeId: string): void;
}

export interface LiveSession {
  /** Watch another node: the old subscription and everything it held go, the new one starts. */
  go(nodeId: string): void;
  /** Closes the socket, timers and requests in flight. */
  dispose(): void;
}

export function startLiveSession(opts: LiveSessionOptions): LiveSession {
  const { store } = opts;
  const ac = new AbortController();
  const retryMs = opts.retryMs ?? 3000;
  let connection: LiveConnection | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const stopTick = startRevisionTick(store, opts.tickHz ?? 4);
  const stopIndicators = opts.indicators ? followIndicators(store, opts.indicators) : () => {};

  // The level chooses the topics (a street has no telemetry); unknown, the connection learns it.
  let hierarchy: readonly { id: string; level: Level }[] = [];
  const connect = (node: string, level?: Level) => {
    if (connection || ac.signal.aborted) return;
    connection = new LiveConnection({ store, node, level, url: opts.url, onAssessment: opts.indicators && ((a) => onAssessment(a)) });
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
      const { nodes, home } = await fetchHierarchy(ac.signal);
      store.setHierarchy(nodes);
      hierarchy = nodes;
      if (connection) return;
      const node = opts.requestedNode || home || nodes.find((n) => n.level === 'community')?.id;
      if (!node) {
        store.setConnection('refused', 'cockpit: the hierarchy has no community to show');
        return;
      }
      if (!opts.requestedNode) opts.onHome?.(node);
      connect(node, nodes.find((n) => n.id === node)?.level);
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

  return {
    go(nodeId: string) {
      if (ac.signal.aborted || connection?.node === nodeId) return;
      connection?.dispose();
      connection = undefined;
      clearTimeout(areaReload);
      areaReload = undefined;
      store.leaveNode();
      connect(nodeId, hierarchy.find((n) => n.id === nodeId)?.level);
    },
    dispose() {
      ac.abort();
      clearTimeout(retryTimer);
      clearTimeout(areaReload);
      connection?.dispose();
      connection = undefined;
      stopIndicators();
      stopTick();
    },
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
