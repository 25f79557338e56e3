/**
 * The cockpit's and the twin's live connection: the one live client (live-client.ts, which keeps
 * the stream exact across cuts, gaps and server restarts) subscribed to a node's topics, writing
 * into the live store, and the node's alert records kept current by alert-sync.ts, exactly as the
 * console keeps its own.
 *
 * Only communities and neighbourhoods have telemetry rooms; a city, district or street has `alert`
 * and `summary`, which the server refuses to mix with telemetry. So the topics follow the node's
 * level: given, or, when the caller does not know it yet (a node named in the URL before the
 * hierarchy loads), learnt from the first acknowledgement of `alert` and `summary`, after which a
 * community's telemetry is subscribed as well.
 *
 * `dispose()` closes the socket, the list reads and every timer; nothing of it outlives the page.
 */
import { TELEMETRY_TOPICS, type Topic } from '../../streams/live-protocol.ts';
import type { Level } from '../../streams/hierarchy.ts';
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';
import type { Assessment } from '../../streams/indicators/assessment.ts';
import type { LiveStore } from './live-store.ts';
import { LiveClient, type LiveSocket } from './live-client.ts';
import { AlertSync } from './alert-sync.ts';
import { readNodeAlertRecords } from './node-alert-records.ts';

export type { LiveSocket } from './live-client.ts';

export interface LiveConnectionOptions {
  store: LiveStore;
  /** Hierarchy node id to watch. */
  node: string;
  /** Topics to subscribe to. Default: those the node's level has (`topicsForLevel`). */
  topics?: readonly Topic[];
  /** The node's level, when known: its topics are subscribed at once. Default: learnt from the server. */
  level?: Level;
  /** Server URL. Default: the page's origin. */
  url?: string;
  /** How long to wait for a subscribe acknowledgement before asking again, ms. Default 10,000. */
  ackTimeoutMs?: number;
  /** After the server closed the connection on purpose, wait this long before connecting again, ms. Default 3000. */
  rejoinAfterKickMs?: number;
  /** Frames kept per room while its subscription is not yet acknowledged. Default 256. */
  maxEarlyFrames?: number;
  /** How long an `alert` frame may wait for its record before the records are read again, ms. Default 3000. */
  raiseWaitMs?: number;
  /**
   * Called with every `assessment` event (an indicator assessment stored). Not sequenced: after a
   * reconnect the caller reads the indicator API again.
   */
  onAssessment?: (a: Assessment) => void;
  /** Read the node's alert records. Default: open ones and the store's window, from `url`'s `/api/alerts`. */
  loadAlerts?: (signal: AbortSignal) => Promise<{ alerts: AlertRecord[]; total: number }>;
  /** Make the socket (tests). Default: `io(url)` with automatic reconnection. */
  connect?: (url: string | undefined) => LiveSocket;
}

/** Topics every level has: a city's, district's or street's whole stream. */
export const AREA_TOPICS: readonly Topic[] = ['alert', 'summary'];

/** Whether a level has per-series telemetry (communities and neighbourhoods). */
export function hasTelemetry(level: Level): boolean {
  return level === 'community' || level === 'neighbourhood';
}

/** The topics a node of this level has. */
export function topicsForLevel(level: Level): readonly Topic[] {
  return hasTelemetry(level) ? [...TELEMETRY_TOPICS, ...AREA_TOPICS] : AREA_TOPICS;
}

export class LiveConnection {
  readonly node: string;
  /** Topics subscribed so far (a community's telemetry joins once its level is known). */
  get topics(): readonly Topic[] {
    return this.subscribed;
  }
  readonly client: LiveClient;
  private subscribed: Topic[];
  /** Present when the alert topic is watched. */
  readonly alerts: AlertSync | undefined;

  constructor(opts: LiveConnectionOptions) {
    const { store } = opts;
    this.node = opts.node;
    // Unknown level: start with what every level has; `subscribed` below adds the rest.
    const learnLevel = !opts.topics && !opts.level;
    this.subscribed = [...(opts.topics ?? (opts.level ? topicsForLevel(opts.level) : AREA_TOPICS))];
    const sync = (this.alerts = this.subscribed.includes('alert')
      ? new AlertSync({
        node: opts.node, target: store, raiseWaitMs: opts.raiseWaitMs,
        load: opts.loadAlerts ?? ((signal) => readNodeAlertRecords(opts.url ?? '', opts.node, signal, store.alertWindowMs)),
      })
      : undefined);
    const onAssessment = opts.onAssessment;
    this.client = new LiveClient({
      url: opts.url, connect: opts.connect,
      ackTimeoutMs: opts.ackTimeoutMs, rejoinAfterKickMs: opts.rejoinAfterKickMs, maxEarlyFrames: opts.maxEarlyFrames,
      handlers: {
        telemetry: (frame, snapshot) => store.applyTelemetry(frame, snapshot),
        summary: (frame) => store.applySummary(frame),
        alert: (frame) => {
          store.applyAlertEvent(frame.alert);
          sync?.alertFrame(frame);
        },
        alertUpdate: (frame) => sync?.alertUpdate(frame),
        assessment: onAssessment && ((frame) => onAssessment(frame.assessment)),
        health: (h) => store.setHealth(h),
        epoch: (_epoch, changed) => { if (changed) store.resetData(); },
        subscribed: (node, rooms) => {
          store.setNode(node, this.client.epoch!);
          sync?.subscribed(rooms);
          const more = learnLevel ? topicsForLevel(node.level).filter((t) => !this.subscribed.includes(t)) : [];
          if (more.length) {
            this.subscribed.push(...more);
            void this.client.subscribe(this.node, more);
          }
        },
        connection: (phase, detail) => store.setConnection(phase, detail),
      },
    });
    void this.client.subscribe(this.node, this.subscribed);
  }

  /** Duplicates dropped, gaps detected and rooms subscribed again, for diagnostics and tests. */
  get stats(): LiveClient['stats'] {
    return this.client.stats;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  dispose(): void {
    this.alerts?.dispose();
    this.client.dispose();
  }
}
